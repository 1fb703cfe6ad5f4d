// The live index's records: what each run folder's metadata.json last said when it
// parsed, the stale flag, and the changes since the last batch. A half-written file
// never replaces a good record; it is re-read until it parses, and only after the
// bound does the run carry a problem saying so.
import fs from 'node:fs';
import path from 'node:path';
import { DeltaAccumulator } from '../../shared/run-delta';
import { isStale } from '../../shared/staleness';
import { ACTIVE_STATUSES, type IndexEntry, type Problem, type RunRecord } from '../../shared/types';
import type { MetadataCache } from '../store/metadata-cache';
import { noteExcerpt } from '../store/notes-file';
import { METADATA_FILE } from '../store/paths';
import { readRunFile, readRunFileCached } from '../store/run-read';
import { lastActivityMs } from './activity';
import { fileVersion, RetryBook } from './retry-book';

interface Entry {
  /** What runs() shows; null while the folder has no usable metadata yet. */
  shown: RunRecord | null;
  /** The last record read from a complete file. */
  good: RunRecord | null;
  /** Last sign of life, for active runs; 0 until first looked at. */
  activityMs: number;
}

export interface RunTableOptions {
  staleAfterMs: number;
  halfWrittenBoundMs: number;
  hint: (id: string) => IndexEntry | undefined;
  /** Called whenever the accumulator goes from empty to non-empty. */
  onChange: () => void;
  now?: () => number;
}

function sameRecord(a: RunRecord, b: RunRecord): boolean {
  return JSON.stringify({ ...a, mtime_ms: 0 }) === JSON.stringify({ ...b, mtime_ms: 0 });
}

export class LiveRecords {
  private readonly entries = new Map<string, Entry>();
  readonly acc = new DeltaAccumulator();
  private readonly retries: RetryBook;
  private readonly now: () => number;

  constructor(
    private readonly base: string,
    private readonly opts: RunTableOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.retries = new RetryBook(opts.halfWrittenBoundMs, (id) => this.entries.has(id) && this.refresh(id), this.now);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  ids(): IterableIterator<string> {
    return this.entries.keys();
  }

  get(id: string): RunRecord | undefined {
    return this.entries.get(id)?.shown ?? undefined;
  }

  runs(): RunRecord[] {
    const out: RunRecord[] = [];
    for (const e of this.entries.values()) if (e.shown) out.push(e.shown);
    return out;
  }

  get size(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.shown) n++;
    return n;
  }

  isActive(id: string): boolean {
    const s = this.entries.get(id)?.shown;
    return !!s && ACTIVE_STATUSES.includes(s.status);
  }

  /** Starts following a run folder and reads it. */
  /** `cache`: parsed metadata from the user's cache folder, for the initial scan. */
  track(id: string, cache?: MetadataCache | null): void {
    if (!this.entries.has(id)) this.entries.set(id, { shown: null, good: null, activityMs: 0 });
    this.refresh(id, cache);
  }

  /** The folder is gone. */
  remove(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.retries.settled(id);
    this.entries.delete(id);
    if (e.shown) this.put(id, null, true);
  }

  /** Something in the run's folder changed just now: a sign of life. */
  touch(id: string): void {
    const e = this.entries.get(id);
    if (e) e.activityMs = this.now();
  }

  /** Re-reads metadata.json; the only way a record changes. */
  refresh(id: string, cache?: MetadataCache | null): void {
    const e = this.entries.get(id);
    if (!e) return;
    const r = cache
      ? readRunFileCached(this.base, id, cache, this.opts.hint)
      : readRunFile(this.base, id, () => this.opts.hint(id), true);
    if (r.kind === 'missing') {
      this.retries.settled(id);
      if (!fs.existsSync(path.join(this.base, id))) return this.remove(id);
      // A folder without metadata.json is not a run (yet): hide it, keep following it.
      e.good = null;
      return this.show(id, e, null);
    }
    if (r.kind === 'partial') {
      if (this.retries.failed(id, fileVersion(path.join(this.base, id, METADATA_FILE))) === 'retry') return;
      const problem: Problem = {
        ...r.record.problems[0]!,
        message: `${r.record.problems[0]!.message}; still unreadable after ${Math.round(this.opts.halfWrittenBoundMs / 1000)} s`,
      };
      const shown = e.good
        ? { ...e.good, problems: [...e.good.problems, problem] }
        : { ...r.record, problems: [problem] };
      if (!e.shown || !e.shown.problems.some((p) => p.message === problem.message)) this.problem(problem);
      return this.show(id, e, shown);
    }
    this.retries.settled(id);
    // The note's start rides on the record so that the table's free words find notes with
    // no request of their own; a run without notes.md costs one lstat.
    const note = noteExcerpt(this.base, path.join(this.base, id));
    const record = note === undefined ? r.record : { ...r.record, note };
    e.good = record;
    // metadata.json's mtime is a first answer; the folders are only looked at when that says stale.
    e.activityMs = Math.max(e.activityMs, record.mtime_ms);
    this.show(id, e, record);
  }

  /** Re-evaluates the stale flag of every active run. */
  checkStale(): void {
    const now = this.now();
    for (const [id, e] of this.entries) {
      if (!e.shown) continue;
      const want = this.staleOf(id, e, e.shown, now);
      if (want !== (e.shown.stale ?? false)) this.show(id, e, e.shown);
    }
  }

  private staleOf(id: string, e: Entry, s: RunRecord, now: number): boolean {
    if (!isStale(s.status, e.activityMs || now, now, this.opts.staleAfterMs)) return false;
    // Events only cover the top level; look at the subfolders before calling a run stale.
    e.activityMs = Math.max(e.activityMs, lastActivityMs(this.base, id));
    return isStale(s.status, e.activityMs, now, this.opts.staleAfterMs);
  }

  private show(id: string, e: Entry, next: RunRecord | null): void {
    const before = e.shown;
    if (next) {
      const stale = this.staleOf(id, e, next, this.now());
      next = next.stale === stale ? next : { ...next, stale };
    }
    if (before === next) return;
    if (before && next && sameRecord(before, next)) {
      e.shown = next;
      return;
    }
    e.shown = next;
    this.put(id, next, before !== null);
  }

  private put(id: string, record: RunRecord | null, existed: boolean): void {
    const wasEmpty = this.acc.empty;
    this.acc.put(id, record, existed);
    if (wasEmpty) this.opts.onChange();
  }

  problem(p: Problem): void {
    const wasEmpty = this.acc.empty;
    this.acc.problem(p);
    if (wasEmpty) this.opts.onChange();
  }

  close(): void {
    this.retries.clear();
  }
}
