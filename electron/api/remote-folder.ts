// A remote runs folder held by the backend: its requests go to the agent on that machine
// (`runyard serve --stdio` over the user's ssh, electron/remote/agent-client.ts), which
// speaks the same contract, and the agent's events come back tagged with the folder's
// id. Followed logs and watched runs belong to the session that asked, as they do
// locally. A dropped connection shows as `reconnecting` in dir.list; once back, the
// folder is `live` again and clients take a fresh snapshot (what changed meanwhile was
// not seen).
import { requestNames, type ApiEvents, type EventName } from '../../shared/api/contract';
import type { DirSnapshot, FolderInfo } from '../../shared/api/models';
import type { RemoteDir } from '../../shared/remote-dir';
import type { RunDelta } from '../../shared/types';
import { AgentClient, AgentStartError, type AgentState } from '../remote/agent-client';
import { StoreError } from '../store/errors';
import type { HandlerTable } from './dispatcher';
import { ApiFailure } from './errors';
import type { Session } from './session';

export interface RemoteFolderEvents {
  broadcast<E extends EventName>(event: E, payload: ApiEvents[E]): void;
  /** Its state or run count changed. */
  changed(): void;
}

/** Events the agent sends to everyone, passed on with the folder's id. */
const TAGGED = new Set<string>(['runs.delta', 'runs.progress', 'run.finished', 'prune.progress', 'runs.editProgress']);
/** Events for one subscription, which belongs to one session. */
const OWNED = new Set<string>(['log.data', 'run.fileEvent']);
const UNSUBSCRIBE: Record<string, string> = { 'log.follow': 'log.unfollow', 'run.watch': 'run.unwatch' };

export class RemoteFolder {
  state: FolderInfo['state'] = 'live';
  message: string | undefined;
  /** Requests naming this folder: every one goes to the agent. */
  readonly table: HandlerTable;
  private readonly runIds = new Set<string>();
  /** The agent's subscription id → the session that made it, and that session's own handle for it. */
  private readonly owners = new Map<string, { session: Session; local: string }>();

  private constructor(
    readonly id: string,
    readonly where: RemoteDir,
    private readonly client: AgentClient,
    private readonly events: RemoteFolderEvents,
  ) {
    this.table = Object.fromEntries(
      requestNames.map((name) => [
        name,
        (params: unknown, { session }: { session: Session }) => this.forward(name, params, session),
      ]),
    ) as unknown as HandlerTable;
    client.on('event', (name, payload) => this.onEvent(name, payload));
    client.on('state', (s) => this.onState(s));
    client.on('snapshot', (snap) => {
      this.adopt(snap);
      events.changed();
    });
  }

  /** Connects (copying the agent there first if needed); rejects with the reason it cannot. */
  static async open(
    id: string,
    where: RemoteDir,
    opts: { readOnly: boolean; env?: NodeJS.ProcessEnv },
    events: RemoteFolderEvents,
  ): Promise<{ folder: RemoteFolder; snapshot: DirSnapshot }> {
    const client = new AgentClient(where, { readOnly: opts.readOnly, env: opts.env });
    const folder = new RemoteFolder(id, where, client, events);
    try {
      return { folder, snapshot: folder.adopt(await client.connect()) };
    } catch (e) {
      await client.close();
      const why = e instanceof AgentStartError ? e.message : (e as Error).message;
      throw new StoreError('io', `cannot open ${id}: ${why}`);
    }
  }

  get runCount(): number {
    return this.runIds.size;
  }

  async snapshot(): Promise<DirSnapshot> {
    const r = await this.client.call('runs.snapshot', {});
    if (!r.ok) throw new ApiFailure(r.error.code, r.error.message, r.error.file);
    return this.adopt(r.value as DirSnapshot);
  }

  /** The agent names its folder as that machine sees it; clients know it by this id. */
  private adopt(snap: DirSnapshot): DirSnapshot {
    this.runIds.clear();
    for (const r of snap.runs) this.runIds.add(r.run_id);
    return { ...snap, dir: this.id };
  }

  private async forward(name: string, params: unknown, session: Session): Promise<unknown> {
    const { dir: _dir, ...rest } = (params ?? {}) as Record<string, unknown>;
    const r = await this.client.call(name, rest);
    if (!r.ok) throw new ApiFailure(r.error.code, r.error.message, r.error.file);
    if (name === 'runs.snapshot') return this.adopt(r.value as DirSnapshot);
    const undo = UNSUBSCRIBE[name];
    const sub = (r.value as { subscription?: unknown } | null)?.subscription;
    if (undo && typeof sub === 'string') {
      // Ends on the agent when this session closes or the folder does.
      const local = session.add(() => {
        this.owners.delete(sub);
        void this.client.call(undo, { subscription: sub });
      }, this.id);
      this.owners.set(sub, { session, local });
    }
    if ((name === 'log.unfollow' || name === 'run.unwatch') && typeof rest.subscription === 'string') {
      const owner = this.owners.get(rest.subscription);
      if (owner?.session === session) owner.session.remove(owner.local);
    }
    return r.value;
  }

  private onEvent(name: string, payload: unknown): void {
    if (TAGGED.has(name)) {
      if (name === 'runs.delta') this.track(payload as RunDelta);
      this.events.broadcast(name as EventName, { ...(payload as object), dir: this.id } as never);
    } else if (OWNED.has(name)) {
      const sub = (payload as { subscription?: string }).subscription;
      const owner = sub === undefined ? undefined : this.owners.get(sub);
      owner?.session.emit(name as EventName, payload as never);
    }
  }

  private track(d: RunDelta): void {
    const before = this.runIds.size;
    for (const r of d.added) this.runIds.add(r.run_id);
    for (const id of d.removed) this.runIds.delete(id);
    if (this.runIds.size !== before) this.events.changed();
  }

  private onState(s: AgentState): void {
    if (s === 'closed' || s === 'connecting') return;
    this.state = s === 'reconnecting' ? 'reconnecting' : 'live';
    this.message = s === 'reconnecting' ? `lost the connection to ${this.where.host}; trying again` : undefined;
    // A new agent holds none of the old one's subscriptions.
    if (s === 'reconnecting') this.owners.clear();
    this.events.changed();
  }

  async close(): Promise<void> {
    this.owners.clear();
    await this.client.close();
  }
}
