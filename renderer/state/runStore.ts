// The run list as the renderer knows it: one snapshot, then deltas applied in place.
// Runs live in a Map keyed by id; a version counter tells views when to recompute, and
// a short log of which ids each version touched lets them patch instead of re-sorting
// 100k rows for every small delta.
import type { DirSnapshot } from '../../shared/api/models';
import { lineageProblems } from '../../shared/lineage';
import { prepareRun, type PreparedRun } from '../../shared/filter-match';
import type { NonRunEntry, Problem, RunDelta, RunRecord } from '../../shared/types';

/**
 * A run with its lower-cased filter fields (computed once per run version) and its
 * status and tags as small integers, so counting facets over 100k runs touches only
 * this object.
 */
export interface RunEntry extends PreparedRun {
  run: RunRecord;
  statusCode: number;
  tagCodes: number[];
}

/** Numbers for the distinct statuses or tags; they only grow while a directory is open. */
export class Codes {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  code(name: string): number {
    let c = this.index.get(name);
    if (c === undefined) {
      c = this.names.length;
      this.names.push(name);
      this.index.set(name, c);
    }
    return c;
  }
}

export interface ScanProgress {
  scanned: number;
  total: number;
  done: boolean;
}

export interface RunStoreState {
  /** Bumped whenever runs change. */
  version: number;
  /** Bumped when the set of highlighted rows changes. */
  flashTick: number;
  loaded: boolean;
  dir: string | null;
  scanning: boolean;
  progress: ScanProgress | null;
  problems: Problem[];
  nonRuns: NonRunEntry[];
  watchMode: 'native' | 'poll' | null;
  count: number;
}

/** How long a row stays highlighted after a live update. */
export const FLASH_MS = 2500;
const LOG_LENGTH = 64;

export class RunStore {
  private entries = new Map<string, RunEntry>();
  statusCodes = new Codes();
  tagCodes = new Codes();
  private listeners = new Set<() => void>();
  private touchLog: { version: number; ids: string[] }[] = [];
  private flashes = new Map<string, number>();
  private flashTimer: ReturnType<typeof setTimeout> | null = null;
  /** Each run as the server sent it; entries carry it with its orphan or cycle problem added. */
  private raw = new Map<string, RunRecord>();
  private lineage = new Map<string, Problem[]>();
  private state: RunStoreState = {
    version: 0,
    flashTick: 0,
    loaded: false,
    dir: null,
    scanning: false,
    progress: null,
    problems: [],
    nonRuns: [],
    watchMode: null,
    count: 0,
  };

  constructor(private readonly now: () => number = () => Date.now()) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getState = (): RunStoreState => this.state;

  get(id: string): RunRecord | undefined {
    return this.entries.get(id)?.run;
  }

  entry(id: string): RunEntry | undefined {
    return this.entries.get(id);
  }

  values(): IterableIterator<RunEntry> {
    return this.entries.values();
  }

  /** A new directory or a reconnect: everything before is forgotten. */
  loadSnapshot(snap: DirSnapshot): void {
    this.statusCodes = new Codes();
    this.tagCodes = new Codes();
    this.raw = new Map(snap.runs.map((r) => [r.run_id, r]));
    this.lineage = lineageProblems(snap.runs);
    this.entries = new Map(snap.runs.map((r) => [r.run_id, this.makeEntry(this.withLineage(r))]));
    this.touchLog = [];
    this.flashes.clear();
    this.update({
      version: this.state.version + 1,
      flashTick: this.state.flashTick + 1,
      loaded: true,
      dir: snap.dir,
      scanning: snap.scanning,
      progress: snap.scanning ? this.state.progress : null,
      problems: snap.problems,
      nonRuns: snap.entries,
      watchMode: snap.watchMode,
      count: this.entries.size,
    });
  }

  applyDelta(delta: RunDelta): void {
    const touched: string[] = [];
    const flashing = this.state.loaded && !this.state.scanning;
    const until = this.now() + FLASH_MS;
    // Orphans and cycles depend on other runs: looked at again when runs come, go or change parent.
    const relinked =
      delta.removed.length > 0 ||
      delta.added.length > 0 ||
      delta.changed.some((r) => this.raw.get(r.run_id)?.parent_run_id !== r.parent_run_id);
    for (const id of delta.removed) {
      this.raw.delete(id);
      if (this.entries.delete(id)) touched.push(id);
      this.flashes.delete(id);
    }
    for (const r of [...delta.added, ...delta.changed]) this.raw.set(r.run_id, r);
    if (relinked) touched.push(...this.relink());
    for (const r of [...delta.added, ...delta.changed]) {
      this.entries.set(r.run_id, this.makeEntry(this.withLineage(r)));
      touched.push(r.run_id);
      // Rows read during the initial scan are not news; only later changes flash.
      if (flashing) this.flashes.set(r.run_id, until);
    }
    if (touched.length === 0 && delta.problems.length === 0) return;
    const version = this.state.version + 1;
    this.touchLog.push({ version, ids: touched });
    if (this.touchLog.length > LOG_LENGTH) this.touchLog.shift();
    if (flashing && touched.length) this.scheduleFlashExpiry();
    this.update({
      version,
      flashTick: flashing ? this.state.flashTick + 1 : this.state.flashTick,
      problems: delta.problems.length ? delta.problems : this.state.problems,
      count: this.entries.size,
    });
  }

  private withLineage(r: RunRecord): RunRecord {
    const extra = this.lineage.get(r.run_id);
    return extra ? { ...r, problems: [...r.problems, ...extra] } : r;
  }

  /** Works the lineage problems out again; the runs whose problems changed get new entries. */
  private relink(): string[] {
    const before = this.lineage;
    this.lineage = lineageProblems([...this.raw.values()]);
    const changed: string[] = [];
    for (const id of new Set([...before.keys(), ...this.lineage.keys()])) {
      const r = this.raw.get(id);
      if (!r || JSON.stringify(before.get(id)) === JSON.stringify(this.lineage.get(id))) continue;
      this.entries.set(id, this.makeEntry(this.withLineage(r)));
      changed.push(id);
    }
    return changed;
  }

  private makeEntry(r: RunRecord): RunEntry {
    return {
      ...prepareRun(r),
      run: r,
      statusCode: this.statusCodes.code(r.status),
      tagCodes: r.tags.map((t) => this.tagCodes.code(t)),
    };
  }

  setProgress(p: ScanProgress): void {
    this.update({ progress: p.done ? null : p, scanning: !p.done });
  }

  /**
   * The ids changed since `version`, or null when the log no longer reaches back
   * that far (or a snapshot replaced everything) and a view must recompute.
   */
  touchedSince(version: number): Set<string> | null {
    if (version === this.state.version) return new Set();
    const first = this.touchLog[0];
    if (!first || first.version > version + 1) return null;
    const ids = new Set<string>();
    for (const e of this.touchLog) if (e.version > version) for (const id of e.ids) ids.add(id);
    return ids;
  }

  isFlashing(id: string): boolean {
    const until = this.flashes.get(id);
    return until !== undefined && until > this.now();
  }

  private scheduleFlashExpiry(): void {
    if (this.flashTimer) return;
    this.flashTimer = setTimeout(() => {
      this.flashTimer = null;
      const now = this.now();
      for (const [id, until] of this.flashes) if (until <= now) this.flashes.delete(id);
      this.update({ flashTick: this.state.flashTick + 1 });
      if (this.flashes.size) this.scheduleFlashExpiry();
    }, FLASH_MS);
  }

  private update(patch: Partial<RunStoreState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  dispose(): void {
    if (this.flashTimer) clearTimeout(this.flashTimer);
    this.listeners.clear();
  }
}
