// Result shapes of the values.* requests: the keys and values of the runs' config, params,
// metadata and results, for sweep tables, value filters and overlaid result charts.
import type { Problem } from '../types';
import type { KeyStats, RunValue, ValueSource } from '../values';

/**
 * values.columns: the keys found in the folder's runs, one list per source (config,
 * params, results, meta), the keys whose values differ between runs (what a sweep
 * varies) first. Bounded: at most 2000 keys per source (`truncated`), at most 500
 * problems (`more_problems` counts the rest).
 */
export interface ValueColumns {
  /** Runs looked at. */
  runs: number;
  sources: { source: ValueSource; keys: KeyStats[]; truncated: boolean }[];
  /** Files that could not give their keys, each message naming the file. */
  problems: Problem[];
  more_problems: number;
}

/**
 * values.get: the values of `paths` for each run asked about. A path the run has no
 * value for is left out of its record (null is a value: JSON null in the file). Numbers
 * are numbers, a numeric CSV cell included; lists and mappings are compact JSON text.
 */
export interface RunValues {
  paths: string[];
  /** run id → path → value. */
  values: Record<string, Record<string, RunValue>>;
  /** How many of the runs have each path. */
  counts: Record<string, number>;
  /** One sentence per path no run has, naming close paths ("Did you mean config.beta?"). */
  missing: string[];
  problems: Problem[];
  more_problems: number;
}

/** values.series: at most this many runs in one overlay. */
export const MAX_SERIES_RUNS = 50;

/**
 * values.series: one column of one results CSV for several runs, to overlay in a chart.
 * Each run's series is thinned to at most 2000 points (shared/series.ts).
 */
export interface ValueSeries {
  /** The results CSVs the runs have (path under results/), most common first, with how many runs have each. */
  files: { file: string; runs: number }[];
  /** The file and column plotted: the ones asked for, or the most common file and its first numeric column. */
  file: string | null;
  column: string | null;
  /** The columns every readable copy of the file has. */
  columns: string[];
  /** config.* and params.* keys whose values differ between these runs, to name them by (at most 4). */
  varying: string[];
  runs: RunSeries[];
}

export interface RunSeries {
  run_id: string;
  description: string;
  /** The run's values of `varying`. */
  values: Record<string, RunValue>;
  /** The step or time column used for x; null when x is the row index. */
  x_label: string | null;
  x: number[];
  /** null: an empty or non-numeric cell, a gap in the line. */
  y: (number | null)[];
  /** Data rows in the file (or in the part read). */
  rows: number;
  downsampled: boolean;
  /** Why the run has no series, or a note on what was left out; it names the file. */
  problem: string | null;
}
