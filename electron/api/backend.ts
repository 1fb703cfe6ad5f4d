// The backend both transports share: which runs folders are open (folders.ts), the user's settings,
// the connected sessions and their events. A transport only creates a session per
// client, passes requests to `request` and carries back the answers and what the
// session's sink is given, without looking at which request or event it is.
import { folderRequests, type EventName, type ApiEvents } from '../../shared/api/contract';
import type { DirSnapshot, FolderInfo } from '../../shared/api/models';
import type { ApiResult } from '../../shared/api/result';
import { parseRemoteDir, type RemoteDir } from '../../shared/remote-dir';
import { StoreError } from '../store/errors';
import { dispatch, errorResult, type HandlerBackend, type HandlerTable, type Platform } from './dispatcher';
import { ApiFailure } from './errors';
import { folderId, Folders, snapshotOf, type HeldFolder } from './folders';
import { handlers as defaultHandlers } from './handler-table';
import { OpenDir } from './open-dir';
import { RemoteConnects } from './remote-connects';
import { RemoteFolder } from './remote-folder';
import { Session, type EventSink, type SessionOptions } from './session';
import { SettingsStore } from './settings-store';
import { SshQuestions } from './ssh-questions';

export type { Platform } from './dispatcher';

export interface BackendOptions {
  transport: 'ipc' | 'websocket';
  readOnly?: boolean;
  settings?: SettingsStore;
  platform?: Platform;
  /** Overrides the settings' watch mode (serve --watch / --poll-interval). */
  watch?: { mode?: 'auto' | 'native' | 'poll'; pollIntervalMs?: number };
  handlers?: HandlerTable;
  log?: (line: string) => void;
}

export class Backend implements HandlerBackend {
  readonly transport: 'ipc' | 'websocket';
  readonly readOnly: boolean;
  readonly settings: SettingsStore;
  readonly platform: Platform;
  /** ssh's questions for the user of the UI, when an askpass hands them here (the desktop; serve after start-up). */
  readonly sshQuestions = new SshQuestions((list) => this.broadcast('ssh.questions', list));
  private readonly sessions = new Set<Session>();
  private readonly table: HandlerTable;
  private readonly log: (line: string) => void;
  private readonly folders = new Folders();
  /** Serialises opening and closing so two quick opens of one folder cannot start two watchers. */
  private opening: Promise<unknown> = Promise.resolve();
  private listPending = false;
  /** Remote folders whose connection is being made (ssh may be waiting for the user), outside that queue. */
  private readonly connects = new RemoteConnects<DirSnapshot>(() => this.broadcast('dir.list', this.listDirs()));

  constructor(private readonly opts: BackendOptions) {
    this.transport = opts.transport;
    this.readOnly = Boolean(opts.readOnly);
    this.settings = opts.settings ?? new SettingsStore();
    this.platform = opts.platform ?? {};
    this.table = opts.handlers ?? defaultHandlers;
    this.log = opts.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  /** The current folder's id. */
  get dir(): string | null {
    return this.folders.current?.id ?? null;
  }

  openSession(sink: EventSink, opts: SessionOptions = {}): Session {
    const s = new Session(sink, opts);
    this.sessions.add(s);
    return s;
  }

  closeSession(s: Session): void {
    s.close();
    this.sessions.delete(s);
  }

  /** A request on a folder runs against the folder its `dir` names (the current one without it); a remote folder's goes to its agent. */
  request(session: Session, name: unknown, params: unknown): Promise<ApiResult<unknown>> {
    const opts = { readOnly: this.readOnly, log: this.log };
    if (typeof name !== 'string' || !folderRequests.has(name))
      return dispatch(this.table, { backend: this, session }, name, params, opts);
    let held: HeldFolder | null;
    const dir = typeof params === 'object' && params ? (params as { dir?: unknown }).dir : undefined;
    try {
      // Not "not open": the user is most likely answering ssh or waiting for the host.
      if (typeof dir === 'string' && dir && this.connects.has(folderId(dir)))
        throw new ApiFailure('refused', `${dir} is still connecting; its runs can be read once it is connected`);
      held = this.folders.pick(dir);
    } catch (e) {
      return Promise.resolve(errorResult(e, name, this.log));
    }
    if (held?.kind === 'remote') return dispatch(held.remote.table, { backend: this, session }, name, params, opts);
    const backend = held && held !== this.folders.current ? this.scopedTo(held.open) : this;
    return dispatch(this.table, { backend, session }, name, params, opts);
  }

  /** The backend as handlers see it for a request on a folder other than the current one. */
  private scopedTo(open: OpenDir): HandlerBackend {
    return {
      transport: this.transport,
      readOnly: this.readOnly,
      settings: this.settings,
      platform: this.platform,
      sshQuestions: this.sshQuestions,
      dir: open.dir,
      broadcast: (event, payload) => this.broadcast(event, payload),
      requireDir: () => open,
      openDir: (dir) => this.openDir(dir),
      closeDir: (dir) => this.closeDir(dir),
      listDirs: () => this.listDirs(),
    };
  }

  broadcast<E extends EventName>(event: E, payload: ApiEvents[E]): void {
    for (const s of this.sessions) s.emit(event, payload);
  }

  /** The current folder, or a message telling the user to open one. */
  requireDir(): OpenDir {
    const f = this.folders.current;
    if (!f) throw new StoreError('refused', 'no runs folder is open yet; open one first');
    // Requests on a remote folder go to its agent (request above); only a local one is read here.
    if (f.kind === 'remote') throw new ApiFailure('unsupported', `${f.id} is on another machine; ask its agent`);
    return f.open;
  }

  /** The folders held, then those still connecting (shown so, not yet usable). */
  listDirs(): FolderInfo[] {
    // A folder just connected is held before its attempt ends: listed once, as held.
    return [...this.folders.list(), ...this.connects.list().filter((f) => !this.folders.byId(f.dir))];
  }

  /** Opens a folder beside those already open (or makes an open one current) and answers its snapshot. */
  async openDir(dir: string): Promise<DirSnapshot> {
    const id = folderId(dir);
    // Read-only serve is for showing its runs folders to someone; opening another would
    // let them read any folder of this machine through run.readFile.
    if (this.readOnly && this.folders.size && !this.folders.byId(id)) {
      const shown = this.folders.all().map((f) => f.id);
      throw new ApiFailure(
        'read-only',
        `This Runyard was started with --read-only for ${shown.join(', ')}; it shows only ${shown.length > 1 ? 'those folders' : 'that folder'}.`,
      );
    }
    return this.open(id);
  }

  private open(id: string): Promise<DirSnapshot> {
    const remote = parseRemoteDir(id);
    if (remote && !this.folders.byId(id))
      return this.connects.connect(id, (signal) => this.connect(id, remote, signal));
    return this.serialised(() => this.hold(id));
  }

  /**
   * The folders a serve or the app starts with, the first current. A read-only serve
   * shows these and no others.
   */
  async openAtStart(dirs: readonly string[]): Promise<void> {
    const ids = dirs.map(folderId);
    for (const id of ids) await this.open(id);
    if (ids.length) this.folders.makeCurrent(ids[0]!);
  }

  /** Stops watching a folder (or connecting to it; its ssh has exited on return); the others stay open. */
  async closeDir(dir: string): Promise<FolderInfo[]> {
    const id = folderId(dir);
    // Its questions go first: ssh is not kept waiting for an answer nobody is asked for any more.
    if (this.connects.has(id)) this.sshQuestions.cancelFolder(id);
    if (await this.connects.stop(id)) return this.listDirs();
    return this.serialised(async () => {
      const f = this.folders.remove(id);
      if (!f) throw new StoreError('not-found', `${dir} is not one of the runs folders open here`);
      for (const s of this.sessions) s.dropFolder(id);
      await (f.kind === 'local' ? f.open.close() : f.remote.close());
      this.broadcast('dir.list', this.listDirs());
      return this.listDirs();
    });
  }

  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.opening.then(fn);
    this.opening = next.catch(() => undefined);
    return next;
  }

  private async hold(id: string): Promise<DirSnapshot> {
    const held = this.folders.byId(id);
    if (held) {
      const wasCurrent = held === this.folders.current;
      this.folders.makeCurrent(id);
      if (!wasCurrent) this.broadcast('dir.list', this.listDirs());
      return snapshotOf(held);
    }
    const open = await this.openLocal(id);
    this.folders.add({ kind: 'local', id, open });
    return this.announce(id, open.snapshot());
  }

  /** Connects to a remote folder, outside the queue; only holding it, once connected, waits its turn there. */
  private async connect(id: string, remote: RemoteDir, signal: AbortSignal): Promise<DirSnapshot> {
    const events = { broadcast: this.broadcast.bind(this), changed: () => this.listChanged(), log: this.log };
    const opened = await RemoteFolder.open(id, remote, { readOnly: this.readOnly, signal }, events);
    return this.serialised(async () => {
      if (signal.aborted || this.folders.byId(id)) {
        await opened.folder.close();
        // Stopped meanwhile: remote-connects.ts gives the reason.
        signal.throwIfAborted();
        return snapshotOf(this.folders.byId(id)!);
      }
      this.folders.add({ kind: 'remote', id, remote: opened.folder });
      return this.announce(id, opened.snapshot);
    });
  }

  private announce(id: string, snap: DirSnapshot): DirSnapshot {
    // Read-only means nothing is written, not even the recent list.
    if (!this.readOnly) {
      try {
        this.settings.rememberDir(id);
      } catch (e) {
        this.log(`runyard: could not remember ${id} in the recent folders: ${(e as Error).message}`);
      }
    }
    this.broadcast('dir.opened', snap);
    this.broadcast('dir.list', this.listDirs());
    return snap;
  }

  private openLocal(dir: string): Promise<OpenDir> {
    const s = this.settings.read();
    return OpenDir.open(
      dir,
      {
        watch: this.opts.watch?.mode ?? s.watchMode,
        pollIntervalMs: this.opts.watch?.pollIntervalMs ?? s.pollIntervalMs,
        staleAfterMs: s.staleAfterHours * 3_600_000,
      },
      {
        delta: (d) => {
          this.broadcast('runs.delta', { ...d, dir });
          if (d.added.length || d.removed.length) this.listChanged();
        },
        progress: (p) => this.broadcast('runs.progress', { ...p, dir }),
        finished: (r) =>
          this.broadcast('run.finished', { run_id: r.run_id, status: r.status, description: r.description, dir }),
      },
    );
  }

  /** Run counts and states reach clients at most once per turn of the event loop. */
  private listChanged(): void {
    if (this.listPending) return;
    this.listPending = true;
    setImmediate(() => {
      this.listPending = false;
      this.broadcast('dir.list', this.listDirs());
    });
  }

  async close(): Promise<void> {
    this.sshQuestions.cancelAll();
    for (const s of this.sessions) s.close();
    this.sessions.clear();
    await this.connects.stopAll();
    await this.opening;
    for (const f of this.folders.all()) {
      this.folders.remove(f.id);
      await (f.kind === 'local' ? f.open.close() : f.remote.close());
    }
  }
}
