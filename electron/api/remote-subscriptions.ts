// The followed logs and watched runs a remote folder's clients hold on its agent. A
// client keeps the subscription id it was first given (the first agent's id) for as long
// as it follows; the agent behind it may change: when the ssh connection drops, the new
// agent holds none of the old one's subscriptions, so each is asked for again and the new
// agent's id is mapped back to the client's. A re-followed log sends its client the fresh
// tail as text that does not continue the previous text (`truncated`), covering what was
// written while away. A log that cannot be followed again is waited for, as the local
// follower waits for a rotated log to reappear; once its run is gone it is dropped.
import type { ApiEvents } from '../../shared/api/contract';
import type { FileChunk } from '../../shared/api/models';
import type { ApiResult } from '../../shared/api/result';
import type { Session } from './session';

export const SUBSCRIBE: Record<string, string> = { 'log.follow': 'log.unfollow', 'run.watch': 'run.unwatch' };
export const UNSUBSCRIBE = new Set(Object.values(SUBSCRIBE));
/** Events for one subscription, which belongs to one session. */
export const OWNED = new Set<string>(['log.data', 'run.fileEvent']);

/** How often a subscription the new agent refused is asked for again. */
const RETRY_MS = 2000;
/** Events for an id not yet known, kept while a subscribe answer may still be on its way. */
const MAX_EARLY = 256;

interface Sub {
  /** The id its client knows it by. */
  readonly client: string;
  /** The current agent's id for it; null while it is being asked for again. */
  agent: string | null;
  readonly name: string;
  readonly params: Record<string, unknown>;
  readonly session: Session;
  /** Its handle in the session, which ends it when the session or the folder closes. */
  local: string;
  retry: NodeJS.Timeout | null;
  ended: boolean;
}

export interface AgentLink {
  call(method: string, params: unknown): Promise<ApiResult<unknown>>;
  /** Whether the run is still in the folder, as the agent last said. */
  hasRun(runId: string): boolean;
  folderId: string;
}

export class RemoteSubscriptions {
  private readonly byClient = new Map<string, Sub>();
  private readonly byAgent = new Map<string, Sub>();
  /** Counts connections: an answer from an agent that has since been lost is ignored. */
  private generation = 0;
  private asking = 0;
  private early: { name: string; payload: { subscription: string } }[] = [];

  constructor(private readonly link: AgentLink) {}

  get size(): number {
    return this.byClient.size;
  }

  /** Forwards a subscribe request from `session`; the session owns what the agent gives from then on. */
  async subscribe(name: string, params: Record<string, unknown>, session: Session): Promise<ApiResult<unknown>> {
    session.requireRoom();
    this.asking++;
    try {
      const r = await this.link.call(name, params);
      const id = r.ok ? (r.value as { subscription?: unknown } | null)?.subscription : undefined;
      if (typeof id !== 'string') return r;
      const sub: Sub = { client: id, agent: id, name, params, session, local: '', retry: null, ended: false };
      if (session.isClosed) {
        // Its client went away while the agent answered: nobody would ever end it.
        this.unsubscribe(sub);
        return r;
      }
      sub.local = session.add(() => this.end(sub), this.link.folderId);
      this.byClient.set(id, sub);
      this.byAgent.set(id, sub);
      this.replayEarly();
      return r;
    } finally {
      this.settle();
    }
  }

  /** The session's unfollow or unwatch; a subscription of another session is not touched. */
  remove(clientId: string, session: Session): void {
    const sub = this.byClient.get(clientId);
    if (sub?.session === session) session.remove(sub.local);
  }

  private settle(): void {
    this.asking--;
    if (!this.asking) this.early = [];
  }

  /** Passes an agent event to the session that owns it, under the client's id. */
  route(name: string, payload: unknown): void {
    const p = payload as { subscription?: unknown };
    if (typeof p?.subscription !== 'string') return;
    const sub = this.byAgent.get(p.subscription);
    if (!sub) {
      if (this.asking && this.early.length < MAX_EARLY)
        this.early.push({ name, payload: p as { subscription: string } });
      return;
    }
    sub.session.emit(name as 'log.data', { ...(payload as ApiEvents['log.data']), subscription: sub.client });
  }

  private replayEarly(): void {
    const waiting = this.early;
    this.early = [];
    for (const e of waiting) {
      if (this.byAgent.has(e.payload.subscription)) this.route(e.name, e.payload);
      else this.early.push(e);
    }
  }

  /** The connection dropped: the agent that held the subscriptions is gone. */
  lost(): void {
    this.generation++;
    this.byAgent.clear();
    this.early = [];
    for (const sub of this.byClient.values()) {
      sub.agent = null;
      if (sub.retry) clearTimeout(sub.retry);
      sub.retry = null;
    }
  }

  /** Connected again: asks the new agent for every subscription the clients still hold. */
  restore(): void {
    for (const sub of this.byClient.values()) void this.again(sub);
  }

  private async again(sub: Sub): Promise<void> {
    sub.retry = null;
    const generation = this.generation;
    this.asking++;
    try {
      const r = await this.link.call(sub.name, sub.params);
      if (generation === this.generation) this.renewed(sub, r);
    } finally {
      this.settle();
    }
  }

  private renewed(sub: Sub, r: ApiResult<unknown>): void {
    const value = r.ok ? (r.value as { subscription?: unknown; chunk?: FileChunk } | null) : null;
    if (typeof value?.subscription !== 'string') {
      if (sub.ended) return;
      if (!this.link.hasRun(String(sub.params.run_id))) return void sub.session.remove(sub.local);
      sub.retry = setTimeout(() => void this.again(sub), RETRY_MS);
      sub.retry.unref?.();
      return;
    }
    sub.agent = value.subscription;
    if (sub.ended) return this.unsubscribe(sub);
    this.byAgent.set(sub.agent, sub);
    const c = value.chunk;
    if (c)
      sub.session.emit('log.data', {
        subscription: sub.client,
        offset: c.offset,
        text: c.binary ? '' : c.text,
        truncated: true,
      });
    this.replayEarly();
  }

  private end(sub: Sub): void {
    sub.ended = true;
    if (sub.retry) clearTimeout(sub.retry);
    sub.retry = null;
    this.byClient.delete(sub.client);
    if (sub.agent !== null) {
      this.byAgent.delete(sub.agent);
      this.unsubscribe(sub);
    }
  }

  private unsubscribe(sub: Sub): void {
    void this.link.call(SUBSCRIBE[sub.name]!, { subscription: sub.agent });
  }

  /** The folder closes: its agent goes with it, and no session keeps a handle here. */
  close(): void {
    for (const sub of [...this.byClient.values()]) sub.session.remove(sub.local);
    this.lost();
  }
}
