// The one way a test waits for something outside its control (a file, a process, an
// event from a server): poll until `check` returns something truthy, or fail saying what
// never happened. Inside a page, tests use Playwright's own waiting instead.

/** Polls `check` every 20 ms; resolves with its first truthy value; throws naming `what` on timeout. */
export async function until<T>(
  what: string,
  check: () => T | undefined | null | false,
  timeoutMs = 15_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
