// Reads a runs directory. The run folders are the truth; the index only fills in for
// a run whose metadata cannot be read. Reading never writes, and no single bad file
// stops the scan. Synchronous on purpose: readFileSync + JSON.parse is about five
// times faster than fs.promises at 10k runs (DEVELOPERS.md).
import fs from 'node:fs';
import path from 'node:path';
import { lineageProblems, lineageProblemsOf } from '../../shared/lineage';
import { runIdProblem } from '../../shared/run-id';
import type { IndexEntry, NonRunEntry, Problem, RunRecord, ScanResult } from '../../shared/types';
import { MetadataCache, statKey } from './metadata-cache';
import { INDEX_FILE } from './paths';
import { classifyEntry } from './base-entries';
import { readIndex, type IndexRead } from './index-read';
import { readRun, readRunCached } from './run-read';

// Homes of the readers that live/ and api/ still import through this module.
export { classifyEntry, describeCurrent } from './base-entries';
export { readIndex } from './index-read';
export { readRunFile, readRunFileCached } from './run-read';

export interface ScanOptions {
  /** stat each metadata.json for its mtime (needed for staleness, not for listing). */
  withMtime?: boolean;
  /**
   * Reuse parsed metadata from the user's cache folder for files whose inode, size and
   * mtime are unchanged (one stat per run instead of a read and a parse).
   */
  cache?: boolean;
}

export function scanRuns(base: string, opts: ScanOptions = {}): ScanResult {
  const dirents = fs.readdirSync(base, { withFileTypes: true });
  const cache = opts.cache ? MetadataCache.open(base) : null;
  // The index is only needed for its own problems and as hints for unreadable runs.
  let indexRead: IndexRead | null = null;
  const index = () => (indexRead ??= readIndex(base));
  let hints: Map<string, IndexEntry> | null = null;
  const hint = (id: string) => (hints ??= new Map(index().index?.runs.map((e) => [e.run_id, e]) ?? [])).get(id);
  const runs: RunRecord[] = [];
  const entries: NonRunEntry[] = [];
  const problems: Problem[] = [];
  const indexProblem = cache ? cachedIndexProblem(base, cache, () => index().problem) : index().problem;
  if (indexProblem) problems.push(indexProblem);
  for (const d of dirents) {
    const name = d.name;
    const c = classifyEntry(base, name, d);
    if (!c.run) {
      entries.push(c.entry);
      if (c.problem) problems.push(c.problem);
      continue;
    }
    const run = cache
      ? readRunCached(base, name, cache, hint, opts.withMtime)
      : readRun(base, name, () => hint(name), opts.withMtime);
    if (run) runs.push(run);
    else if (fs.existsSync(path.join(base, name)))
      entries.push({ name, kind: 'folder-without-metadata', detail: 'a folder without metadata.json' });
  }
  cache?.save();
  // After saving: what the cache keeps of a run must not depend on other runs.
  withLineageProblems(runs);
  return { runs, entries, problems };
}

/** Adds each run's orphan or cycle problem (shared/lineage.ts) to its own problems. */
export function withLineageProblems(runs: RunRecord[]): void {
  const found = lineageProblems(runs);
  if (!found.size) return;
  for (const r of runs) {
    const extra = found.get(r.run_id);
    if (extra) r.problems = [...r.problems, ...extra];
  }
}

/** One run's orphan or cycle problem, found by reading its ancestors' metadata only. */
export function lineageProblemsOfRun(base: string, id: string): Problem[] {
  return lineageProblemsOf(id, (x) => {
    // A run as the scan sees one: a real folder (not a link) with a valid name and metadata.
    const r =
      runIdProblem(x) || !fs.lstatSync(path.join(base, x), { throwIfNoEntry: false })?.isDirectory()
        ? null
        : readRun(base, x);
    return r ? r.parent_run_id : undefined;
  });
}

function cachedIndexProblem(base: string, cache: MetadataCache, read: () => Problem | null): Problem | null {
  const st = fs.statSync(path.join(base, INDEX_FILE), { throwIfNoEntry: false });
  if (!st) return read();
  const key = statKey(st);
  const known = cache.indexProblem(key);
  if (known !== undefined) return known;
  const problem = read();
  cache.storeIndex(key, problem);
  return problem;
}
