// All folders asks each folder about its own runs by their own ids; these put the
// folders' answers together as one answer about the keys the view asked with
// (../state/allFolders.ts), so a chart or a column reads them as it reads one folder's.
import type { DiskUsage } from '../../shared/api/models';
import type { RunValues, ValueColumns, ValueSeries } from '../../shared/api/value-models';
import type { Problem } from '../../shared/types';
import { mergeKeyStats, VALUE_SOURCES } from '../../shared/values';
import { folderLabel } from '../state/allFolders';

/** One folder's answer with the group it answers: its `dir`, the view's keys and the folder's own ids, in step. */
export interface FolderAnswer<T> {
  dir: string;
  keys: string[];
  ids: string[];
  value: T;
}

/** The folder's own id → the view's key. */
const keyOf = (a: FolderAnswer<unknown>) => {
  const map = new Map(a.ids.map((id, i) => [id, a.keys[i]!]));
  return (id: string) => map.get(id) ?? id;
};

/** A file named in a folder's problem says which folder: the same relative path can be in both. */
const inFolder = (dir: string, ps: readonly Problem[]): Problem[] =>
  ps.map((p) => ({ ...p, message: `${folderLabel(dir)}: ${p.message}` }));

export function mergeUsage(answers: readonly FolderAnswer<DiskUsage[]>[]): DiskUsage[] {
  return answers.flatMap((a) => {
    const key = keyOf(a);
    return a.value.map((u) => ({ ...u, run_id: key(u.run_id) }));
  });
}

export function mergeValues(paths: string[], answers: readonly FolderAnswer<RunValues>[]): RunValues {
  const values: RunValues['values'] = {};
  const counts: Record<string, number> = Object.fromEntries(paths.map((p) => [p, 0]));
  for (const a of answers) {
    const key = keyOf(a);
    for (const [id, row] of Object.entries(a.value.values)) values[key(id)] = row;
    for (const [p, n] of Object.entries(a.value.counts)) counts[p] = (counts[p] ?? 0) + n;
  }
  // A path is missing when no folder has it; each folder's sentence names it the same way.
  const absent = paths.filter((p) => !counts[p]);
  const missing = [...new Set(answers.flatMap((a) => a.value.missing))].filter((m) =>
    absent.some((p) => m.includes(p)),
  );
  return {
    paths,
    values,
    counts,
    missing: answers.length ? missing : [],
    problems: answers.flatMap((a) => inFolder(a.dir, a.value.problems)),
    more_problems: answers.reduce((n, a) => n + a.value.more_problems, 0),
  };
}

export function mergeColumns(answers: readonly FolderAnswer<ValueColumns>[]): ValueColumns {
  return {
    runs: answers.reduce((n, a) => n + a.value.runs, 0),
    sources: VALUE_SOURCES.map((source) => {
      const mine = answers.map((a) => a.value.sources.find((s) => s.source === source));
      return {
        source,
        keys: mergeKeyStats(mine.map((s) => s?.keys ?? [])),
        truncated: mine.some((s) => s?.truncated),
      };
    }),
    problems: answers.flatMap((a) => inFolder(a.dir, a.value.problems)),
    more_problems: answers.reduce((n, a) => n + a.value.more_problems, 0),
  };
}

/** The file a series across folders plots: the one most runs have in all folders together. */
export function commonFile(answers: readonly FolderAnswer<ValueSeries>[]): string | null {
  const runs = new Map<string, number>();
  for (const a of answers) for (const f of a.value.files) runs.set(f.file, (runs.get(f.file) ?? 0) + f.runs);
  let best: string | null = null;
  for (const [file, n] of runs) if (best === null || n > runs.get(best)!) best = file;
  return best;
}

/** Answers that plot the same file and column (see ./allFoldersClient.ts), as one overlay. */
export function mergeSeries(answers: readonly FolderAnswer<ValueSeries>[]): ValueSeries {
  const files = new Map<string, number>();
  for (const a of answers) for (const f of a.value.files) files.set(f.file, (files.get(f.file) ?? 0) + f.runs);
  const first = answers.find((a) => a.value.column !== null) ?? answers[0];
  // Columns every readable copy has, in every folder.
  const withColumns = answers.filter((a) => a.value.columns.length);
  const columns = (withColumns[0]?.value.columns ?? []).filter((c) =>
    withColumns.every((a) => a.value.columns.includes(c)),
  );
  return {
    files: [...files].map(([file, runs]) => ({ file, runs })).sort((x, y) => y.runs - x.runs),
    file: first?.value.file ?? null,
    column: first?.value.column ?? null,
    columns,
    varying: [...new Set(answers.flatMap((a) => a.value.varying))].slice(0, 4),
    runs: answers.flatMap((a) => {
      const key = keyOf(a);
      return a.value.runs.map((r) => ({ ...r, run_id: key(r.run_id) }));
    }),
  };
}
