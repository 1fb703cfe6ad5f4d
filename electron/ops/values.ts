// Run values as columns and filters, for the API (values.columns, values.get) and the
// CLI (`list --filter --columns`): one reader per runs directory, whose cache makes the
// second request for a column cost a stat per file (store/run-values.ts).
import { isEmptyFilter, parseFilter, requiredPaths, type ParsedFilter } from '../../shared/filter-parse';
import { matchRun, prepareRun } from '../../shared/filter-match';
import { absentValueHints } from '../../shared/filter-hints';
import type { RunValues, ValueColumns } from '../../shared/api/value-models';
import type { Problem, RunRecord } from '../../shared/types';
import {
  KeyCounter,
  missingPathMessage,
  parseValuePath,
  toRunValue,
  VALUE_SOURCES,
  type RunValue,
  type ValueLookup,
  type ValueSource,
} from '../../shared/values';
import { RunValueReader } from '../store/run-values';

/** Readers kept for the folders used last; each holds its folder's parsed files. */
const MAX_READERS = 4;
const readers = new Map<string, RunValueReader>();

export function valueReader(dir: string): RunValueReader {
  let r = readers.get(dir);
  if (r) readers.delete(dir);
  else r = new RunValueReader(dir);
  readers.set(dir, r);
  while (readers.size > MAX_READERS) readers.delete(readers.keys().next().value!);
  return r;
}

/** Problems sent at most; a folder of 10k broken configs needs the first ones and a count, not all. */
export const MAX_PROBLEMS = 500;

/** A metadata value as a cell: tags as "a, b", the checkpoint list as its length. */
function metaCell(v: unknown): RunValue | undefined {
  if (Array.isArray(v)) {
    if (v.every((x) => x === null || typeof x !== 'object')) return v.map((x) => String(x)).join(', ');
    return v.length;
  }
  return toRunValue(v);
}

/** `meta.KEY` of a run: every metadata.json key, the module's and the extra ones. */
export function metaValues(r: RunRecord): Map<string, RunValue> {
  const out = new Map<string, RunValue>();
  const fields: Record<string, unknown> = {
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
    checkpoints: r.checkpoints,
    ...r.extra,
  };
  for (const [k, v] of Object.entries(fields)) {
    const cell = metaCell(v);
    if (cell !== undefined) out.set(`meta.${k}`, cell);
  }
  return out;
}

class ProblemList {
  readonly list: Problem[] = [];
  private readonly seen = new Set<string>();
  more = 0;

  add(p: Problem | null): void {
    if (!p || this.seen.has(p.message)) return;
    this.seen.add(p.message);
    if (this.list.length < MAX_PROBLEMS) this.list.push(p);
    else this.more++;
  }
}

export type RunValuesAnswer = RunValues;

/** The values of `paths` for `runs`. A path that is not a value path is refused before anything is read. */
export function readRunValues(
  reader: RunValueReader,
  runs: readonly RunRecord[],
  paths: readonly string[],
): RunValuesAnswer {
  for (const p of paths) {
    const parsed = parseValuePath(p);
    if ('error' in parsed) throw new ValuePathError(parsed.error);
  }
  const values: Record<string, Record<string, RunValue>> = {};
  const counts: Record<string, number> = Object.fromEntries(paths.map((p) => [p, 0]));
  const problems = new ProblemList();
  const metaPaths = paths.filter((p) => p.startsWith('meta.'));
  for (const r of runs) {
    const row: Record<string, RunValue> = {};
    const meta = metaPaths.length ? metaValues(r) : null;
    for (const p of paths) {
      let v: RunValue | undefined;
      if (meta) v = meta.get(p);
      if (!p.startsWith('meta.')) {
        const got = reader.value(r.run_id, p);
        problems.add(got.problem);
        v = got.value;
      }
      if (v !== undefined) {
        row[p] = v;
        counts[p]!++;
      }
    }
    values[r.run_id] = row;
  }
  const absent = paths.filter((p) => counts[p] === 0);
  const missing =
    absent.length && runs.length ? absent.map((p) => missingPathMessage(p, knownPaths(reader, runs))) : [];
  return { paths: [...paths], values, counts, missing, problems: problems.list, more_problems: problems.more };
}

export class ValuePathError extends Error {}

/** The paths some of the first runs have, for "did you mean". */
function knownPaths(reader: RunValueReader, runs: readonly RunRecord[]): string[] {
  const known = new Set<string>();
  const problems = new ProblemList();
  for (const r of runs.slice(0, 200)) visitLeaves(reader, r, problems, (_s, k) => known.add(k));
  return [...known];
}

/** Every value of a run, source by source, without gathering them first (values.columns visits 10k runs). */
function visitLeaves(
  reader: RunValueReader,
  r: RunRecord,
  problems: ProblemList,
  visit: (source: ValueSource, path: string, v: RunValue) => void,
): void {
  for (const source of ['config', 'params'] as const) {
    const { leaves, problem } = reader.docLeaves(r.run_id, source);
    problems.add(problem);
    for (const [k, v] of leaves) visit(source, k, v);
  }
  const results = reader.resultsLeaves(r.run_id);
  for (const p of results.problems) problems.add(p);
  for (const [k, v] of results.leaves) visit('results', k, v);
  for (const [k, v] of metaValues(r)) visit('meta', k, v);
}

export type ValueColumnsAnswer = ValueColumns;

/** The keys found in the runs' files, per source, varying first, with how many runs have each. */
export function valueColumns(
  reader: RunValueReader,
  runs: readonly RunRecord[],
  maxKeysPerSource = 2000,
): ValueColumnsAnswer {
  const counters = new Map<ValueSource, KeyCounter>(VALUE_SOURCES.map((s) => [s, new KeyCounter(maxKeysPerSource)]));
  const problems = new ProblemList();
  const bySource = VALUE_SOURCES.map((s) => counters.get(s)!);
  const at: Record<ValueSource, number> = { config: 0, params: 1, meta: 2, results: 3 };
  for (const r of runs) visitLeaves(reader, r, problems, (source, k, v) => bySource[at[source]]!.add(k, v));
  return {
    runs: runs.length,
    sources: VALUE_SOURCES.map((source) => ({
      source,
      keys: counters.get(source)!.ranked(),
      truncated: counters.get(source)!.truncated,
    })),
    problems: problems.list,
    more_problems: problems.more,
  };
}

/** A lookup over an answer, for judging a filter. */
export function lookupOf(answer: RunValuesAnswer): ValueLookup {
  return (id, p) => answer.values[id]?.[p];
}

export interface FilteredRuns {
  runs: RunRecord[];
  filter: ParsedFilter;
  /** What makes the filter unusable: nothing was filtered. */
  errors: string[];
  /** Paths no run has, and files that could not give their values. */
  warnings: string[];
}

/** The runs a filter text lets through, reading the values it compares. */
export function filterRuns(
  reader: RunValueReader,
  runs: readonly RunRecord[],
  text: string,
  now = Date.now(),
): FilteredRuns {
  const filter = parseFilter(text, now);
  const errors = [...filter.errors, ...filter.incomplete.map((t) => `"${t}" has no value to compare with`)];
  if (errors.length) return { runs: [], filter, errors, warnings: [] };
  if (isEmptyFilter(filter)) return { runs: [...runs], filter, errors, warnings: [] };
  const paths = requiredPaths(filter);
  const answer = paths.length ? readRunValues(reader, runs, paths) : null;
  const lookup = answer ? lookupOf(answer) : undefined;
  const kept = runs.filter((r) => matchRun(prepareRun(r), filter, lookup));
  const warnings = answer ? [...answer.missing, ...answer.problems.map((p) => p.message)] : [];
  if (!kept.length) warnings.push(...absentValueHints(filter, runs));
  if (answer?.more_problems) warnings.push(`… and ${answer.more_problems} more files that could not give their values`);
  return { runs: kept, filter, errors, warnings };
}
