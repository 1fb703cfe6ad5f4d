// What each column sorts by. Keys are computed once per row before a full sort, and
// compared with plain < so 100k rows sort in tens of milliseconds. A value column
// (config.beta) sorts by shared/values.ts compareValues: numbers as numbers, then text,
// and runs without the value last in both directions.
import type { RunRecord } from '../../shared/types';
import { compareValues, isValuePath, type RunValue, type ValueLookup } from '../../shared/values';
import { originOf, shownId, shownParent } from './allFolders';

/** `folder` shows only in the All folders view (renderer/state/allFolders.ts). */
export const COLUMN_IDS = [
  'folder',
  'status',
  'id',
  'description',
  'tags',
  'created',
  'duration',
  'user',
  'host',
  'checkpoints',
  'size',
  'parent',
] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

export const COLUMN_LABELS: Record<ColumnId, string> = {
  folder: 'Folder',
  status: 'Status',
  id: 'ID',
  description: 'Description',
  tags: 'Tags',
  created: 'Created',
  duration: 'Duration',
  user: 'User',
  host: 'Host',
  checkpoints: 'Checkpoints',
  size: 'Size',
  parent: 'Parent',
};

export const isColumnId = (s: string): s is ColumnId => (COLUMN_IDS as readonly string[]).includes(s);

/** A built-in column or a value path such as `config.beta`. */
export type TableColumnId = string;

export const isValueColumn = (id: string): boolean => !isColumnId(id) && isValuePath(id);
/** Whether a table can show and sort by this id. */
export const isTableColumn = (id: string): boolean => isColumnId(id) || isValuePath(id);
/** The columns the table shows: the user's choice (all but Folder when none), and Folder first in All folders. */
export function shownColumns(chosen: readonly string[] | undefined, allFolders: boolean): ColumnId[] {
  const picked = (chosen ?? []).filter((c): c is ColumnId => isColumnId(c) && c !== 'folder');
  const cols = picked.length ? picked : COLUMN_IDS.filter((c) => c !== 'folder');
  return allFolders ? ['folder', ...cols] : cols;
}

export interface SortSpec {
  column: TableColumnId;
  desc: boolean;
}

/** Columns that start descending when first sorted: the newest, longest, biggest first. */
export const DESC_FIRST: ReadonlySet<string> = new Set(['created', 'duration', 'checkpoints', 'size']);

export const DEFAULT_SORT: SortSpec = { column: 'created', desc: true };

/** null: no value, last either way; `{ v }`: a run value, compared with compareValues. */
export type SortKey = string | number | null | { v: RunValue };

/** A run still initialising that has no start time has not run yet: it has no duration. */
export function notStarted(r: RunRecord): boolean {
  return r.started_ms === null && r.completed_ms === null && r.status === 'initialising';
}

/** Wall time from start (or creation) to completion, or to now while it runs. */
export function runDurationMs(r: RunRecord, now: number): number | null {
  if (notStarted(r)) return null;
  // The module never sets started_at (FORMAT.md quirk 1): creation is the best start we have.
  const start = r.started_ms ?? r.created_ms;
  if (start === null) return null;
  if (r.completed_ms !== null) return Math.max(0, r.completed_ms - start);
  if (r.status === 'running' || r.status === 'initialising') return Math.max(0, now - start);
  return null;
}

export function sortKey(
  column: TableColumnId,
  r: RunRecord,
  sizes: ReadonlyMap<string, number>,
  now: number,
  values?: ValueLookup,
): SortKey {
  switch (column) {
    case 'status':
      return r.status.toLowerCase();
    case 'folder':
      return originOf(r)?.dir.toLowerCase() ?? null;
    case 'id':
      return shownId(r);
    case 'description':
      return r.description.toLowerCase();
    case 'tags':
      return r.tags.length ? r.tags.join(',').toLowerCase() : null;
    case 'created':
      return r.created_ms;
    case 'duration':
      return runDurationMs(r, now);
    case 'user':
      return r.user?.toLowerCase() ?? null;
    case 'host':
      return r.hostname?.toLowerCase() ?? null;
    case 'checkpoints':
      return r.checkpoints.length;
    case 'size':
      return sizes.get(r.run_id) ?? null;
    case 'parent':
      return shownParent(r);
    default: {
      const v = values?.(r.run_id, column);
      return v === undefined ? null : { v };
    }
  }
}

/** Unknown values sort last in both directions; ties fall back to newest first, then id. */
export function compareKeys(a: SortKey, b: SortKey, desc: boolean): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const c =
    typeof a === 'object' || typeof b === 'object'
      ? compareValues(typeof a === 'object' ? a.v : a, typeof b === 'object' ? b.v : b)
      : a < b
        ? -1
        : a > b
          ? 1
          : 0;
  return desc ? -c : c;
}

export function tieBreak(a: RunRecord, b: RunRecord): number {
  const c = compareKeys(a.created_ms, b.created_ms, true);
  if (c !== 0) return c;
  return a.run_id < b.run_id ? -1 : a.run_id > b.run_id ? 1 : 0;
}
