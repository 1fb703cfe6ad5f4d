// Bookkeeping for files caught mid-write (FORMAT.md quirk 5). The first bad read starts
// a clock; reads are retried with a growing delay, and only once the bound has passed
// does the caller report the file as a problem. The clock starts again whenever the
// file has changed since the last bad read: a file rewritten in place many times a
// second (the module's index while a sweep runs, encoded slowly with indent=2) can be
// caught half-written read after read, yet it is being written, not broken. Only a file
// that stays the same and stays unreadable for the bound is reported.
import fs from 'node:fs';

export type RetryVerdict = 'retry' | 'give-up';

interface Attempt {
  since: number;
  /** What the file looked like at the last bad read (size and mtime), when known. */
  version: string | undefined;
  tries: number;
  timer: NodeJS.Timeout | null;
}

export class RetryBook {
  private readonly attempts = new Map<string, Attempt>();

  constructor(
    private readonly boundMs: number,
    private readonly retry: (key: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** A bad read of `key` (`version`: the file's size and mtime then): schedules another read while within the bound. */
  failed(key: string, version?: string): RetryVerdict {
    let a = this.attempts.get(key);
    if (!a) {
      a = { since: this.now(), version, tries: 0, timer: null };
      this.attempts.set(key, a);
    } else if (version !== a.version) {
      a.since = this.now();
      a.version = version;
      a.tries = 0;
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

/** A file's size and mtime, to tell a file still being written from one left broken. */
export function fileVersion(file: string): string | undefined {
  try {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    return st && `${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
}
