// One connected client: the Electron window or one WebSocket. Subscriptions (followed
// logs, watched runs) belong to the session that made them and end with it, so a
// closed browser tab leaves no watchers behind.
import { randomUUID } from 'node:crypto';
import type { ApiEvents, EventName } from '../../shared/api/contract';

export type EventSink = (event: EventName, payload: unknown) => void;

interface Subscription {
  dispose: () => void;
  /** Ends when another runs directory is opened. */
  dirBound: boolean;
}

/** Without a cap, a buggy or hostile client could pin thousands of file watchers. */
export const MAX_SUBSCRIPTIONS = 64;

export class Session {
  readonly id = randomUUID();
  private readonly subs = new Map<string, Subscription>();
  private closed = false;

  constructor(private readonly sink: EventSink) {}

  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void {
    if (this.closed) return;
    try {
      this.sink(event, payload);
    } catch {
      // A client that went away mid-send is cleaned up by its transport's close handler.
    }
  }

  get subscriptionCount(): number {
    return this.subs.size;
  }

  hasRoom(): boolean {
    return this.subs.size < MAX_SUBSCRIPTIONS;
  }

  add(dispose: () => void, dirBound = true): string {
    const id = randomUUID();
    this.subs.set(id, { dispose, dirBound });
    return id;
  }

  remove(id: string): boolean {
    const s = this.subs.get(id);
    if (!s) return false;
    this.subs.delete(id);
    s.dispose();
    return true;
  }

  dropDirBound(): void {
    for (const [id, s] of this.subs) if (s.dirBound) this.remove(id);
  }

  close(): void {
    for (const id of [...this.subs.keys()]) this.remove(id);
    this.closed = true;
  }
}
