// The desktop's questions from ssh, with a mocked `electron` (Electron cannot run here)
// and the real askpass program and server: a host key ssh has not seen is shown in a
// message box over the window with the fingerprint as ssh printed it, and ssh gets "yes"
// only when the user clicked to trust it. A password cannot be asked here and gets no.
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { startAskpassServer, type AskpassServer } from '../../electron/remote/askpass-server';

const m = vi.hoisted(() => ({
  dialog: { showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false })) },
}));
vi.mock('electron', () => ({ ...m, default: m }));

const FINGERPRINT = 'SHA256:v0JDOV8q9q8Cb0R34wCxTsj72FKHdot71omQaaZCoWM';
const PROMPT =
  "The authenticity of host 'login.cluster.org (192.0.2.7)' can't be established.\n" +
  `ED25519 key fingerprint is ${FINGERPRINT}.\n` +
  'This key is not known by any other names.\n' +
  'Are you sure you want to continue connecting (yes/no/[fingerprint])? ';

const servers: AskpassServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  m.dialog.showMessageBox.mockClear();
});
beforeAll(() => {
  execFileSync(process.execPath, [path.resolve(__dirname, '../../scripts/build.mjs'), 'cli']);
});

async function desktopAskpass(win: unknown) {
  const { dialog } = await import('electron');
  const { askWithDialogs } = await import('../../electron/main/ssh-prompts');
  const server = await startAskpassServer(askWithDialogs(dialog, () => win as never));
  servers.push(server);
  /** What ssh would do: run $SSH_ASKPASS with the prompt and read its answer (not blocking: the server is in this process). */
  const sshAsks = (prompt: string) =>
    new Promise<{ status: number; answer: string }>((resolve) => {
      execFile(server.env.SSH_ASKPASS!, [prompt], { env: { ...process.env, ...server.env } }, (err, stdout) =>
        resolve({ status: err ? Number(err.code) : 0, answer: stdout }),
      );
    });
  return sshAsks;
}

describe('ssh questions in the desktop', () => {
  const win = { isDestroyed: () => false };

  test('a new host key: a message box over the window with the fingerprint; "Trust and connect" gives ssh yes', async () => {
    m.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    const sshAsks = await desktopAskpass(win);
    expect(await sshAsks(PROMPT)).toEqual({ status: 0, answer: 'yes\n' });
    expect(m.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    const [parent, options] = m.dialog.showMessageBox.mock.calls[0]! as [unknown, Record<string, any>];
    expect(parent).toBe(win);
    expect(options).toMatchObject({
      message: 'Trust login.cluster.org and connect?',
      buttons: ['Cancel', 'Trust and connect'],
      defaultId: 0,
      cancelId: 0,
    });
    expect(options.detail).toContain(`ED25519 key fingerprint is ${FINGERPRINT}.`);
  });

  test('Cancel (or Escape) gives ssh no, and a password prompt is not answered at all', async () => {
    m.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    const sshAsks = await desktopAskpass(win);
    expect(await sshAsks(PROMPT)).toEqual({ status: 1, answer: '' });
    expect(await sshAsks("alice@login.cluster.org's password: ")).toEqual({ status: 1, answer: '' });
    expect(m.dialog.showMessageBox).toHaveBeenCalledTimes(1);
  });

  test('with no window open the box is shown on its own', async () => {
    m.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    const sshAsks = await desktopAskpass(null);
    expect((await sshAsks(PROMPT)).answer).toBe('yes\n');
    expect(m.dialog.showMessageBox.mock.calls[0]![0]).toMatchObject({
      message: 'Trust login.cluster.org and connect?',
    });
  });
});
