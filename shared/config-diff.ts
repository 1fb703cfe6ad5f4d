// Configs and params are nested YAML/JSON of any shape. Comparing them leaf by leaf,
// keyed by a readable path, lets the UI show "what changed" without knowing the
// simulation's schema.

export type DiffKind = 'added' | 'removed' | 'changed' | 'same';

export interface DiffEntry {
  /** e.g. `disease.beta[0]` or `groups["care.home"]` */
  path: string;
  kind: DiffKind;
  before?: unknown;
  after?: unknown;
}

export interface CompareRow {
  path: string;
  /** One cell per compared value; `present[i]` false when that value lacks the path. */
  cells: unknown[];
  present: boolean[];
  differs: boolean;
}

const SIMPLE_KEY = /^[A-Za-z_$][\w$-]*$/;
/** Stops pathological inputs (deep self-similar YAML) from freezing the UI. */
const MAX_DEPTH = 64;

function joinKey(prefix: string, key: string): string {
  if (SIMPLE_KEY.test(key)) return prefix ? `${prefix}.${key}` : key;
  return `${prefix}[${JSON.stringify(key)}]`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Leaves by path, in document order. Empty objects and arrays are leaves of their own,
 * so that `{}` vs missing still shows as a difference. The root of a scalar is ``.
 */
export function flattenValue(value: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (v: unknown, path: string, depth: number): void => {
    if (depth >= MAX_DEPTH) {
      out.set(path, v);
      return;
    }
    if (Array.isArray(v)) {
      if (v.length === 0) out.set(path, v);
      v.forEach((item, i) => walk(item, `${path}[${i}]`, depth + 1));
    } else if (isPlainObject(v)) {
      const keys = Object.keys(v);
      if (keys.length === 0) out.set(path, v);
      for (const k of keys) walk(v[k], joinKey(path, k), depth + 1);
    } else {
      out.set(path, v);
    }
  };
  walk(value, '', 0);
  return out;
}

/** Structural equality for leaves (scalars, or empty containers). */
export function sameLeaf(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === 0 && b.length === 0;
  if (isPlainObject(a) && isPlainObject(b)) return Object.keys(a).length === 0 && Object.keys(b).length === 0;
  return false;
}

/** Differences from `before` to `after`; paths of `before` first, then new paths of `after`. */
export function diffValues(before: unknown, after: unknown, opts: { includeSame?: boolean } = {}): DiffEntry[] {
  const a = before === undefined ? new Map<string, unknown>() : flattenValue(before);
  const b = after === undefined ? new Map<string, unknown>() : flattenValue(after);
  const out: DiffEntry[] = [];
  for (const [path, va] of a) {
    if (!b.has(path)) out.push({ path, kind: 'removed', before: va });
    else if (!sameLeaf(va, b.get(path))) out.push({ path, kind: 'changed', before: va, after: b.get(path) });
    else if (opts.includeSame) out.push({ path, kind: 'same', before: va, after: b.get(path) });
  }
  for (const [path, vb] of b) if (!a.has(path)) out.push({ path, kind: 'added', after: vb });
  return out;
}

/** Side-by-side rows for two or more values (e.g. several runs' configs). */
export function compareValues(values: readonly unknown[]): CompareRow[] {
  const flat = values.map((v) => (v === undefined ? new Map<string, unknown>() : flattenValue(v)));
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const m of flat)
    for (const p of m.keys())
      if (!seen.has(p)) {
        seen.add(p);
        paths.push(p);
      }
  return paths.map((path) => {
    const present = flat.map((m) => m.has(path));
    const cells = flat.map((m) => m.get(path));
    const first = cells[0];
    const differs = present.some((p) => !p) || cells.some((c) => !sameLeaf(c, first));
    return { path, cells, present, differs };
  });
}

/** A leaf as one line of text: strings bare, everything else as JSON. */
export function formatLeaf(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
