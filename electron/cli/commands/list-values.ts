// `runyard list --filter EXPR --columns COL,… --format table|json|csv`: the run table with
// value columns (config.KEY, params.KEY, meta.KEY, results.FILE.COLUMN) and the UI's
// filter language, through electron/ops/values.ts. Plain `list --json` never comes here.
import { csvField } from '../../../shared/csv';
import { queryRuns, runSummary, type RunQuery } from '../../../shared/run-query';
import type { RunRecord } from '../../../shared/types';
import { isValuePath, parseValuePath, valueText, type RunValue } from '../../../shared/values';
import { filterRuns, readRunValues, valueReader } from '../../ops/values';
import { UsageError, type CliContext } from '../context';
import { printable, table } from '../output';

export type ListFormat = 'table' | 'json' | 'csv';

/** Columns every run has, named as in `list --json`. */
const BUILT_IN: Record<string, (r: RunRecord) => RunValue | string[]> = {
  run_id: (r) => r.run_id,
  status: (r) => r.status,
  description: (r) => r.description,
  tags: (r) => r.tags,
  created_at: (r) => r.created_at,
  started_at: (r) => r.started_at,
  completed_at: (r) => r.completed_at,
  parent_run_id: (r) => r.parent_run_id,
  user: (r) => r.user,
  hostname: (r) => r.hostname,
  git_commit: (r) => r.git_commit,
  checkpoint_count: (r) => r.checkpoints.length,
  problems: (r) => r.problems.length,
};

export const DEFAULT_COLUMNS = [
  'run_id',
  'status',
  'created_at',
  'description',
  'tags',
  'parent_run_id',
  'user',
  'hostname',
  'checkpoint_count',
];

export function parseColumns(text: string): string[] {
  const cols = text
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  if (!cols.length)
    throw new UsageError('--columns needs at least one column, e.g. --columns run_id,status,config.beta');
  for (const c of cols) {
    if (BUILT_IN[c]) continue;
    const parsed = parseValuePath(c);
    if ('error' in parsed) {
      const why = /^(config|params|meta|results)\b/.test(c) ? parsed.error : `"${c}" is not a column`;
      throw new UsageError(
        `--columns: ${why}. Columns: ${Object.keys(BUILT_IN).join(', ')}, or a value path config.KEY, params.KEY, meta.KEY, results.FILE.COLUMN`,
      );
    }
  }
  return cols;
}

const cellText = (v: RunValue | string[] | undefined) => (Array.isArray(v) ? v.join(',') : valueText(v));

export interface ListValueOptions {
  query: RunQuery;
  filter?: string;
  columns?: string;
  format?: string;
}

/** Prints the answer, or returns the chosen runs when the plain table should show them (no --columns, table format). */
export function listWithValues(
  ctx: CliContext,
  dir: string,
  all: RunRecord[],
  o: ListValueOptions,
): RunRecord[] | null {
  const format = (o.format ?? (ctx.json ? 'json' : 'table')) as ListFormat;
  if (!['table', 'json', 'csv'].includes(format))
    throw new UsageError(`--format must be table, json or csv, not ${JSON.stringify(o.format)}`);
  if (o.format && ctx.json && format !== 'json')
    throw new UsageError(`--json and --format ${format} ask for two different outputs; give one`);
  const columns = o.columns !== undefined ? parseColumns(o.columns) : null;
  const reader = valueReader(dir);
  let runs = queryRuns(all, { ...o.query, limit: undefined });
  if (o.filter !== undefined) {
    const f = filterRuns(reader, runs, o.filter);
    if (f.errors.length) throw new UsageError(`--filter: ${f.errors.join('; ')}`);
    for (const w of f.warnings) process.stderr.write(`runyard: warning: ${printable(w)}\n`);
    runs = f.runs;
  }
  if (o.query.limit !== undefined) runs = runs.slice(0, o.query.limit);

  if (!columns && format === 'table') return runs;
  // Without --columns, JSON is what `list --json` prints, for the runs the filter kept.
  if (!columns && format === 'json') {
    // The layout of `list --json` (one run a line), so a script reads both the same way.
    process.stdout.write(
      runs.length ? `[\n${runs.map((r) => `  ${JSON.stringify(runSummary(r))}`).join(',\n')}\n]\n` : '[]\n',
    );
    return null;
  }
  const cols = columns ?? DEFAULT_COLUMNS;
  const paths = cols.filter(isValuePath);
  const answer = paths.length ? readRunValues(reader, runs, paths) : null;
  if (answer) {
    for (const m of answer.missing) process.stderr.write(`runyard: warning: ${printable(m)}\n`);
    for (const p of answer.problems) process.stderr.write(`runyard: warning: ${printable(p.message)}\n`);
  }
  const cell = (r: RunRecord, c: string): RunValue | string[] | undefined =>
    BUILT_IN[c] ? BUILT_IN[c]!(r) : answer!.values[r.run_id]?.[c];

  if (format === 'json') ctx.printJson(runs.map((r) => Object.fromEntries(cols.map((c) => [c, cell(r, c) ?? null]))));
  else if (format === 'csv') {
    const lines = [
      cols.map(csvField).join(','),
      ...runs.map((r) => cols.map((c) => csvField(cellText(cell(r, c)))).join(',')),
    ];
    process.stdout.write(`${lines.join('\r\n')}\r\n`);
  } else if (!runs.length) ctx.print(all.length ? 'No runs match.' : `No runs in ${dir}.`);
  else {
    const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 39)}…` : s);
    ctx.print(
      table(
        cols,
        runs.map((r) => cols.map((c) => clip(cellText(cell(r, c)).replace(/\s+/g, ' ')))),
      ),
    );
  }
  return null;
}
