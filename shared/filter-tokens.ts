// The filter language's tokens: where each term starts and ends, what key or run-value
// path it names, and editing the text by token (the facets toggle `tag:x` in and out of
// what the user typed, so positions are kept). The language is described in
// the language is described in filter-parse.ts; turning the terms into a ParsedFilter is filter-parse.ts.
import { parseValuePath, VALUE_SOURCES } from './values';
import type { FilterOp } from './filter-values';

export const FILTER_KEYS = ['status', 'tag', 'user', 'host', 'parent', 'before', 'after'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export interface FilterTerm {
  /** Null for free text and for value paths. */
  key: FilterKey | null;
  /** A run value's dotted path (`config.beta`), compared with `op`; null otherwise. */
  path: string | null;
  /** ':' for free text. */
  op: FilterOp;
  value: string;
  /** Set when the term was meant as a comparison but cannot be one; the term then filters nothing. */
  error?: string;
  /** Written with a leading `-`: the runs it matches are left out. */
  negated: boolean;
  /** Position of the term in the input, for toggling it off again. */
  start: number;
  end: number;
}

const isKey = (k: string): k is FilterKey => (FILTER_KEYS as readonly string[]).includes(k);

const KEY = '[A-Za-z_][\\w.\\-]*';
/** `config.beta > 0.3`: spaces around a comparison, for a known key only. */
const SPACED = new RegExp(`(-?)(${KEY})\\s*(!=|>=|<=|=|>|<)\\s*(?:"([^"]*)"?|(\\S+))`, 'y');
const TIGHT = new RegExp(`(-?)(${KEY})(!=|>=|<=|:|=|>|<)(?:"([^"]*)"?|(\\S*))`, 'y');
const PLAIN = /(-?)(?:"([^"]*)"?|(\S+))/y;
const SPACE = /\s+/y;

/** What a `KEY OP` names: a filter key, a value path, a broken value path (its error), or nothing known. */
function classify(rawKey: string): { key: FilterKey } | { path: string } | { error: string } | null {
  const lower = rawKey.toLowerCase();
  if (isKey(lower)) return { key: lower };
  const head = lower.split('.', 1)[0]!;
  if (!(VALUE_SOURCES as readonly string[]).includes(head)) return null;
  const path = `${head}${rawKey.slice(head.length)}`;
  const parsed = parseValuePath(path);
  return 'error' in parsed ? { error: parsed.error } : { path };
}

function keyedAt(input: string, at: number): FilterTerm | null {
  for (const re of [SPACED, TIGHT]) {
    re.lastIndex = at;
    const m = re.exec(input);
    if (!m) continue;
    const known = classify(m[2]!);
    if (!known) continue;
    // "config.beta> tag:x" is a comparison still being typed, then a token: not beta > "tag:x".
    if (re === SPACED && m[5] !== undefined && new RegExp(`^${KEY}(?:!=|>=|<=|:|=|>|<)`).test(m[5])) continue;
    const base = {
      negated: m[1] === '-',
      op: m[3] as FilterOp,
      value: m[4] ?? m[5] ?? '',
      start: at,
      end: at + m[0].length,
    };
    if ('key' in known) return { key: known.key, path: null, ...base };
    if ('path' in known) return { key: null, path: known.path, ...base };
    return { key: null, path: null, ...base, error: known.error };
  }
  return null;
}

/** Splits the input into terms; `"..."` quotes a value or a phrase, a leading `-` negates. */
export function tokenize(input: string): FilterTerm[] {
  const terms: FilterTerm[] = [];
  let at = 0;
  while (at < input.length) {
    SPACE.lastIndex = at;
    if (SPACE.exec(input)) at = SPACE.lastIndex;
    if (at >= input.length) break;
    const keyed = keyedAt(input, at);
    if (keyed) {
      terms.push(keyed);
      at = keyed.end;
      continue;
    }
    PLAIN.lastIndex = at;
    const m = PLAIN.exec(input)!;
    at = PLAIN.lastIndex;
    // A lone "-" is a negation still being typed.
    if (m[0] === '-') continue;
    const negated = m[1] === '-';
    terms.push({
      key: null,
      path: null,
      op: ':',
      value: m[0].slice(negated ? 1 : 0).replace(/"/g, ''),
      negated,
      start: at - m[0].length,
      end: at,
    });
  }
  return terms.filter((t) => t.key !== null || t.path !== null || t.error !== undefined || t.value !== '');
}

/** The key of a `key:value` term that is not a filter key, for the hint; URLs and times are not keys. */
export function unknownKey(term: FilterTerm): string | null {
  if (term.key !== null || term.path !== null) return null;
  const m = /^([A-Za-z][\w.-]*?)(?:!=|>=|<=|=|>|<|:(?!\/))\S/.exec(term.value);
  return m ? m[1]!.toLowerCase() : null;
}

/** Writes a token, quoting values with spaces or quotes-worthy characters. */
export function formatToken(key: FilterKey, value: string): string {
  return /[\s"]/.test(value) || value === '' ? `${key}:"${value.replace(/"/g, '')}"` : `${key}:${value}`;
}

export function hasToken(input: string, key: FilterKey, value: string): boolean {
  const v = value.toLowerCase();
  return tokenize(input).some((t) => t.key === key && !t.negated && t.op !== '!=' && t.value.toLowerCase() === v);
}

/** Adds `key:value` to the input, or removes every occurrence when it is there. */
export function toggleToken(input: string, key: FilterKey, value: string): string {
  const v = value.toLowerCase();
  const hits = tokenize(input).filter(
    (t) => t.key === key && !t.negated && t.op !== '!=' && t.value.toLowerCase() === v,
  );
  if (hits.length === 0) {
    const trimmed = input.trimEnd();
    return `${trimmed}${trimmed ? ' ' : ''}${formatToken(key, value)}`;
  }
  let out = input;
  for (const t of [...hits].reverse()) out = out.slice(0, t.start) + out.slice(t.end);
  return out.replace(/\s{2,}/g, ' ').trim();
}
