// A connection that drops without a reset (a laptop put to sleep, a VPN gone) leaves ssh
// waiting for bytes that never come, and the folder would look live with stale runs. The
// agent answers any request, so after a quiet spell the client asks a cheap one; a
// connection that stays silent even then is taken as dropped. The drop waits for an
// unanswered ping, never for silence alone: after a sleep, the timer can fire before the
// bytes that arrived meanwhile are read, and a healthy connection must not be cut for that.

export interface SilenceOptions {
  /** Quiet this long, the other end is asked something. */
  pingAfterMs: number;
  /** Quiet this long (and a ping unanswered for the difference), the connection is taken as dropped. */
  dropAfterMs: number;
}

export const DEFAULT_SILENCE: SilenceOptions = { pingAfterMs: 10_000, dropAfterMs: 30_000 };

export class SilenceWatchdog {
  private last = Date.now();
  private pingedAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly o: SilenceOptions,
    private readonly ping: () => void,
    private readonly drop: () => void,
  ) {
    this.schedule();
  }

  /** Anything arrived from the other end. */
  heard(): void {
    this.last = Date.now();
    if (this.pingedAt === null) return;
    // The timer waits for the drop; the next ping is due sooner.
    this.pingedAt = null;
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    const now = Date.now();
    const due =
      this.pingedAt === null
        ? this.last + this.o.pingAfterMs
        : Math.max(this.last + this.o.dropAfterMs, this.pingedAt + this.o.dropAfterMs - this.o.pingAfterMs);
    this.timer = setTimeout(() => this.check(), Math.max(10, due - now));
    // The connection itself keeps the process alive; the watchdog must not.
    this.timer.unref();
  }

  private check(): void {
    this.timer = null;
    const now = Date.now();
    const quiet = now - this.last;
    if (this.pingedAt !== null && quiet >= this.o.dropAfterMs) {
      if (now - this.pingedAt >= this.o.dropAfterMs - this.o.pingAfterMs) return this.drop();
    } else if (this.pingedAt === null && quiet >= this.o.pingAfterMs) {
      this.pingedAt = now;
      this.ping();
    }
    this.schedule();
  }
}
