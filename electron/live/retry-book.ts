// Bookkeeping for files caught mid-write (FORMAT.md quirk 5). The first bad read starts
// a clock; reads are retried with a growing delay, and only once the bound has passed
// does the caller report the file as a problem.
export type RetryVerdict = 'retry' | 'give-up';

interface Attempt {
  since: number;
  tries: number;
  timer: NodeJS.Timeout | null;
}

export class RetryBook {
  private readonly attempts = new Map<string, Attempt>();

  constructor(private readonly boundMs: number, private readonly retry: (key: string) => void, private readonly now: () => number = Date.now) {}

  /** A bad read of `key`: schedules another read while within the bound. */
  failed(key: string): RetryVerdict {
    let a = this.attempts.get(key);
    if (!a) {
      a = { since: this.now(), tries: 0, timer: null };
      this.attempts.set(key, a);
    }
    const elapsed = this.now() - a.since;
    if (elapsed >= this.boundMs) {
      if (a.timer) clearTimeout(a.timer);
      a.timer = null;
      return 'give-up';
    }
    if (!a.timer) {
      const delay = Math.min(25 * 2 ** a.tries, Math.max(1, this.boundMs - elapsed));
      a.tries++;
      a.timer = setTimeout(() => {
        a.timer = null;
        this.retry(key);
      }, delay);
      a.timer.unref();
    }
    return 'retry';
  }

  /** A good read (or the file is gone): forget the clock. */
  settled(key: string): void {
    const a = this.attempts.get(key);
    if (!a) return;
    if (a.timer) clearTimeout(a.timer);
    this.attempts.delete(key);
  }

  clear(): void {
    for (const a of this.attempts.values()) if (a.timer) clearTimeout(a.timer);
    this.attempts.clear();
  }
}
