// The table as shown, as a CSV file: the rows the filter lets through, in the table's
// order, the columns in the table's order. Built-in columns are named as in
// `runyard list --json` (run_id, created_at, hostname, …) and hold full values (the
// whole id, the ISO date, bytes, seconds); a value column is named by its path.
import { toCsv } from '../../shared/csv';
import type { RunRecord } from '../../shared/types';
import { valueText, type ValueLookup } from '../../shared/values';
import { originOf, shownId, shownParent } from '../state/allFolders';
import { isColumnId, runDurationMs, type ColumnId, type TableColumnId } from '../state/sortKeys';

const HEADERS: Record<ColumnId, string> = {
  folder: 'folder',
  status: 'status',
  id: 'run_id',
  description: 'description',
  tags: 'tags',
  created: 'created_at',
  duration: 'duration_s',
  user: 'user',
  host: 'hostname',
  checkpoints: 'checkpoint_count',
  size: 'size_bytes',
  parent: 'parent_run_id',
};

export interface CsvEnv {
  values: ValueLookup;
  sizes: ReadonlyMap<string, number>;
  now: number;
}

function builtIn(id: ColumnId, r: RunRecord, env: CsvEnv): string {
  switch (id) {
    case 'status':
      return r.status;
    case 'folder':
      return originOf(r)?.dir ?? '';
    case 'id':
      return shownId(r);
    case 'description':
      return r.description;
    case 'tags':
      return r.tags.join(',');
    case 'created':
      return r.created_at ?? '';
    case 'duration': {
      const ms = runDurationMs(r, env.now);
      return ms === null ? '' : String(Math.round(ms / 1000));
    }
    case 'user':
      return r.user ?? '';
    case 'host':
      return r.hostname ?? '';
    case 'checkpoints':
      return String(r.checkpoints.length);
    case 'size': {
      const b = env.sizes.get(r.run_id);
      return b === undefined ? '' : String(b);
    }
    case 'parent':
      return shownParent(r) ?? '';
  }
}

export function tableCsv(rows: readonly RunRecord[], columns: readonly TableColumnId[], env: CsvEnv): string {
  const header = columns.map((c) => (isColumnId(c) ? HEADERS[c] : c));
  const body = rows.map((r) =>
    columns.map((c) => (isColumnId(c) ? builtIn(c, r, env) : valueText(env.values(r.run_id, c)))),
  );
  return toCsv([header, ...body]);
}

/** `sweep-runs.csv` for a folder named sweep. */
export function csvFileName(dir: string | null): string {
  const base = (dir ?? '').split(/[\\/]/).filter(Boolean).pop() ?? 'runs';
  return `${base.replace(/[^\w.-]+/g, '_') || 'runs'}-runs.csv`;
}

/** Saves text as a file through the browser's download (a Blob and a link; no script is injected, so the CSP holds). */
export function downloadText(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has its own reference by now; the URL only needs to outlive the click.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
