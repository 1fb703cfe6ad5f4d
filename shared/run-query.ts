// Filtering and ordering of runs, shared by the CLI, the server and the UI.
import type { RunRecord } from './types';

export interface RunQuery {
  statuses?: string[];
  tags?: string[];
  search?: string;
  limit?: number;
}

/** What filtering looks at: a whole record, or the summary `list --json` prints. */
export type Queryable = Pick<RunRecord, 'run_id' | 'description' | 'status' | 'tags' | 'user' | 'hostname'>;
/** What ordering looks at. */
export type Dated = Pick<RunRecord, 'run_id' | 'created_ms'>;

/** Newest first by the parsed created_at; runs without a usable date go last. */
export function compareNewestFirst(a: Dated, b: Dated): number {
  const am = a.created_ms ?? -Infinity;
  const bm = b.created_ms ?? -Infinity;
  if (am !== bm) return bm - am;
  return a.run_id < b.run_id ? -1 : a.run_id > b.run_id ? 1 : 0;
}

export function matchesSearch(r: Queryable, text: string): boolean {
  const needle = text.toLowerCase();
  return [r.run_id, r.description, r.user ?? '', r.hostname ?? '', ...r.tags].some((v) =>
    v.toLowerCase().includes(needle),
  );
}

export function hasFilter(q: RunQuery): boolean {
  return Boolean(q.statuses?.length || q.tags?.length || q.search);
}

export function matchesQuery(r: Queryable, q: RunQuery): boolean {
  return (
    (!q.statuses?.length || q.statuses.includes(r.status)) &&
    (!q.tags?.length || q.tags.every((t) => r.tags.includes(t))) &&
    (!q.search || matchesSearch(r, q.search))
  );
}

/** Sorts in place, newest first, and keeps the first `limit`. */
export function newestFirst<T extends Dated>(runs: T[], limit?: number): T[] {
  runs.sort(compareNewestFirst);
  return limit !== undefined && limit >= 0 ? runs.slice(0, limit) : runs;
}

export function queryRuns<T extends Queryable & Dated>(runs: readonly T[], q: RunQuery = {}): T[] {
  return newestFirst(hasFilter(q) ? runs.filter((r) => matchesQuery(r, q)) : [...runs], q.limit);
}

/** The summary `runyard list --json` prints for each run. */
export function runSummary(r: RunRecord) {
  return {
    run_id: r.run_id,
    description: r.description,
    status: r.status,
    tags: r.tags,
    created_at: r.created_at,
    started_at: r.started_at,
    completed_at: r.completed_at,
    parent_run_id: r.parent_run_id,
    user: r.user,
    hostname: r.hostname,
    git_commit: r.git_commit,
    checkpoint_count: r.checkpoints.length,
    problems: r.problems,
  };
}
export type RunSummary = ReturnType<typeof runSummary>;

/**
 * A run named by its full id or by a unique prefix of at least 4 characters.
 * Returns the id, or the reason it could not be chosen.
 */
export function resolveRunRef(
  ids: readonly string[],
  ref: string,
): { id: string } | { error: string; candidates: string[] } {
  if (ids.includes(ref)) return { id: ref };
  if (ref.length < 4)
    return { error: `no run ${JSON.stringify(ref)} (a prefix needs at least 4 characters)`, candidates: [] };
  const candidates = ids.filter((id) => id.startsWith(ref)).sort();
  if (candidates.length === 1) return { id: candidates[0]! };
  if (candidates.length === 0) return { error: `no run matches ${JSON.stringify(ref)}`, candidates };
  return {
    error: `${JSON.stringify(ref)} is ambiguous: it matches ${candidates.length} runs (${candidates.slice(0, 10).join(', ')}${candidates.length > 10 ? ', …' : ''})`,
    candidates,
  };
}
