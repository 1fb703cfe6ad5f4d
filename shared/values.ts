// Run values addressed by dotted path, the same in the filter, the columns, the API and
// the CLI: `config.a.b` (config.yaml), `params.x` (run_params.json), `meta.KEY` (any
// metadata.json key) and `results.FILE.COL` (the last value of column COL of
// results/FILE.csv). A value is a JSON scalar; a list or mapping is shown as compact
// JSON text. `undefined` means the run has no such value.

export const VALUE_SOURCES = ['config', 'params', 'meta', 'results'] as const;
export type ValueSource = (typeof VALUE_SOURCES)[number];
export type RunValue = string | number | boolean | null;
/** The value of `path` for run `runId`, or undefined when the run has none. */
export type ValueLookup = (runId: string, path: string) => RunValue | undefined;

/** The file each source reads, relative to the run folder, for messages. */
export const SOURCE_FILES: Record<ValueSource, string> = {
  config: 'config.yaml',
  params: 'run_params.json',
  meta: 'metadata.json',
  results: 'results/FILE.csv',
};

/** Nested deeper than this, a value is one leaf (compact JSON); configs are shallow. */
export const MAX_DEPTH = 8;
/** At most this many leaves are taken from one file, so a 100k-entry list cannot flood the columns. */
export const MAX_LEAVES_PER_FILE = 2000;

export interface ValuePath {
  source: ValueSource;
  /** The segments after the source: ['a', 'b'] for `config.a.b`. */
  keys: string[];
}

export const isValueSource = (s: string): s is ValueSource => (VALUE_SOURCES as readonly string[]).includes(s);

/** The path's parts, or a sentence saying what is wrong with it. */
export function parseValuePath(text: string): ValuePath | { error: string } {
  const [head = '', ...keys] = text.split('.');
  if (!isValueSource(head))
    return { error: `"${text}" is not a value path: it starts with config., params., meta. or results.` };
  if (keys.length === 0 || keys.some((k) => k === '')) {
    const shape = head === 'results' ? 'results.FILE.COLUMN' : `${head}.KEY`;
    return {
      error: `"${text}" names no key: write ${shape}${head === 'config' || head === 'params' ? ' (dotted for nested keys)' : ''}`,
    };
  }
  if (head === 'results' && keys.length < 2)
    return {
      error: `"${text}" names no column: write results.FILE.COLUMN, e.g. results.summary.infected for the last value of column infected in results/summary.csv`,
    };
  return { source: head, keys };
}

export function isValuePath(text: string): boolean {
  return !('error' in parseValuePath(text));
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A parsed value as a cell: scalars as they are, anything else as compact JSON. */
export function toRunValue(v: unknown): RunValue | undefined {
  if (v === undefined) return undefined;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  try {
    return JSON.stringify(v) ?? null;
  } catch {
    return String(v);
  }
}

/**
 * The value at `keys` inside a parsed document. A key that itself holds dots (`"a.b": 1`
 * in YAML) is found too: at each level the longest run of segments naming a key wins.
 * List items are addressed by index (`config.ages.0`).
 */
export function pickValue(doc: unknown, keys: readonly string[]): RunValue | undefined {
  if (keys.length === 0) return toRunValue(doc);
  if (Array.isArray(doc)) {
    const i = /^\d+$/.test(keys[0]!) ? Number(keys[0]) : -1;
    return i >= 0 && i < doc.length ? pickValue(doc[i], keys.slice(1)) : undefined;
  }
  if (!isMapping(doc)) return undefined;
  for (let n = keys.length; n >= 1; n--) {
    const k = n === 1 ? keys[0]! : keys.slice(0, n).join('.');
    if (Object.prototype.hasOwnProperty.call(doc, k)) {
      const got = pickValue(doc[k], keys.slice(n));
      if (got !== undefined) return got;
    }
  }
  return undefined;
}

/**
 * Every leaf of a document as `prefix.a.b` → value. Lists are leaves (a sweep varies
 * a list as one value), as is anything below MAX_DEPTH; at most `max` leaves.
 */
export function flattenValues(
  doc: unknown,
  prefix: string,
  out: Map<string, RunValue> = new Map(),
  max = MAX_LEAVES_PER_FILE,
): Map<string, RunValue> {
  const walk = (v: unknown, path: string, depth: number) => {
    if (out.size >= max) return;
    if (isMapping(v) && depth < MAX_DEPTH && Object.keys(v).length > 0) {
      for (const [k, child] of Object.entries(v)) walk(child, `${path}.${k}`, depth + 1);
      return;
    }
    const rv = toRunValue(v);
    if (rv !== undefined) out.set(path, rv);
  };
  if (isMapping(doc)) for (const [k, child] of Object.entries(doc)) walk(child, `${prefix}.${k}`, 1);
  return out;
}

/** A CSV cell or filter text as a number, when the whole text is one. */
export function numberOf(v: RunValue | undefined): number | null {
  if (typeof v === 'number') return Number.isNaN(v) ? null : v;
  if (typeof v !== 'string') return null;
  const t = v.trim();
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?(inf|infinity)$/i.test(t)) return null;
  const n = /inf/i.test(t) ? (t.startsWith('-') ? -Infinity : Infinity) : Number(t);
  return Number.isNaN(n) ? null : n;
}

/** A value as a table cell or CSV field: '' when missing. */
export function valueText(v: RunValue | undefined): string {
  if (v === undefined || v === null) return v === null ? 'null' : '';
  return typeof v === 'string' ? v : String(v);
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const rank = (v: RunValue | undefined) =>
  v === undefined ? 4 : v === null ? 3 : typeof v === 'boolean' ? 2 : numberOf(v) !== null ? 0 : 1;

/**
 * Sort order for a value column: numbers as numbers (a numeric CSV cell counts as one,
 * so 9 < 10), then text in natural order, then booleans, then null; missing values last.
 */
export function compareValues(a: RunValue | undefined, b: RunValue | undefined): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) {
    const d = numberOf(a)! - numberOf(b)!;
    return Number.isNaN(d) ? 0 : d;
  }
  if (ra === 1) return collator.compare(a as string, b as string);
  if (ra === 2) return Number(a) - Number(b);
  return 0;
}

/** What a column picker needs to know of one key across the folder's runs. */
export interface KeyStats {
  path: string;
  /** Runs that have a value at this path. */
  count: number;
  /** Distinct values seen, counted up to DISTINCT_CAP. */
  distinct: number;
  /** True when the value differs between runs: a sweep varies it. */
  varying: boolean;
  /** One value seen, for the picker's hint. */
  example: RunValue;
}

export const DISTINCT_CAP = 50;

/** Collects key statistics over runs without keeping more than DISTINCT_CAP values per key. */
export class KeyCounter {
  private readonly keys = new Map<string, { count: number; seen: Set<string>; example: RunValue }>();
  truncated = false;

  constructor(private readonly maxKeys = 5000) {}

  add(path: string, v: RunValue): void {
    let k = this.keys.get(path);
    if (!k) {
      if (this.keys.size >= this.maxKeys) {
        this.truncated = true;
        return;
      }
      k = { count: 0, seen: new Set(), example: v };
      this.keys.set(path, k);
    }
    k.count++;
    if (k.seen.size < DISTINCT_CAP) k.seen.add(typeof v === 'string' ? `s${v}` : `j${String(v)}`);
  }

  /** Varying keys first, then the constant ones; each group by how many runs have the key, then by path. */
  ranked(): KeyStats[] {
    const out: KeyStats[] = [];
    for (const [path, k] of this.keys)
      out.push({ path, count: k.count, distinct: k.seen.size, varying: k.seen.size > 1, example: k.example });
    return rankVaryingFirst(out);
  }
}

/**
 * One picker list from several folders' (All folders): counts add up, and a key varies
 * when it varies in one folder or two folders hold different values. `distinct` is then
 * an upper bound, capped as KeyCounter caps it.
 */
export function mergeKeyStats(lists: readonly (readonly KeyStats[])[]): KeyStats[] {
  const out = new Map<string, KeyStats>();
  for (const list of lists)
    for (const k of list) {
      const m = out.get(k.path);
      if (!m) {
        out.set(k.path, { ...k });
        continue;
      }
      const same = !m.varying && !k.varying && m.example === k.example;
      m.count += k.count;
      m.distinct = same ? 1 : Math.min(DISTINCT_CAP, Math.max(2, m.distinct + k.distinct));
      m.varying = !same;
    }
  return rankVaryingFirst([...out.values()]);
}

export function rankVaryingFirst<T extends { path: string; count: number; varying: boolean }>(keys: T[]): T[] {
  return keys.sort(
    (a, b) => Number(b.varying) - Number(a.varying) || b.count - a.count || collator.compare(a.path, b.path),
  );
}

/** Edit distance, for "did you mean"; small inputs only. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The known paths closest to `path` (same source), for a message about a key no run has. */
export function similarPaths(path: string, known: Iterable<string>, max = 3): string[] {
  const source = path.split('.', 1)[0];
  const scored: [string, number][] = [];
  const lower = path.toLowerCase();
  for (const k of known) {
    if (k.split('.', 1)[0] !== source) continue;
    const kl = k.toLowerCase();
    const d =
      kl.endsWith(lower.slice(source!.length)) || lower.endsWith(kl.slice(source!.length)) ? 1 : distance(lower, kl);
    if (d <= Math.max(2, Math.floor(path.length / 4))) scored.push([k, d]);
  }
  return scored
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, max)
    .map((s) => s[0]);
}

/** A sentence for a path no run has a value for, naming close ones when there are any. */
export function missingPathMessage(path: string, known: Iterable<string>): string {
  const near = similarPaths(path, known);
  const parsed = parseValuePath(path);
  const where =
    'error' in parsed
      ? ''
      : parsed.source === 'results'
        ? ' (no results/*.csv has that column)'
        : ` (in no run's ${SOURCE_FILES[parsed.source]})`;
  return `No run has a value for ${path}${where}.${near.length ? ` Did you mean ${near.join(', ')}?` : ''}`;
}
