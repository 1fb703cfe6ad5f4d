// The rows the table shows. All runs are kept sorted for the current sort (sorted once,
// then patched for each delta by binary insertion); filtering is then one pass over
// that order, so a keystroke in the filter box never sorts, and a delta never sorts
// all 100k runs again. The same pass counts the facets.
import { BASE, judgeRun, STATUS, TAG } from '../../shared/filter-match';
import { type ParsedFilter } from '../../shared/filter-parse';
import { valueTermsNarrow } from '../../shared/filter-values';
import type { RunRecord } from '../../shared/types';
import type { RunEntry, RunStore } from './runStore';
import type { ValueLookup } from '../../shared/values';
import { compareKeys, isValueColumn, sortKey, tieBreak, type SortKey, type SortSpec } from './sortKeys';

export interface ViewInput {
  filter: ParsedFilter;
  sort: SortSpec;
  sizes: ReadonlyMap<string, number>;
  /** Changes when sizes arrive; only matters while sorting by size. */
  sizesVersion: number;
  /** Run values for value filters and value columns (renderer/state/valueStore.ts). */
  values?: ValueLookup;
  /** Changes when values arrive or are forgotten; only matters when the filter or the sort uses them. */
  valuesVersion?: number;
}

export interface RunView {
  input: ViewInput;
  storeVersion: number;
  /** Every run, in sort order. */
  sorted: RunEntry[];
  /** The runs that match the filter, in sort order. */
  rows: RunRecord[];
  /** The runs that match all but the status and tag parts, in sort order: where a narrower filter needs to look. */
  base: RunEntry[];
  /** Counts for each value, over the runs that match every other part of the filter. */
  statusCounts: [string, number][];
  tagCounts: [string, number][];
}

/** Beyond this many touched runs, one sort is cheaper than many inserts. */
const PATCH_LIMIT = 2000;

export function computeView(store: RunStore, input: ViewInput, prev: RunView | null, now = Date.now()): RunView {
  const storeVersion = store.getState().version;
  const sameOrder =
    prev !== null &&
    prev.input.sort.column === input.sort.column &&
    prev.input.sort.desc === input.sort.desc &&
    (input.sort.column !== 'size' || prev.input.sizesVersion === input.sizesVersion) &&
    (!isValueColumn(input.sort.column) || prev.input.valuesVersion === input.valuesVersion);
  const sameValues = prev !== null && prev.input.valuesVersion === input.valuesVersion;
  const touched = sameOrder ? store.touchedSince(prev.storeVersion) : null;
  if (prev && touched && touched.size === 0 && prev.input.filter === input.filter && sameValues)
    return { ...prev, input };
  let sorted: RunEntry[];
  if (prev && touched && touched.size <= PATCH_LIMIT)
    sorted = touched.size ? patchSorted(prev.sorted, touched, store, input, now) : prev.sorted;
  else sorted = sortEntries([...store.values()], input, now);
  // Typing on in the filter box only narrows: look only where the last text matched.
  // New values can let runs in, so the last matches are no bound then.
  const pool =
    prev && sorted === prev.sorted && sameValues && narrows(prev.input.filter, input.filter) ? prev.base : sorted;
  return { input, storeVersion, sorted, ...filterSorted(pool, input, store, prev?.rows ?? null) };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * True when every run `next` matches (status and tags aside), `prev` matched too: the
 * same tokens, every earlier negated term still there, and each earlier word inside some word now (a run whose text holds
 * "beta=0.42" holds "beta=0.4").
 */
export function narrows(prev: ParsedFilter, next: ParsedFilter): boolean {
  return (
    sameList(prev.users, next.users) &&
    sameList(prev.hosts, next.hosts) &&
    sameList(prev.parents, next.parents) &&
    prev.before === next.before &&
    prev.after === next.after &&
    valueTermsNarrow(prev.values, next.values) &&
    prev.words.every((w) => next.words.some((n) => n.includes(w))) &&
    // One more negated word, user, host or parent only leaves more out.
    (['words', 'users', 'hosts', 'parents'] as const).every((k) => prev.not[k].every((x) => next.not[k].includes(x)))
  );
}

function filterSorted(pool: RunEntry[], { filter, values }: ViewInput, store: RunStore, prevRows: RunRecord[] | null) {
  const statusCounts = new Int32Array(store.statusCodes.names.length);
  const tagCounts = new Int32Array(store.tagCodes.names.length);
  const rows: RunRecord[] = [];
  const base: RunEntry[] = [];
  // Whether the rows are exactly the previous ones: then the table keeps its array and
  // does not render again (most keystrokes at 100k runs change nothing in view).
  let same = prevRows !== null;
  for (const e of pool) {
    const v = judgeRun(e, filter, values);
    if (!(v & BASE)) continue;
    base.push(e);
    if (v & TAG) statusCounts[e.statusCode]!++;
    if (v & STATUS) for (const t of e.tagCodes) tagCounts[t]!++;
    if (v & STATUS && v & TAG) {
      if (same && prevRows![rows.length] !== e.run) same = false;
      rows.push(e.run);
    }
  }
  if (same && rows.length !== prevRows!.length) same = false;
  return {
    rows: same ? prevRows! : rows,
    base,
    statusCounts: byCount(statusCounts, store.statusCodes.names),
    tagCounts: byCount(tagCounts, store.tagCodes.names),
  };
}

function byCount(counts: Int32Array, names: readonly string[]): [string, number][] {
  const out: [string, number][] = [];
  counts.forEach((n, i) => {
    if (n > 0) out.push([names[i]!, n]);
  });
  return out.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

export function sortEntries(entries: RunEntry[], { sort, sizes, values }: ViewInput, now: number): RunEntry[] {
  const keys = entries.map((e) => sortKey(sort.column, e.run, sizes, now, values));
  const order = entries.map((_, i) => i);
  order.sort((a, b) => compareKeys(keys[a]!, keys[b]!, sort.desc) || tieBreak(entries[a]!.run, entries[b]!.run));
  return order.map((i) => entries[i]!);
}

function patchSorted(
  prev: RunEntry[],
  touched: Set<string>,
  store: RunStore,
  { sort, sizes, values }: ViewInput,
  now: number,
): RunEntry[] {
  const out = prev.filter((e) => !touched.has(e.run.run_id));
  const cmp = (a: RunRecord, ak: SortKey, b: RunRecord) =>
    compareKeys(ak, sortKey(sort.column, b, sizes, now, values), sort.desc) || tieBreak(a, b);
  for (const id of touched) {
    const entry = store.entry(id);
    if (!entry) continue;
    const key = sortKey(sort.column, entry.run, sizes, now, values);
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(entry.run, key, out[mid]!.run) > 0) lo = mid + 1;
      else hi = mid;
    }
    out.splice(lo, 0, entry);
  }
  return out;
}
