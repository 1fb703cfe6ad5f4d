// The desktop's answer to ssh's questions (electron/remote/askpass-server.ts): a host key
// it has not seen, or a yes/no, is shown in a message box over the window with ssh's own
// words (the fingerprint as ssh printed it), and only the user's click says yes; Cancel
// is the default and what Escape picks. A question the app cannot ask here (a password,
// a passphrase) is answered no, so ssh fails and Runyard says to set up a key.
import type { BrowserWindow, Dialog, MessageBoxOptions } from 'electron';
import type { SshAnswer, SshQuestion } from '../../shared/ssh-prompt';
import type { AskUser } from '../remote/askpass-server';

export type MessageBox = Pick<Dialog, 'showMessageBox'>;

export function messageBoxFor(q: SshQuestion): { options: MessageBoxOptions; yes: number } | null {
  const host = q.host ?? 'the remote machine';
  if (q.kind === 'host-key')
    return {
      yes: 1,
      options: {
        type: 'warning',
        title: 'Unknown host key',
        message: `Trust ${host} and connect?`,
        detail: `${q.text.trim()}\n\nCompare the fingerprint with the one its administrators publish. Connect only if they match; the key is then kept in ~/.ssh/known_hosts.`,
        buttons: ['Cancel', 'Trust and connect'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      },
    };
  if (q.kind === 'confirm')
    return {
      yes: 1,
      options: {
        type: 'question',
        title: 'ssh asks',
        message: q.text.trim(),
        buttons: ['No', 'Yes'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      },
    };
  if (q.kind === 'notice')
    return { yes: 0, options: { type: 'info', title: 'ssh', message: q.text.trim(), buttons: ['OK'], noLink: true } };
  return null;
}

export function askWithDialogs(dialog: MessageBox, getWindow: () => BrowserWindow | null): AskUser {
  return async (q: SshQuestion, signal: AbortSignal): Promise<SshAnswer> => {
    const box = messageBoxFor(q);
    if (!box) return null;
    const win = getWindow();
    const options = { ...box.options, signal };
    const { response } =
      win && !win.isDestroyed() ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
    return response === box.yes && !signal.aborted ? 'yes' : null;
  };
}
