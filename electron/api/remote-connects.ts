// Remote folders whose connection is being made. ssh may wait minutes (for a passphrase
// the user is fetching, or a host that does not answer), so this happens outside the
// backend's open/close queue: meanwhile other folders open and close as usual, and only
// the quick step of holding the connected folder waits its turn there. A folder closed
// while it connects has its ssh stopped, and the close returns once that ssh has exited,
// so nothing of it is left running.
import type { FolderInfo } from '../../shared/api/models';
import { parseRemoteDir, sshDestination } from '../../shared/remote-dir';
import { ApiFailure } from './errors';

interface Attempt<T> {
  done: Promise<T>;
  stop: AbortController;
}

export class RemoteConnects<T> {
  private readonly attempts = new Map<string, Attempt<T>>();

  /** `changed`: the list of connecting folders changed (one started or ended). */
  constructor(private readonly changed: () => void) {}

  has(id: string): boolean {
    return this.attempts.has(id);
  }

  ids(): string[] {
    return [...this.attempts.keys()];
  }

  /**
   * Runs `start` for `id`, or joins the attempt already under way, so two quick opens of
   * one folder make one connection. `start` must end its ssh when the signal aborts.
   */
  connect(id: string, start: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const under = this.attempts.get(id);
    if (under) return under.done;
    const stop = new AbortController();
    const done = (async () => {
      try {
        return await start(stop.signal);
      } catch (e) {
        if (stop.signal.aborted) throw new ApiFailure('refused', `stopped connecting to ${id}`);
        throw e;
      } finally {
        this.attempts.delete(id);
        this.changed();
      }
    })();
    this.attempts.set(id, { done, stop });
    this.changed();
    return done;
  }

  /** Stops connecting to `id`; resolves once its ssh has exited. False when `id` was not connecting. */
  async stop(id: string): Promise<boolean> {
    const a = this.attempts.get(id);
    if (!a) return false;
    a.stop.abort();
    await a.done.catch(() => undefined);
    return true;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.ids().map((id) => this.stop(id)));
  }

  list(): FolderInfo[] {
    return this.ids().map((dir) => {
      const where = parseRemoteDir(dir);
      return {
        dir,
        kind: 'remote',
        state: 'connecting',
        ...(where ? { host: sshDestination(where) } : {}),
        runs: 0,
        current: false,
      };
    });
  }
}
