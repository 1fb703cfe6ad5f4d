// The in-memory index of a runs directory that stays true while simulations and
// colleagues write to it. One fs.watch on the base folder and one per run folder
// (top level only) in native mode, stats on a timer in poll mode (network
// filesystems); either way an event re-reads only the run it touched, and changes
// leave as one RunDelta per batch of at most 100 ms.
import fs from 'node:fs';
import path from 'node:path';
import type { Problem, RunDelta, RunRecord } from '../../shared/types';
import { StoreError } from '../store/errors';
import { NOTES_FILE } from '../store/notes-file';
import { CURRENT_LINK, INDEX_FILE, METADATA_FILE } from '../store/paths';
import { MetadataCache } from '../store/metadata-cache';
import { classifyEntry } from '../store/base-entries';
import { DeltaEmitter, type ScanProgress } from './delta-emitter';
import { DirState } from './dir-state';
import { RunWatchers, type WatchMode } from './run-watchers';
import { followedFolders, RunSubscriptions, type RunFileEvent, type RunWatch } from './run-subscriptions';
import { LiveRecords } from './live-records';
import { resolveLiveOptions, type LiveIndexOptions, type ResolvedLiveOptions } from './live-options';

const READ_DELAY_MS = 15;
const INDEX_DELAY_MS = 500;
const CHUNK = 200;

export type { ScanProgress };

export class LiveIndex {
  readonly dir: string;
  private readonly opts: ResolvedLiveOptions;
  private readonly table: LiveRecords;
  private readonly dirState: DirState;
  private readonly watchers: RunWatchers;
  private subs: RunSubscriptions | null = null;
  /** Run folders whose watch died with the folder (removed or moved away). */
  private readonly rewatch = new Set<string>();
  private readonly emitter: DeltaEmitter;
  private readonly dirtyRuns = new Set<string>();
  private readonly dirtyNames = new Set<string>();
  private relistWanted = false;
  private workTimer: NodeJS.Timeout | null = null;
  private indexTimer: NodeJS.Timeout | null = null;
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;
  private started: Promise<void> | null = null;

  constructor(dir: string, opts: LiveIndexOptions = {}) {
    this.dir = path.resolve(dir);
    this.opts = resolveLiveOptions(opts);
    this.dirState = new DirState(this.dir, this.opts.halfWrittenBoundMs, (p) => this.table.problem(p));
    this.table = new LiveRecords(this.dir, {
      staleAfterMs: this.opts.staleAfterMs,
      halfWrittenBoundMs: this.opts.halfWrittenBoundMs,
      hint: (id) => this.dirState.hint(id),
      onChange: () => this.emitter.schedule(),
    });
    this.emitter = new DeltaEmitter(this.table.acc, this.opts.batchMs);
    this.watchers = new RunWatchers(this.dir, this.opts, {
      baseEvent: (name) => this.baseEvent(name),
      runEvent: (id, file) => this.runEvent(id, file),
      isActive: (id) => this.table.isActive(id),
      watchProblem: (p) => this.dirState.set('watch', p),
    });
  }

  /** 'poll' on network filesystems (or when asked); settled by start(). */
  get mode(): WatchMode {
    return this.watchers.mode;
  }

  /** The filesystem type found in the mount table, when there is one. */
  get fsType(): string | null {
    return this.watchers.fsType;
  }

  async start(): Promise<void> {
    if (this.started) return this.started;
    this.started = this.begin();
    return this.started;
  }

  private async begin(): Promise<void> {
    let st: fs.Stats;
    try {
      st = fs.statSync(this.dir);
    } catch {
      throw new StoreError('not-found', `there is no runs directory at ${this.dir}`);
    }
    if (!st.isDirectory()) throw new StoreError('invalid', `${this.dir} is not a folder`);
    // Watch before listing, so nothing that happens during the scan is missed.
    this.watchers.start();
    if (this.mode === 'native') this.every(this.opts.reconcileMs, () => this.baseEvent(null));
    this.dirState.readIndex();
    this.dirState.readCurrent();
    await this.initialScan();
    this.every(Math.min(60_000, Math.max(50, this.opts.staleAfterMs / 4)), () => this.table.checkStale());
  }

  private async initialScan(): Promise<void> {
    const candidates = this.list();
    const total = candidates.length;
    // Unchanged files come from the cache `runyard list` keeps: one stat instead of a read and a parse.
    const cache = MetadataCache.open(this.dir);
    this.emitter.progress({ scanned: 0, total, done: false });
    for (let i = 0; i < total && !this.closed; i += CHUNK) {
      for (const id of candidates.slice(i, i + CHUNK)) if (!this.table.has(id)) this.track(id, cache);
      this.emitter.progress({ scanned: Math.min(total, i + CHUNK), total, done: false });
      // Let watch events, batches and progress out between chunks: rows appear as they are read.
      await new Promise<void>((r) => setImmediate(r));
    }
    this.work();
    this.emitter.progress({ scanned: total, total, done: true });
    this.emitter.flush();
    if (cache) setImmediate(() => !this.closed && cache.save());
  }

  /** Lists the base folder: notes names that cannot be runs, returns run candidates. */
  private list(): string[] {
    let dirents: fs.Dirent[];
    try {
      dirents = fs.readdirSync(this.dir, { withFileTypes: true });
    } catch (e) {
      this.dirState.set('base', {
        file: '.',
        message: `cannot read the runs directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      });
      return [];
    }
    this.dirState.set('base', null);
    const out: string[] = [];
    const names = new Set<string>();
    for (const d of dirents) {
      names.add(d.name);
      if (d.name === CURRENT_LINK || d.name.startsWith('.')) continue;
      const c = classifyEntry(this.dir, d.name, d);
      this.dirState.noteName(d.name, true);
      if (c.run) out.push(d.name);
    }
    this.dirState.keepNames(names);
    return out;
  }

  private track(id: string, cache?: MetadataCache | null): void {
    if (this.watchers.watch(id)) this.table.track(id, cache);
  }

  private untrack(id: string): void {
    this.watchers.unwatch(id);
    this.table.remove(id);
  }

  // ---- events ----

  private baseEvent(name: string | null): void {
    if (this.closed) return;
    if (name === INDEX_FILE) {
      if (!this.indexTimer) {
        this.indexTimer = setTimeout(() => {
          this.indexTimer = null;
          this.dirState.readIndex();
        }, INDEX_DELAY_MS);
        this.indexTimer.unref();
      }
      return;
    }
    if (name === null || name.includes('\uFFFD')) this.relistWanted = true;
    else if (!name.startsWith('.') || name === CURRENT_LINK) this.dirtyNames.add(name);
    this.scheduleWork();
  }

  private runEvent(id: string, file: string | null): void {
    if (this.closed) return;
    this.table.touch(id);
    // A stale run that shows a sign of life is re-read, which clears the flag.
    if (file === null || file === METADATA_FILE || file === NOTES_FILE || file === id || this.table.get(id)?.stale)
      this.dirtyRuns.add(id);
    // inotify names the folder itself when it is removed or moved: its watch is dead.
    if (file === id) this.rewatch.add(id);
    if (file === null || file === id) this.dirtyNames.add(id);
    this.scheduleWork();
  }

  private scheduleWork(): void {
    if (this.workTimer || this.closed) return;
    // A short wait lets the truncate and the write of one open-and-write land together.
    this.workTimer = setTimeout(() => this.work(), READ_DELAY_MS);
  }

  private work(): void {
    if (this.workTimer) clearTimeout(this.workTimer);
    this.workTimer = null;
    if (this.closed) return;
    if (this.relistWanted) {
      this.relistWanted = false;
      const present = new Set(this.list());
      for (const id of [...this.table.ids()]) if (!present.has(id)) this.untrack(id);
      for (const id of present) if (!this.table.has(id)) this.track(id);
      this.dirState.readCurrent();
    }
    for (const name of this.dirtyNames) this.checkName(name);
    this.dirtyNames.clear();
    for (const id of this.dirtyRuns) this.table.refresh(id);
    this.dirtyRuns.clear();
  }

  /** One entry of the base folder changed: look at that entry only. */
  private checkName(name: string): void {
    if (name === CURRENT_LINK) return this.dirState.readCurrent();
    let st: fs.Stats | null = null;
    try {
      st = fs.lstatSync(path.join(this.dir, name));
    } catch {
      st = null;
    }
    this.dirState.noteName(name, st !== null);
    const isRun = st !== null && classifyEntry(this.dir, name, st).run;
    if (isRun && !this.table.has(name)) this.track(name);
    else if (!isRun && this.table.has(name)) this.untrack(name);
    else if (isRun && this.rewatch.has(name)) {
      // Removed and made again, or moved back: the old watch died with the old folder.
      this.untrack(name);
      this.track(name);
    }
    this.rewatch.delete(name);
    // The module updates `current` after creating a run; it may now point somewhere valid.
    this.dirState.readCurrent();
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    t.unref();
    this.timers.push(t);
  }

  // ---- public API ----

  runs(): RunRecord[] {
    return this.table.runs();
  }

  get(id: string): RunRecord | undefined {
    return this.table.get(id);
  }

  problems(): Problem[] {
    return this.dirState.problems();
  }

  /** inotify watches this index holds (base + run folders), for tests and diagnostics. */
  get watchCount(): number {
    return this.watchers.count;
  }

  /**
   * One delta per batch (at most 100 ms); returns the unsubscribe. `problems` in a delta
   * are the ones newly reported (a file that stayed unreadable past the bound, a new
   * bad name, the index going bad); problems() is the current directory-level list.
   */
  onDelta(cb: (d: RunDelta) => void): () => void {
    return this.emitter.onDelta(cb);
  }

  /** Initial scan progress; runs appear in deltas as they are read. */
  onProgress(cb: (p: ScanProgress) => void): () => void {
    return this.emitter.onProgress(cb);
  }

  /** This process wrote the run's notes.md: re-read it now (polling watches only metadata.json). */
  noteChanged(id: string): void {
    this.runEvent(id, NOTES_FILE);
  }

  /** Follows one run's checkpoints/, logs/ and results/ (top level) while subscribed. */
  watchRun(id: string, cb: (e: RunFileEvent) => void): RunWatch {
    this.subs ??= new RunSubscriptions(this.dir, {
      poll: this.mode === 'poll',
      pollIntervalMs: this.opts.pollIntervalMs,
    });
    return this.subs.subscribe(id, followedFolders(this.dir, id, this.table.get(id)), cb);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of [this.workTimer, this.indexTimer]) if (t) clearTimeout(t);
    this.emitter.close();
    for (const t of this.timers) clearInterval(t);
    this.watchers.close();
    this.table.close();
    this.dirState.close();
    await this.subs?.close();
  }
}
