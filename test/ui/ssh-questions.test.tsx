// @vitest-environment jsdom
// ssh's questions in the UI: a window that opens while one waits shows it; a host key
// shows ssh's own text with the fingerprint and starts on Cancel; a passphrase is typed
// into a masked field and sent with Enter; Escape answers no; the dialog goes when the
// backend says the question no longer waits (answered in another window), and the next
// one follows.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SshQuestions } from '../../renderer/features/remote/SshQuestions';
import { FolderBar } from '../../renderer/shell/FolderBar';
import type { FolderInfo } from '../../shared/api/models';
import type { PendingSshQuestion } from '../../shared/ssh-prompt';
import { fakeBackend } from './fixtures';

afterEach(cleanup);

const FINGERPRINT = 'SHA256:v0JDOV8q9q8Cb0R34wCxTsj72FKHdot71omQaaZCoWM';
const hostKey: PendingSshQuestion = {
  id: 'q-host',
  kind: 'host-key',
  text:
    "The authenticity of host 'login.cluster.org (192.0.2.7)' can't be established.\n" +
    `ED25519 key fingerprint is ${FINGERPRINT}.\n` +
    'Are you sure you want to continue connecting (yes/no/[fingerprint])? ',
  host: 'login.cluster.org',
  fingerprint: FINGERPRINT,
  folder: 'ssh://login.cluster.org/scratch/june/runs',
};
const passphrase: PendingSshQuestion = {
  id: 'q-pass',
  kind: 'secret',
  text: "Enter passphrase for key '/home/ada/.ssh/id_ed25519': ",
  host: null,
  fingerprint: null,
  folder: 'ssh://login.cluster.org/scratch/june/runs',
};

function setup(waiting: PendingSshQuestion[]) {
  let list = waiting;
  const fake = fakeBackend({
    'ssh.questions': () => list,
    'ssh.answer': ({ id }) => {
      const was = list.length;
      list = list.filter((q) => q.id !== id);
      return { answered: list.length < was };
    },
  });
  const view = render(<SshQuestions />, { wrapper: fake.wrapper });
  /** What the backend pushes once a question is answered or given up. */
  const settle = () => act(() => fake.emit('ssh.questions', list));
  return { fake, view, settle, set: (l: PendingSshQuestion[]) => act(() => fake.emit('ssh.questions', (list = l))) };
}

describe('ssh questions', () => {
  it('a host key waiting when the window opens: ssh’s text and fingerprint, the folder, Cancel first; Trust answers yes', async () => {
    const { fake, settle } = setup([hostKey, passphrase]);
    const dialog = await screen.findByRole('dialog', { name: 'Unknown host key' });
    expect(dialog.textContent).toContain('Trust login.cluster.org and connect?');
    expect(dialog.textContent).toContain(FINGERPRINT);
    expect(dialog.textContent).toContain('ssh://login.cluster.org/scratch/june/runs');
    expect(dialog.textContent).toContain('One more question waits after this one.');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' })));

    await userEvent.click(screen.getByRole('button', { name: 'Trust and connect' }));
    expect(fake.callsOf('ssh.answer')).toEqual([{ id: 'q-host', answer: 'yes' }]);
    await settle();
    // The next question takes its place.
    await screen.findByRole('dialog', { name: 'ssh asks for a password' });
  });

  it('a passphrase: a masked field, focused; Enter sends what was typed, once', async () => {
    const { fake, settle } = setup([passphrase]);
    const field = await screen.findByLabelText(/Enter passphrase for key '\/home\/ada\/\.ssh\/id_ed25519':/);
    expect(field.getAttribute('type')).toBe('password');
    expect(field.getAttribute('autocomplete')).toBe('off');
    await waitFor(() => expect(document.activeElement).toBe(field));
    await userEvent.type(field, 'correct horse{Enter}');
    await userEvent.keyboard('{Enter}');
    expect(fake.callsOf('ssh.answer')).toEqual([{ id: 'q-pass', answer: 'correct horse' }]);
    // What was typed does not stay in the page.
    expect((field as HTMLInputElement).value).toBe('');
    await settle();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('Escape answers no', async () => {
    const { fake } = setup([passphrase]);
    const field = await screen.findByLabelText(/Enter passphrase/);
    await waitFor(() => expect(document.activeElement).toBe(field));
    await userEvent.keyboard('{Escape}');
    expect(fake.callsOf('ssh.answer')).toEqual([{ id: 'q-pass', answer: null }]);
  });

  it('goes when the question no longer waits (answered in another window, or ssh gave up), and comes when one is asked', async () => {
    const { set } = setup([]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await set([passphrase]);
    await screen.findByRole('dialog', { name: 'ssh asks for a password' });
    await set([]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});

describe('a remote folder connecting', () => {
  const remote: FolderInfo = {
    dir: 'ssh://login.cluster.org/scratch/june/runs',
    kind: 'remote',
    state: 'connecting',
    host: 'login.cluster.org',
    runs: 0,
    current: false,
  };
  const local: FolderInfo = { dir: '/data/runs', kind: 'local', state: 'live', runs: 12, current: true };
  const closed: string[] = [];
  const bar = (folders: FolderInfo[], chosen: string | null = null) =>
    render(
      <FolderBar folders={folders} chosen={chosen} canClose onChoose={() => {}} onClose={(d) => closed.push(d)} />,
    );

  it('alone: the window says which folder it is connecting to, and offers to stop', () => {
    bar([remote]);
    expect(screen.getByRole('status').textContent).toContain(
      'Connecting to ssh://login.cluster.org/scratch/june/runs…',
    );
    fireEvent.click(screen.getByRole('button', { name: `Stop connecting to ${remote.dir}` }));
    expect(closed.at(-1)).toBe(remote.dir);
  });

  it('beside another: shown connecting, can be chosen (the window waits for it), and stopped by its ×', () => {
    bar([local, remote]);
    const button = screen.getByRole('button', { name: /^login\.cluster\.org/ });
    expect(button.textContent).toContain('connecting…');
    expect((button as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByRole('button', { name: `Stop connecting to ${remote.dir}` })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Close /data/runs' })).toBeTruthy();
  });

  it('a lost connection is said over the table, alone or beside another, only for the folder shown', () => {
    const lost = { ...remote, state: 'reconnecting' as const, runs: 3, current: true };
    const { unmount } = bar([lost]);
    expect(screen.getByRole('status').textContent).toBe(
      'Connection to login.cluster.org lost — reconnecting… The runs below are as last seen and may be out of date until it is back.',
    );
    unmount();
    bar([{ ...local, current: false }, lost], local.dir);
    expect(screen.queryByRole('status')).toBeNull();
  });
});
