// Talking to a person at a terminal: yes/no questions before anything is removed, and
// a progress bar for slow work. Both go to stderr so that stdout stays the result,
// and neither appears when stderr is not a terminal (scripts, pipes, tests).
import readline from 'node:readline';
import { StoreError } from '../store/errors';
import { agentHasTerminal } from '../remote/payload';

export function canAsk(): boolean {
  // On a remote folder the question goes through ssh to the user's terminal (electron/remote/).
  return Boolean(process.stdin.isTTY && process.stderr.isTTY) || agentHasTerminal();
}

export async function ask(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>((resolve) => {
      rl.question(`${question} [y/N] `, resolve);
      rl.once('close', () => resolve(''));
    });
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    rl.close();
  }
}

/**
 * --yes goes ahead, a terminal is asked, anything else is refused: a script that
 * forgot --yes must not remove data, and must not hang waiting for an answer.
 */
export async function confirmOrRefuse(question: string, yes: boolean | undefined, howToConfirm: string): Promise<void> {
  if (yes) return;
  if (!canAsk())
    throw new StoreError('refused', `${howToConfirm}; nothing was changed (not a terminal, so no one could be asked)`);
  if (!(await ask(question))) throw new StoreError('refused', 'cancelled; nothing was changed');
}

export class ProgressBar {
  private readonly on: boolean;
  private readonly started = Date.now();
  private last = 0;
  private shown = false;

  constructor(
    private readonly label: string,
    enabled = Boolean(process.stderr.isTTY),
  ) {
    this.on = enabled;
  }

  /** Drawn only once the work has taken a moment, at most ten times a second. */
  update = (done: number, total: number): void => {
    if (!this.on || total <= 0) return;
    const t = Date.now();
    if (t - this.started < 300 || (t - this.last < 100 && done < total)) return;
    this.last = t;
    this.shown = true;
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}\x1b[K`);
  };

  finish(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
  }
}
