// A backend whose ssh questions reach its sessions, routed through an askpass as the desktop
// and `serve` route them, for tests that watch and answer those questions as a window would.
import { afterEach } from 'vitest';
import { Backend, type BackendOptions } from '../../electron/api/backend';
import { SettingsStore } from '../../electron/api/settings-store';
import type { Session } from '../../electron/api/session';
import { routeSshQuestions, type AskpassServer } from '../../electron/remote/askpass-server';
import type { FolderInfo } from '../../shared/api/models';
import type { PendingSshQuestion } from '../../shared/ssh-prompt';
import { tempDir } from './dirs';

/** For useSshd's env: nothing of the user's may answer for them, no agent and no askpass of their own. */
export const NO_USER_ANSWERS: NodeJS.ProcessEnv = {
  SSH_AUTH_SOCK: undefined,
  SSH_ASKPASS: undefined,
  SSH_ASKPASS_REQUIRE: undefined,
};

/** A window: its session, and every list of waiting questions and of folders it was sent. */
export interface Watcher {
  session: Session;
  questions: PendingSshQuestion[][];
  lists: FolderInfo[][];
}

export interface QuestionBackend {
  backend: Backend;
  askpass: AskpassServer | null;
  /** Opens a session that records what it is sent. */
  watch(): Watcher;
}

/**
 * Returns what makes such a backend, its ssh run as `sshCommand`; each one made is closed,
 * with its askpass, after its test.
 */
export function questionBackends(
  transport: BackendOptions['transport'],
): (sshCommand: string) => Promise<QuestionBackend> {
  const open: { backend: Backend; askpass: AskpassServer | null }[] = [];
  afterEach(async () => {
    for (const { backend, askpass } of open.splice(0)) {
      await backend.close();
      await askpass?.close();
    }
  });
  return async (sshCommand) => {
    // The backend reads ssh's command from process.env; useSshd puts process.env back after the file.
    process.env.RUNYARD_SSH_COMMAND = sshCommand;
    const backend = new Backend({
      transport,
      settings: new SettingsStore(tempDir('runyard-cfg-')),
      log: () => undefined,
    });
    const made = { backend, askpass: null as AskpassServer | null };
    open.push(made);
    made.askpass = await routeSshQuestions(backend.sshQuestions.ask, () => undefined);
    const watch = (): Watcher => {
      const w: Watcher = { session: null as unknown as Session, questions: [], lists: [] };
      w.session = backend.openSession((event, payload) => {
        if (event === 'ssh.questions') w.questions.push(payload as PendingSshQuestion[]);
        if (event === 'dir.list') w.lists.push(payload as FolderInfo[]);
      });
      return w;
    };
    return { backend, askpass: made.askpass, watch };
  };
}
