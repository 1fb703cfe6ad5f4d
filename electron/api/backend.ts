// The backend both transports share: which runs directory is open, the user's settings,
// the connected sessions and their events. A transport only creates a session per
// client, passes requests to `request` and carries back the answers and what the
// session's sink is given, without looking at which request or event it is.
import path from 'node:path';
import type { EventName, ApiEvents } from '../../shared/api/contract';
import type { DirSnapshot } from '../../shared/api/models';
import type { ApiResult } from '../../shared/api/result';
import { StoreError } from '../store/errors';
import { dispatch, type HandlerBackend, type HandlerTable, type Platform } from './dispatcher';
import { ApiFailure } from './errors';
import { handlers as defaultHandlers } from './handler-table';
import { OpenDir } from './open-dir';
import { Session, type EventSink, type SessionOptions } from './session';
import { SettingsStore } from './settings-store';

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
  private readonly sessions = new Set<Session>();
  private readonly table: HandlerTable;
  private readonly log: (line: string) => void;
  private current: OpenDir | null = null;
  /** Serialises directory switches so two quick opens cannot leave two watchers running. */
  private opening: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: BackendOptions) {
    this.transport = opts.transport;
    this.readOnly = Boolean(opts.readOnly);
    this.settings = opts.settings ?? new SettingsStore();
    this.platform = opts.platform ?? {};
    this.table = opts.handlers ?? defaultHandlers;
    this.log = opts.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  get dir(): string | null {
    return this.current?.dir ?? null;
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

  request(session: Session, name: unknown, params: unknown): Promise<ApiResult<unknown>> {
    return dispatch(this.table, { backend: this, session }, name, params, { readOnly: this.readOnly, log: this.log });
  }

  broadcast<E extends EventName>(event: E, payload: ApiEvents[E]): void {
    for (const s of this.sessions) s.emit(event, payload);
  }

  /** The open directory, or a message telling the user to open one. */
  requireDir(): OpenDir {
    if (!this.current) throw new StoreError('refused', 'no runs folder is open yet; open one first');
    return this.current;
  }

  async openDir(dir: string): Promise<DirSnapshot> {
    // Read-only serve is for showing one runs folder to someone; opening another would
    // let them read any folder of this machine through run.readFile.
    if (this.readOnly && this.current && this.current.dir !== path.resolve(dir)) {
      throw new ApiFailure(
        'read-only',
        `This Runyard was started with --read-only for ${this.current.dir}; it shows only that folder.`,
      );
    }
    const next = this.opening.then(() => this.switchTo(path.resolve(dir)));
    this.opening = next.catch(() => undefined);
    return next;
  }

  private async switchTo(dir: string): Promise<DirSnapshot> {
    if (this.current?.dir === dir) return this.current.snapshot();
    const s = this.settings.read();
    const opened = await OpenDir.open(
      dir,
      {
        watch: this.opts.watch?.mode ?? s.watchMode,
        pollIntervalMs: this.opts.watch?.pollIntervalMs ?? s.pollIntervalMs,
        staleAfterMs: s.staleAfterHours * 3_600_000,
      },
      {
        delta: (d) => this.broadcast('runs.delta', d),
        progress: (p) => this.broadcast('runs.progress', p),
        finished: (r) =>
          this.broadcast('run.finished', { run_id: r.run_id, status: r.status, description: r.description }),
      },
    );
    const previous = this.current;
    this.current = opened;
    for (const session of this.sessions) session.dropDirBound();
    await previous?.close();
    // Read-only means nothing is written, not even the recent list.
    if (!this.readOnly) {
      try {
        this.settings.rememberDir(dir);
      } catch (e) {
        this.log(`runyard: could not remember ${dir} in the recent folders: ${(e as Error).message}`);
      }
    }
    const snap = opened.snapshot();
    this.broadcast('dir.opened', snap);
    return snap;
  }

  async close(): Promise<void> {
    for (const s of this.sessions) s.close();
    this.sessions.clear();
    await this.opening;
    await this.current?.close();
    this.current = null;
  }
}
