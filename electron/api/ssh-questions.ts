// ssh's questions (a host key it has not seen, a password, a key passphrase) on their way
// to the user of the UI: the askpass server (../remote/askpass-server.ts) hands each one
// here, every client is told the list of waiting ones (`ssh.questions`), and the first
// answer from any of them (`ssh.answer`) goes back to ssh. A window that opens or reloads
// while a question waits asks for the list and shows it. Nothing is decided here: a
// question nobody answers in time, or whose ssh has gone, is answered no. An answer
// is handed on and forgotten: it is never logged or kept.
import { randomUUID } from 'node:crypto';
import type { PendingSshQuestion, SshAnswer, SshQuestion } from '../../shared/ssh-prompt';

/** Long enough to fetch a passphrase from a password manager, short enough that a forgotten prompt ends. */
export const QUESTION_TIMEOUT_MS = 10 * 60_000;

interface Waiting {
  question: PendingSshQuestion;
  settle(answer: SshAnswer): void;
}

export class SshQuestions {
  private readonly waiting = new Map<string, Waiting>();

  constructor(
    private readonly changed: (list: PendingSshQuestion[]) => void,
    private readonly timeoutMs = QUESTION_TIMEOUT_MS,
  ) {}

  /** The questions waiting, oldest first. */
  list(): PendingSshQuestion[] {
    return [...this.waiting.values()].map((w) => w.question);
  }

  /** An AskUser (askpass-server.ts): resolves with the user's answer, or null for no. */
  ask = (question: SshQuestion, signal: AbortSignal): Promise<SshAnswer> =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve(null);
      const id = randomUUID();
      const timer = setTimeout(() => settle(null), this.timeoutMs);
      timer.unref?.();
      const onAbort = () => settle(null);
      const settle = (answer: SshAnswer) => {
        if (!this.waiting.delete(id)) return;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(answer);
        this.changed(this.list());
      };
      signal.addEventListener('abort', onAbort);
      this.waiting.set(id, { question: { ...question, id }, settle });
      this.changed(this.list());
    });

  /** Gives the user's answer to the question `id`; false when it no longer waits (answered elsewhere, or ssh gave up). */
  answer(id: string, answer: SshAnswer): boolean {
    const w = this.waiting.get(id);
    if (!w) return false;
    w.settle(answer);
    return true;
  }

  /** Answers no to the questions of one folder's ssh (the user stopped connecting to it). */
  cancelFolder(folder: string): void {
    for (const w of [...this.waiting.values()]) if (w.question.folder === folder) w.settle(null);
  }

  /** Answers every waiting question no (the app or server is closing). */
  cancelAll(): void {
    for (const w of [...this.waiting.values()]) w.settle(null);
  }
}
