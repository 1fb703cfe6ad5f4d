// A remote folder that takes its time to connect, with a real OpenSSH client: one that
// waits for a passphrase nobody types yet (a real sshd on loopback, a locked key) and one
// whose host takes the connection but never answers. Meanwhile a local folder opens and
// closes as usual; closing the remote one while it connects stops it, withdraws its
// question, and returns only once no ssh (and no askpass) of it is left running.
// Skips, saying why, without sshd.
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { expect, test } from 'vitest';
import type { Backend } from '../../electron/api/backend';
import { sampleRuns } from '../helpers/dirs';
import { until } from '../helpers/poll';
import { NO_USER_ANSWERS, questionBackends } from '../helpers/question-backend';
import { lockedKeySsh } from '../helpers/sshd';
import { useSshd } from '../helpers/use-sshd';

const { sshd, describeSsh } = await useSshd('remote connecting tests', {
  env: { ...NO_USER_ANSWERS, RUNYARD_CACHE_DIR: 'off' },
});
const questionBackend = questionBackends('websocket');

/** Processes whose command line holds `marker`: the ssh and askpass a test started. */
function running(marker: string): string[] {
  const out = execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(marker) && !l.startsWith('ps '));
}

async function withBackend(sshCommand: string) {
  const { backend: b, askpass, watch } = await questionBackend(sshCommand);
  return { b, seen: watch(), askpass };
}

/** Opening and closing a local folder answers in good time while the remote one still connects. */
async function localStillWorks(b: Backend) {
  const local = sampleRuns();
  const t0 = Date.now();
  const snap = await b.openDir(local);
  expect(snap.runs.length).toBeGreaterThan(0);
  expect(b.listDirs().find((f) => f.dir === local)).toMatchObject({ state: 'live' });
  await b.closeDir(local);
  expect(Date.now() - t0).toBeLessThan(5000);
  expect(b.listDirs().map((f) => f.state)).toEqual(['connecting']);
}

describeSsh('a remote folder still connecting', () => {
  test('waiting for a passphrase: a local folder opens and closes meanwhile; closing it stops ssh and askpass and withdraws the question', async () => {
    const ssh = lockedKeySsh(sshd!, 'never typed');
    const keyFile = /-i (\S+)/.exec(ssh)![1]!;
    const { b, seen, askpass } = await withBackend(ssh);
    const remote = `ssh://127.0.0.1:${sshd!.port}${sampleRuns()}`;
    const opening = b.openDir(remote);
    opening.catch(() => undefined);
    await until('the passphrase question', () => (seen.questions.at(-1) ?? []).length === 1, 20_000);
    expect(running(keyFile).length).toBeGreaterThan(0);
    expect(running(askpass!.dir).length).toBeGreaterThan(0);

    await localStillWorks(b);
    // A request naming it says why it cannot answer yet.
    const session = b.openSession(() => undefined);
    expect(await b.request(session, 'runs.snapshot', { dir: remote })).toEqual({
      ok: false,
      error: { code: 'refused', message: `${remote} is still connecting; its runs can be read once it is connected` },
    });

    await b.closeDir(remote);
    // On return nothing of that connection runs any more, and no window still shows its question.
    expect(running(keyFile)).toEqual([]);
    await until('the askpass gone with its ssh', () => running(askpass!.dir).length === 0, 3000);
    expect(seen.questions.at(-1)).toEqual([]);
    expect(b.listDirs()).toEqual([]);
    expect(seen.lists.at(-1)).toEqual([]);
    await expect(opening).rejects.toThrow(`stopped connecting to ${remote}`);
  }, 60_000);

  test('a host that takes the connection and never answers: the same, and it can be opened again after', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const { b } = await withBackend(sshd!.env.RUNYARD_SSH_COMMAND!);
      const remote = `ssh://127.0.0.1:${port}/runs`;
      const opening = b.openDir(remote);
      opening.catch(() => undefined);
      await until('ssh started', () => running(`-p ${port}`).length > 0, 10_000);
      expect(b.listDirs()).toEqual([expect.objectContaining({ dir: remote, state: 'connecting' })]);
      await localStillWorks(b);
      await b.closeDir(remote);
      expect(running(`-p ${port}`)).toEqual([]);
      await expect(opening).rejects.toThrow(/stopped connecting/);

      // Opened again and stopped again: each attempt is its own.
      const again = b.openDir(remote);
      again.catch(() => undefined);
      await until('connecting again', () => b.listDirs().length === 1, 5000);
      await b.closeDir(remote);
      await expect(again).rejects.toThrow(/stopped connecting/);
      expect(running(`-p ${port}`)).toEqual([]);
    } finally {
      silent.close();
    }
  }, 60_000);
});

describeSsh('an ssh that dies while it asks', () => {
  test('its askpass ends too, and the question leaves every window', async () => {
    const ssh = lockedKeySsh(sshd!, 'never typed');
    const keyFile = /-i (\S+)/.exec(ssh)![1]!;
    const { b, seen, askpass } = await withBackend(ssh);
    const opening = b.openDir(`ssh://127.0.0.1:${sshd!.port}${sampleRuns()}`);
    opening.catch(() => undefined);
    await until('the passphrase question', () => (seen.questions.at(-1) ?? []).length === 1, 20_000);
    const pids = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
      .split('\n')
      // ssh itself: its askpass names the key file too, in the question it was given.
      .filter((l) => l.includes(keyFile) && / ssh /.test(` ${l.trim().split(/\s+/)[1]} `))
      .map((l) => Number(l.trim().split(/\s+/)[0]));
    expect(pids.length).toBeGreaterThan(0);
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    await until('the askpass gone with its ssh', () => running(askpass!.dir).length === 0, 5000);
    await until('the question withdrawn', () => seen.questions.at(-1)?.length === 0, 5000);
    await expect(opening).rejects.toThrow(/cannot open/);
  }, 60_000);
});

describeSsh('what ssh said, as the UI shows it', () => {
  test('a host that hangs up at once: the message is ssh’s words without its CR or other control characters', async () => {
    const rude = net.createServer((c) => c.destroy());
    await new Promise<void>((r) => rude.listen(0, '127.0.0.1', r));
    const port = (rude.address() as net.AddressInfo).port;
    try {
      const { b } = await withBackend(sshd!.env.RUNYARD_SSH_COMMAND!);
      const remote = `ssh://127.0.0.1:${port}/runs`;
      const err = await b.openDir(remote).then(
        () => null,
        (e: Error) => e,
      );
      expect(err?.message).toMatch(new RegExp(`^cannot open ${remote}: .*(closed|reset)`, 'i'));
      // eslint-disable-next-line no-control-regex
      expect(err!.message).not.toMatch(/[\x00-\x1f\x7f]/);
    } finally {
      rude.close();
    }
  }, 30_000);
});
