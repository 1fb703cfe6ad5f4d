// A remote runs folder held by the backend: its requests go to the agent on that machine
// (`runyard serve --stdio` over the user's ssh, electron/remote/agent-client.ts), which
// speaks the same contract, and the agent's events come back tagged with the folder's
// id. Followed logs and watched runs belong to the session that asked, as they do
// locally. A dropped connection shows as `reconnecting` in dir.list; once back, the
// folder is `live` again and clients take a fresh snapshot (what changed meanwhile was
// not seen), while followed logs and watched runs are asked for again on the new agent
// under the ids their clients already hold (remote-subscriptions.ts).
import { requestNames, type ApiEvents, type EventName } from '../../shared/api/contract';
import type { DirSnapshot, FolderInfo } from '../../shared/api/models';
import type { RemoteDir } from '../../shared/remote-dir';
import type { RunDelta } from '../../shared/types';
import { AgentClient, AgentStartError, type AgentState } from '../remote/agent-client';
import { snapshotProblem } from '../remote/agent-wire';
import { StoreError } from '../store/errors';
import type { HandlerTable } from './dispatcher';
import { ApiFailure } from './errors';
import { OWNED, RemoteSubscriptions, SUBSCRIBE, UNSUBSCRIBE } from './remote-subscriptions';
import type { Session } from './session';

export interface RemoteFolderEvents {
  broadcast<E extends EventName>(event: E, payload: ApiEvents[E]): void;
  /** Its state or run count changed. */
  changed(): void;
  /** What ssh and the agent said on stderr (warnings, reasons), for the log, as VS Code's Remote-SSH output shows it. */
  log(line: string): void;
}

/** Events the agent sends to everyone, passed on with the folder's id. */
const TAGGED = new Set<string>(['runs.delta', 'runs.progress', 'run.finished', 'prune.progress', 'runs.editProgress']);

export class RemoteFolder {
  state: FolderInfo['state'] = 'live';
  message: string | undefined;
  /** Requests naming this folder: every one goes to the agent. */
  readonly table: HandlerTable;
  private readonly runIds = new Set<string>();
  private readonly subs: RemoteSubscriptions;

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
    this.subs = new RemoteSubscriptions({
      call: (method, params) => client.call(method, params),
      hasRun: (runId) => this.runIds.has(runId),
      folderId: id,
    });
    client.on('stderr', (line) => events.log(`${id}: ${line}`));
    client.on('event', (name, payload) => this.onEvent(name, payload));
    client.on('state', (s) => this.onState(s));
    client.on('failure', (why, retrying) => {
      this.message = retrying
        ? `reconnecting to ${where.host}: ${why}`
        : `cannot reconnect to ${where.host}: ${why}. Runyard stopped trying; close the folder and open it again once that is mended`;
      events.changed();
    });
    client.on('snapshot', (snap) => {
      this.adopt(snap);
      events.changed();
    });
  }

  /**
   * Connects (copying the agent there first if needed); rejects with the reason it cannot.
   * `signal` stops it: ssh is ended and the rejection comes once it has exited (its
   * caller, remote-connects.ts, says why).
   */
  static async open(
    id: string,
    where: RemoteDir,
    opts: { readOnly: boolean; env?: NodeJS.ProcessEnv; signal?: AbortSignal },
    events: RemoteFolderEvents,
  ): Promise<{ folder: RemoteFolder; snapshot: DirSnapshot }> {
    const client = new AgentClient(where, { readOnly: opts.readOnly, env: opts.env });
    const folder = new RemoteFolder(id, where, client, events);
    const stop = () => void client.close();
    opts.signal?.addEventListener('abort', stop, { once: true });
    try {
      return { folder, snapshot: folder.adopt(await client.connect()) };
    } catch (e) {
      await client.close();
      const why = e instanceof AgentStartError ? e.message : (e as Error).message;
      throw new StoreError('io', `cannot open ${id}: ${why}`);
    } finally {
      opts.signal?.removeEventListener('abort', stop);
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
    // Only the first snapshot of a connection is checked by the client; a later one is as much the remote's word.
    const bad = snapshotProblem(snap);
    if (bad) throw new ApiFailure('io', `the agent on ${this.id} sent a runs folder snapshot that is not one: ${bad}`);
    this.runIds.clear();
    for (const r of snap.runs) this.runIds.add(r.run_id);
    return { ...snap, dir: this.id };
  }

  private async forward(name: string, params: unknown, session: Session): Promise<unknown> {
    const { dir: _dir, ...rest } = (params ?? {}) as Record<string, unknown>;
    if (UNSUBSCRIBE.has(name)) {
      // Only the session's own, and the agent knows it by its current id.
      if (typeof rest.subscription === 'string') this.subs.remove(rest.subscription, session);
      return null;
    }
    const r = SUBSCRIBE[name] ? await this.subs.subscribe(name, rest, session) : await this.client.call(name, rest);
    if (!r.ok) throw new ApiFailure(r.error.code, r.error.message, r.error.file);
    if (name === 'runs.snapshot') return this.adopt(r.value as DirSnapshot);
    return r.value;
  }

  private onEvent(name: string, payload: unknown): void {
    if (TAGGED.has(name)) {
      if (name === 'runs.delta') this.track(payload as RunDelta);
      this.events.broadcast(name as EventName, { ...(payload as object), dir: this.id } as never);
    } else if (OWNED.has(name)) this.subs.route(name, payload);
  }

  private track(d: RunDelta): void {
    const before = this.runIds.size;
    for (const r of d.added) this.runIds.add(r.run_id);
    for (const id of d.removed) this.runIds.delete(id);
    if (this.runIds.size !== before) this.events.changed();
  }

  private onState(s: AgentState): void {
    if (s === 'closed' || s === 'connecting') return;
    const back = s === 'connected' && this.state === 'reconnecting';
    // A client that stopped trying keeps the failure's own message (above).
    if (s === 'failed') this.state = 'error';
    else {
      this.state = s === 'reconnecting' ? 'reconnecting' : 'live';
      this.message = s === 'reconnecting' ? `lost the connection to ${this.where.host}; trying again` : undefined;
    }
    // A new agent holds none of the old one's subscriptions.
    if (s === 'reconnecting') this.subs.lost();
    if (back) this.subs.restore();
    this.events.changed();
  }

  async close(): Promise<void> {
    this.subs.close();
    await this.client.close();
  }
}
