// One column of a results CSV as a series to overlay across runs (values.series): the
// x is a step or time column when the file has one, else the row index; long series are
// thinned to a few thousand points keeping each stretch's lowest and highest value, so a
// spike survives. Pure, so the numbers are tested without files.
import { detectDelimiter } from './csv';
import { numberOf } from './values';

/** Points kept per run: more than a chart's width in pixels, far fewer than a long run's rows. */
export const MAX_SERIES_POINTS = 2000;

/** Columns taken for the x axis, in order of preference (compared lower-case). */
export const X_COLUMNS = ['step', 'timestep', 'time_step', 'iteration', 'iter', 'epoch', 'tick', 'day', 'time', 't'];

export type XKind = 'number' | 'index';

export interface ParsedSeries {
  header: string[];
  /** The column used for x, or null for the row index. */
  xColumn: string | null;
  x: number[];
  /** null: the cell was empty or not a number (a gap in the line). */
  y: (number | null)[];
  /** Data rows read. */
  rows: number;
  /** Rows dropped because their x was not a number. */
  badX: number;
  downsampled: boolean;
}

/** Calls `row` for each record of `text` (quoted fields, "" escapes, CRLF); a last record without its newline is dropped when `partial`. */
export function forEachRecord(text: string, row: (cells: string[]) => boolean | void, partial = false): void {
  const nl = text.indexOf('\n');
  const delim = detectDelimiter(nl < 0 ? text : text.slice(0, nl));
  let field = '';
  let rec: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delim) {
      rec.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      rec.push(field);
      field = '';
      const blank = rec.length === 1 && rec[0] === '';
      const cells = rec;
      rec = [];
      if (!blank && row(cells) === false) return;
    } else field += c;
  }
  if (!partial && (field !== '' || rec.length)) {
    rec.push(field);
    row(rec);
  }
}

/** The x column of a header (not `column` itself), or null. */
export function pickXColumn(header: readonly string[], column: string): string | null {
  const lower = header.map((h) => h.trim().toLowerCase());
  for (const name of X_COLUMNS) {
    const i = lower.indexOf(name);
    if (i >= 0 && header[i]!.trim() !== column) return header[i]!.trim();
  }
  return null;
}

/** The header of a CSV text, trimmed. */
export function csvHeader(text: string): string[] {
  let header: string[] = [];
  forEachRecord(text, (cells) => {
    header = cells.map((c) => c.trim());
    return false;
  });
  return header;
}

/**
 * The series of `column` in a CSV text, or a sentence saying what is wrong (the caller
 * prefixes the file's name). `partial`: the text is the head of a larger file.
 */
export function parseSeries(
  text: string,
  column: string,
  opts: { partial?: boolean; maxPoints?: number } = {},
): ParsedSeries | { error: string } {
  if (text.trim() === '') return { error: 'is empty (perhaps still being written)' };
  let header: string[] | null = null;
  let yi = -1;
  let xi = -1;
  let xColumn: string | null = null;
  const x: number[] = [];
  const y: (number | null)[] = [];
  let rows = 0;
  let badX = 0;
  forEachRecord(
    text,
    (cells) => {
      if (!header) {
        header = cells.map((c) => c.trim());
        yi = header.indexOf(column);
        xColumn = pickXColumn(header, column);
        xi = xColumn === null ? -1 : header.indexOf(xColumn);
        return yi >= 0;
      }
      const xv = xi < 0 ? rows : numberOf(cells[xi]);
      rows++;
      if (xv === null || !Number.isFinite(xv)) {
        badX++;
        return;
      }
      const v = numberOf(cells[yi]);
      x.push(xv);
      y.push(v !== null && Number.isFinite(v) ? v : null);
    },
    opts.partial,
  );
  const h = header as string[] | null;
  if (!h) return { error: 'is empty (perhaps still being written)' };
  if (yi < 0) return { error: `has no column "${column}" (its columns: ${h.slice(0, 12).join(', ') || 'none'})` };
  if (rows === 0) return { error: 'has a header but no rows yet' };
  if (!y.some((v) => v !== null)) return { error: `has no numeric values in column "${column}"` };
  // A run resumed from a checkpoint may log steps again: plotted in x order (stable), the
  // cursor's nearest-point search holds.
  if (x.some((v, i) => i > 0 && v < x[i - 1]!)) {
    const order = x.map((_, i) => i).sort((a, b) => x[a]! - x[b]! || a - b);
    const sx = order.map((i) => x[i]!);
    const sy = order.map((i) => y[i]!);
    for (let i = 0; i < sx.length; i++) {
      x[i] = sx[i]!;
      y[i] = sy[i]!;
    }
  }
  const thin = downsample(x, y, opts.maxPoints ?? MAX_SERIES_POINTS);
  return { header: h, xColumn, ...thin, rows, badX };
}

/**
 * At most `max` points: the rows are cut into max/2 stretches and each keeps its lowest
 * and highest value in x order; the first and last points always stay.
 */
export function downsample(
  x: number[],
  y: (number | null)[],
  max: number,
): { x: number[]; y: (number | null)[]; downsampled: boolean } {
  const n = x.length;
  if (n <= max) return { x, y, downsampled: false };
  const buckets = Math.max(1, Math.floor((max - 2) / 2));
  const size = (n - 2) / buckets;
  const ox: number[] = [x[0]!];
  const oy: (number | null)[] = [y[0]!];
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor(b * size);
    const to = Math.min(n - 1, 1 + Math.floor((b + 1) * size));
    let lo = -1;
    let hi = -1;
    let gap = -1;
    for (let i = from; i < to; i++) {
      const v = y[i];
      if (v === null || v === undefined) {
        if (gap < 0) gap = i;
        continue;
      }
      if (lo < 0 || v < y[lo]!) lo = i;
      if (hi < 0 || v > y[hi]!) hi = i;
    }
    const keep = lo < 0 ? (gap >= 0 ? [gap] : []) : lo === hi ? [lo] : lo < hi ? [lo, hi] : [hi, lo];
    for (const i of keep) {
      ox.push(x[i]!);
      oy.push(y[i] ?? null);
    }
  }
  ox.push(x[n - 1]!);
  oy.push(y[n - 1]!);
  return { x: ox, y: oy, downsampled: true };
}

/** The columns every header has, in the first header's order. */
export function commonColumns(headers: readonly (readonly string[])[]): string[] {
  if (headers.length === 0) return [];
  const rest = headers.slice(1).map((h) => new Set(h));
  return headers[0]!.filter((c, i, all) => c !== '' && all.indexOf(c) === i && rest.every((s) => s.has(c)));
}

/** The first of `columns` (not an x column) whose first data rows hold a number, for a chart opened with no column chosen. */
export function firstNumericColumn(text: string, columns: readonly string[]): string | null {
  let header: string[] | null = null;
  const rows: string[][] = [];
  forEachRecord(text, (cells) => {
    if (!header) header = cells.map((c) => c.trim());
    else rows.push(cells);
    return rows.length < 5;
  });
  const h = (header ?? []) as string[];
  const xs = new Set(X_COLUMNS);
  const numeric = (c: string) => rows.some((r) => numberOf(r[h.indexOf(c)]) !== null);
  return columns.find((c) => !xs.has(c.toLowerCase()) && numeric(c)) ?? columns.find(numeric) ?? null;
}
