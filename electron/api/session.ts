// One connected client: the Electron window or one WebSocket. Subscriptions (followed
// logs, watched runs) belong to the session that made them and end with it, so a
// closed browser tab leaves no watchers behind. A session also keeps its events in
// order: frames queued by `stream` (a big snapshot's rest) go out one per turn of the
// event loop, and every event emitted meanwhile waits behind them, so a live change is
// never overtaken by an older copy of its run. Transports only carry what the sink gets.
import { randomUUID } from 'node:crypto';
import type { ApiEvents, EventName } from '../../shared/api/contract';
import { ApiFailure } from './errors';

export type EventSink = (event: EventName, payload: unknown) => void;

export interface QueuedEvent {
  event: EventName;
  payload: unknown;
}

export interface SessionOptions {
  /** The client takes a big snapshot as a first frame plus events (snapshot-stream.ts). */
  streamSnapshots?: boolean;
}

/** What waits in a session's queue: events made one at a time, or a point a request waits for. */
type Queued = { events: Iterator<QueuedEvent> } | { reached: () => void };

interface Subscription {
  dispose: () => void;
  /** The runs folder it watches in: it ends when that folder is closed. */
  folder?: string;
}

/** Without a cap, a buggy or hostile client could pin thousands of file watchers. */
export const MAX_SUBSCRIPTIONS = 64;

export class Session {
  readonly id = randomUUID();
  readonly streamsSnapshots: boolean;
  private readonly subs = new Map<string, Subscription>();
  private readonly queue: Queued[] = [];
  private closed = false;

  constructor(
    private readonly sink: EventSink,
    opts: SessionOptions = {},
  ) {
    this.streamsSnapshots = Boolean(opts.streamSnapshots);
  }

  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void {
    if (this.closed) return;
    if (this.queue.length) this.enqueue({ events: [{ event, payload }].values() });
    else this.deliver(event, payload);
  }

  /**
   * Sends `events` one per turn of the event loop (so other answers and the transport's
   * writes are not held up while a big list is serialised), after what is
   * already queued; events emitted meanwhile go after them.
   */
  stream(events: Iterator<QueuedEvent>): void {
    if (!this.closed) this.enqueue({ events });
  }

  /** Resolves on a later turn, once every event queued before has gone to the sink (or the session closed). */
  settled(): Promise<void> {
    return new Promise((reached) => (this.closed ? reached() : this.enqueue({ reached })));
  }

  private deliver(event: EventName, payload: unknown): void {
    try {
      this.sink(event, payload);
    } catch {
      // A client that went away mid-send is cleaned up by its transport's close handler.
    }
  }

  private enqueue(item: Queued): void {
    this.queue.push(item);
    if (this.queue.length === 1) this.drain();
  }

  private drain(): void {
    setImmediate(() => {
      while (this.queue.length) {
        const head = this.queue[0]!;
        if ('reached' in head) {
          this.queue.shift();
          head.reached();
          break;
        }
        let next: IteratorResult<QueuedEvent>;
        try {
          next = head.events.next();
        } catch {
          // A frame that cannot be made costs its own stream, not the server.
          next = { done: true, value: undefined };
        }
        if (next.done) {
          this.queue.shift();
          continue;
        }
        this.deliver(next.value.event, next.value.payload);
        break;
      }
      if (this.queue.length) this.drain();
    });
  }

  /** Closed sessions take no more subscriptions: nothing would end them. */
  get isClosed(): boolean {
    return this.closed;
  }

  get subscriptionCount(): number {
    return this.subs.size;
  }

  /** Before a new subscription: a client cannot hold watches without bound. */
  requireRoom(): void {
    if (this.subs.size >= MAX_SUBSCRIPTIONS)
      throw new ApiFailure(
        'refused',
        `too many open subscriptions (${MAX_SUBSCRIPTIONS}); close a followed log or watched run first`,
      );
  }

  add(dispose: () => void, folder?: string): string {
    const id = randomUUID();
    this.subs.set(id, { dispose, folder });
    return id;
  }

  remove(id: string): boolean {
    const s = this.subs.get(id);
    if (!s) return false;
    this.subs.delete(id);
    s.dispose();
    return true;
  }

  /** Ends the subscriptions in a folder that was closed. */
  dropFolder(folder: string): void {
    for (const [id, s] of this.subs) if (s.folder === folder) this.remove(id);
  }

  close(): void {
    for (const id of [...this.subs.keys()]) this.remove(id);
    this.closed = true;
    // A request waiting for its turn is answered (to nobody) rather than left hanging.
    for (const item of this.queue.splice(0)) if ('reached' in item) item.reached();
  }
}
