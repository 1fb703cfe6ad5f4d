// The runs directory the backend has open: its store (writes, single-run reads) and its
// live index (the run list, kept current by the watcher). Deltas go to every session;
// a run that leaves an active status for completed or failed is announced once.
import fs from 'node:fs';
import path from 'node:path';
import type { DirSnapshot } from '../../shared/api/models';
import { ACTIVE_STATUSES, type NonRunEntry, type RunDelta, type RunRecord } from '../../shared/types';
import { LiveIndex } from '../live/live-index';
import { classifyEntry } from '../store/base-entries';
import { UsageMeter, defaultUsageCacheFile } from '../store/usage-meter';
import { RunsDir } from '../store/runs-dir';
import { StoreError } from '../store/errors';

export interface OpenDirOptions {
  watch?: 'auto' | 'native' | 'poll';
  pollIntervalMs?: number;
  staleAfterMs?: number;
}

export interface OpenDirEvents {
  delta(d: RunDelta): void;
  progress(p: { scanned: number; total: number; done: boolean }): void;
  finished(run: RunRecord): void;
}

const FINISHED = new Set(['completed', 'failed']);

export class OpenDir {
  readonly store: RunsDir;
  readonly live: LiveIndex;
  private readonly lastStatus = new Map<string, string>();
  private readonly unsubscribe: (() => void)[] = [];
  private scanning = true;
  private du: UsageMeter | null = null;

  private constructor(
    readonly dir: string,
    opts: OpenDirOptions,
    events: OpenDirEvents,
  ) {
    this.store = new RunsDir(dir, { gitRepo: null });
    this.live = new LiveIndex(dir, {
      watch: opts.watch,
      pollIntervalMs: opts.pollIntervalMs,
      staleAfterMs: opts.staleAfterMs,
    });
    this.unsubscribe.push(
      this.live.onDelta((d) => {
        // The initial scan's rows reach clients in the snapshot, not as a delta that could
        // land in a client still showing the previous folder.
        if (this.scanning) return;
        this.noticeFinished(d, events);
        events.delta(d);
      }),
      this.live.onProgress((p) => events.progress(p)),
    );
  }

  static async open(dir: string, opts: OpenDirOptions, events: OpenDirEvents): Promise<OpenDir> {
    const abs = path.resolve(dir);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw new StoreError('not-found', `there is no folder at ${abs}`);
    }
    if (!st.isDirectory()) throw new StoreError('invalid', `${abs} is a file, not a runs folder`);
    const d = new OpenDir(abs, opts, events);
    try {
      await d.live.start();
    } catch (e) {
      await d.close();
      throw e instanceof StoreError ? e : new StoreError('io', `cannot watch ${abs}: ${(e as Error).message}`);
    }
    d.scanning = false;
    for (const r of d.live.runs()) d.lastStatus.set(r.run_id, r.status);
    return d;
  }

  private noticeFinished(d: RunDelta, events: OpenDirEvents): void {
    for (const r of d.added) this.lastStatus.set(r.run_id, r.status);
    for (const r of d.changed) {
      const before = this.lastStatus.get(r.run_id);
      this.lastStatus.set(r.run_id, r.status);
      if (before !== undefined && ACTIVE_STATUSES.includes(before) && FINISHED.has(r.status)) events.finished(r);
    }
    for (const id of d.removed) this.lastStatus.delete(id);
  }

  /** Sizes, cached per directory in the user's cache folder (never in the runs folder). */
  get usage(): UsageMeter {
    this.du ??= new UsageMeter(this.dir, { cacheFile: defaultUsageCacheFile(this.dir) });
    return this.du;
  }

  runs(): RunRecord[] {
    return this.live.runs();
  }

  runCount(): number {
    return this.live.runs().length;
  }

  snapshot(): DirSnapshot {
    const runs = this.live.runs();
    return {
      dir: this.dir,
      runs,
      entries: nonRunEntries(this.dir, new Set(runs.map((r) => r.run_id))),
      problems: this.live.problems(),
      scanning: this.scanning,
      watchMode: this.live.mode,
    };
  }

  async close(): Promise<void> {
    for (const u of this.unsubscribe.splice(0)) u();
    await this.live.close();
  }
}

/** What sits in the runs directory besides runs; one readdir, no reads of run folders. */
export function nonRunEntries(dir: string, runIds: ReadonlySet<string>): NonRunEntry[] {
  let dirents: fs.Dirent[];
  try {
    dirents = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: NonRunEntry[] = [];
  for (const d of dirents) {
    if (runIds.has(d.name)) continue;
    const c = classifyEntry(dir, d.name, d);
    out.push(
      c.run ? { name: d.name, kind: 'folder-without-metadata', detail: 'a folder without metadata.json' } : c.entry,
    );
  }
  return out;
}
