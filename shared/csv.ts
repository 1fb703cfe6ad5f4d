// Enough CSV for a preview of simulation summaries: quoted fields, "" escapes, CRLF,
// comma / tab / semicolon detected from the header. A chunk may end mid-row; that
// last partial row is dropped.
export interface CsvTable {
  header: string[];
  rows: string[][];
  /** The input ended inside a row (a preview of a larger file). */
  partial: boolean;
}

export function detectDelimiter(firstLine: string): string {
  const counts = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

export function parseCsv(text: string, opts: { maxRows?: number; complete?: boolean } = {}): CsvTable {
  const maxRows = opts.maxRows ?? 10_000;
  const delim = detectDelimiter(text.slice(0, Math.max(0, text.indexOf('\n')) || text.length));
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let i = 0;
  let endedClean = true;
  for (; i < text.length && records.length <= maxRows; i++) {
    const c = text[i]!;
    endedClean = false;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delim) {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      endedClean = true;
    } else field += c;
  }
  const stoppedEarly = i < text.length;
  if (!endedClean && !stoppedEarly && opts.complete) {
    record.push(field);
    records.push(record);
    endedClean = true;
  }
  const [header = [], ...rows] = records.filter((r) => !(r.length === 1 && r[0] === ''));
  return { header, rows: rows.slice(0, maxRows), partial: stoppedEarly || !endedClean };
}

/** A cell as a number, when the whole cell is one. */
export function toNumber(cell: string | undefined): number | null {
  if (cell === undefined) return null;
  const t = cell.trim();
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** Indexes of columns whose non-empty cells are all numbers (at least one). */
export function numericColumns(t: CsvTable): number[] {
  const out: number[] = [];
  for (let c = 0; c < t.header.length; c++) {
    let seen = 0;
    let ok = true;
    for (const r of t.rows) {
      const cell = r[c];
      if (cell === undefined || cell.trim() === '') continue;
      if (toNumber(cell) === null) {
        ok = false;
        break;
      }
      seen++;
    }
    if (ok && seen > 0) out.push(c);
  }
  return out;
}

/** The x value of a row: a number, or a date as ms, or the row's position. */
export function xValues(t: CsvTable): { values: number[]; kind: 'number' | 'date' | 'index' } {
  const first = t.rows.map((r) => r[0] ?? '');
  const nums = first.map(toNumber);
  if (nums.every((n) => n !== null)) return { values: nums as number[], kind: 'number' };
  const dates = first.map((s) => (/^\d{4}-\d{2}-\d{2}/.test(s.trim()) ? Date.parse(s.trim()) : NaN));
  if (dates.every((d) => Number.isFinite(d))) return { values: dates, kind: 'date' };
  return { values: first.map((_, i) => i), kind: 'index' };
}

/** One CSV field as RFC 4180 wants it: quoted when it holds a comma, a quote or a line break. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as RFC 4180 text: fields quoted where needed, each record ended by CRLF. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}
