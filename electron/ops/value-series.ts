// values.series: one column of a results CSV for each of a few runs, to overlay in one
// chart, with what names the runs (the config and params keys that differ between them).
// One broken or missing file costs its run a message, never the others their lines.
import fs from 'node:fs';
import path from 'node:path';
import type { RunSeries, ValueSeries } from '../../shared/api/value-models';
import type { RunRecord } from '../../shared/types';
import { commonColumns, csvHeader, firstNumericColumn, parseSeries } from '../../shared/series';
import { KeyCounter, type RunValue } from '../../shared/values';
import { partialNote, readResultsCsv, resultsCsvPath } from '../store/results-csv';
import { valueReader } from './values';

/** Keys a legend names runs by; more makes labels too long to read. */
const MAX_VARYING = 4;

/**
 * The results CSVs the runs have (top of results/), most common first; among as common
 * ones the larger first, so a time series comes before a one-row summary.
 */
function filesOf(dir: string, runs: readonly RunRecord[]): { file: string; runs: number }[] {
  const reader = valueReader(dir);
  const counts = new Map<string, { runs: number; bytes: number }>();
  for (const r of runs)
    for (const n of reader.resultsFiles(r.run_id).names) {
      const file = `${n}.csv`;
      const c = counts.get(file) ?? { runs: 0, bytes: sizeOf(path.join(dir, r.run_id, 'results', file)) };
      c.runs++;
      counts.set(file, c);
    }
  return [...counts]
    .sort((a, b) => b[1].runs - a[1].runs || b[1].bytes - a[1].bytes || a[0].localeCompare(b[0]))
    .map(([file, c]) => ({ file, runs: c.runs }));
}

/** A file's size for ordering only; nothing is read. */
function sizeOf(file: string): number {
  try {
    return fs.lstatSync(file).size;
  } catch {
    return 0;
  }
}

/** The config/params keys whose values differ between the runs, and each run's values of them. */
function varyingValues(
  dir: string,
  runs: readonly RunRecord[],
): { keys: string[]; values: Map<string, Map<string, RunValue>> } {
  const reader = valueReader(dir);
  const counter = new KeyCounter();
  const values = new Map<string, Map<string, RunValue>>();
  for (const r of runs) {
    const mine = new Map<string, RunValue>();
    for (const source of ['config', 'params'] as const)
      for (const [k, v] of reader.docLeaves(r.run_id, source).leaves) {
        mine.set(k, v);
        counter.add(k, v);
      }
    values.set(r.run_id, mine);
  }
  // A key only some runs have also tells them apart, but after the ones all runs have;
  // a key holding the same value as one already taken in every run (config.beta and
  // params.beta) adds nothing to a name.
  const taken = new Set<string>();
  const keys: string[] = [];
  for (const k of counter.ranked().sort((a, b) => Number(b.varying) - Number(a.varying))) {
    if (keys.length >= MAX_VARYING) break;
    if (!k.varying && !(k.count < runs.length && runs.length > 1)) continue;
    const signature = JSON.stringify(runs.map((r) => values.get(r.run_id)?.get(k.path) ?? null));
    if (taken.has(signature)) continue;
    taken.add(signature);
    keys.push(k.path);
  }
  return { keys, values };
}

export function readValueSeries(
  dir: string,
  runs: readonly RunRecord[],
  asked: { file?: string; column?: string },
): ValueSeries {
  const files = filesOf(dir, runs);
  const file = asked.file ? asked.file.replace(/^results[\\/]/, '') : (files[0]?.file ?? null);
  const { keys, values } = varyingValues(dir, runs);
  const base = (r: RunRecord): Omit<RunSeries, 'problem'> => ({
    run_id: r.run_id,
    description: r.description,
    values: Object.fromEntries(
      keys.flatMap((k) => (values.get(r.run_id)?.has(k) ? [[k, values.get(r.run_id)!.get(k)!]] : [])),
    ),
    x_label: null,
    x: [],
    y: [],
    rows: 0,
    downsampled: false,
  });
  if (file === null)
    return {
      files,
      file: null,
      column: null,
      columns: [],
      varying: keys,
      runs: runs.map((r) => ({ ...base(r), problem: `${r.run_id} has no results/*.csv` })),
    };
  const checked = resultsCsvPath(file);
  if ('error' in checked) throw new SeriesRequestError(checked.error);
  const reads = runs.map((r) => ({ run: r, read: readResultsCsv(dir, r.run_id, file) }));
  const headers = reads.flatMap(({ read }) => ('text' in read ? [csvHeader(read.text)] : []));
  const columns = commonColumns(headers);
  const firstText = reads.map(({ read }) => ('text' in read ? read.text : null)).find((t) => t !== null) ?? '';
  // From the first readable file's own header: one broken copy should not change what opens first.
  const column = asked.column ?? firstNumericColumn(firstText, csvHeader(firstText));
  const out: RunSeries[] = reads.map(({ run, read }) => {
    if ('problem' in read) return { ...base(run), problem: read.problem };
    if (column === null) return { ...base(run), problem: `${read.name} has no numeric column to plot` };
    const parsed = parseSeries(read.text, column, { partial: read.partial });
    if ('error' in parsed) return { ...base(run), problem: `${read.name} ${parsed.error}` };
    const notes = [
      read.partial ? partialNote(read.name, read.bytes) : '',
      parsed.badX ? `${read.name}: ${parsed.badX} rows without a number in ${parsed.xColumn} were left out` : '',
    ].filter(Boolean);
    return {
      ...base(run),
      x_label: parsed.xColumn,
      x: parsed.x,
      y: parsed.y,
      rows: parsed.rows,
      downsampled: parsed.downsampled,
      problem: notes.length ? notes.join('; ') : null,
    };
  });
  return { files, file, column, columns, varying: keys, runs: out };
}

/** The request itself cannot be answered (a path that is not under results/). */
export class SeriesRequestError extends Error {}
