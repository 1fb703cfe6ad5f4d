// When a connection to a remote folder is lost, how it is tried again: the same for the
// app's connections (agent-client.ts) and the CLI's watch (forward.ts). Pauses grow so a
// host that is down is not hammered; a failure that the next try would meet again (the
// login or host key refused, no usable node there) stops the retries instead of asking
// the user for a password every few seconds.
import { AGENT_EXIT } from './bootstrap';
import { SSH_FAILED } from './ssh-command';
import { sshRefusedForGood } from './ssh-failure';

/** Pauses before each retry; the last one repeats. */
export const RECONNECT_PAUSES_MS: readonly number[] = [250, 1000, 2000, 5000, 10_000];

/** The pause before retry number `tries` (0 for the first). */
export function reconnectPause(tries: number, steps: readonly number[] = RECONNECT_PAUSES_MS): number {
  return steps[Math.min(tries, steps.length - 1)]!;
}

/** Whether an attempt that ended with `code`, ssh having said `stderr`, would fail the same way next time. */
export function retryCannotMend(code: number | null, stderr: readonly string[]): boolean {
  return (
    code === AGENT_EXIT.noNode || code === AGENT_EXIT.oldNode || (code === SSH_FAILED && sshRefusedForGood(stderr))
  );
}
