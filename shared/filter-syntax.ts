// The run table's filter language, shared so the CLI or server could accept the same
// text. Free words must all appear in a run's id, description, tags, user or host;
// `key:value` tokens narrow further. Different keys AND together; a key repeated
// ORs its values (a run has one status, user, host and parent, and "tag:a tag:b"
// reads as "either tag" in the facets). Dates AND, so the strictest bound wins.
// Unknown keys stay free text: descriptions often contain "sweep: R0".
import type { RunRecord } from './types';

export const FILTER_KEYS = ['status', 'tag', 'user', 'host', 'parent', 'before', 'after'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export interface FilterTerm {
  /** Null for free text. */
  key: FilterKey | null;
  value: string;
  /** Position of the term in the input, for toggling it off again. */
  start: number;
  end: number;
}

export interface ParsedFilter {
  /** Lower-cased free words and quoted phrases. */
  words: string[];
  statuses: string[];
  tags: string[];
  users: string[];
  hosts: string[];
  parents: string[];
  /** Created strictly before this instant (ms), or no bound. */
  before: number | null;
  /** Created at or after this instant (ms), or no bound. */
  after: number | null;
  /** Tokens that could not be understood, as sentences for the user. */
  errors: string[];
}

const isKey = (k: string): k is FilterKey => (FILTER_KEYS as readonly string[]).includes(k);

/** Splits the input into terms; `"..."` quotes a value or a phrase. */
export function tokenize(input: string): FilterTerm[] {
  const terms: FilterTerm[] = [];
  const re = /(?:([A-Za-z]+):)?(?:"([^"]*)"?|(\S+))/g;
  for (let m = re.exec(input); m; m = re.exec(input)) {
    const rawKey = m[1]?.toLowerCase();
    const value = m[2] ?? m[3] ?? '';
    const start = m.index;
    const end = m.index + m[0].length;
    const bareKey = !rawKey && /^[A-Za-z]+:$/.test(value) ? value.slice(0, -1).toLowerCase() : null;
    if (rawKey && isKey(rawKey)) terms.push({ key: rawKey, value, start, end });
    // "status:" while the user is still typing the value narrows nothing yet.
    else if (bareKey && isKey(bareKey)) terms.push({ key: bareKey, value: '', start, end });
    else terms.push({ key: null, value: m[0].replace(/"/g, ''), start, end });
  }
  return terms.filter((t) => t.key !== null || t.value !== '');
}

/**
 * A date as the user means it: `2026-10-01` is local midnight, a time without a zone
 * is local time, an ISO instant with Z or an offset is that instant.
 */
export function parseFilterDate(text: string): number | null {
  const day = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (day) {
    const d = new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    return d.getMonth() === Number(day[2]) - 1 ? d.getTime() : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) return null;
  const ms = Date.parse(text.replace(' ', 'T'));
  return Number.isNaN(ms) ? null : ms;
}

export function parseFilter(input: string): ParsedFilter {
  const f: ParsedFilter = { words: [], statuses: [], tags: [], users: [], hosts: [], parents: [], before: null, after: null, errors: [] };
  for (const t of tokenize(input)) {
    const v = t.value.toLowerCase();
    switch (t.key) {
      case null: f.words.push(v); break;
      case 'status': if (v) f.statuses.push(v); break;
      case 'tag': if (v) f.tags.push(v); break;
      case 'user': if (v) f.users.push(v); break;
      case 'host': if (v) f.hosts.push(v); break;
      case 'parent': if (v) f.parents.push(v); break;
      case 'before':
      case 'after': {
        if (!v) break;
        const ms = parseFilterDate(t.value);
        if (ms === null) f.errors.push(`${t.key}: expects a date such as 2026-10-01, not "${t.value}"`);
        else if (t.key === 'before') f.before = f.before === null ? ms : Math.min(f.before, ms);
        else f.after = f.after === null ? ms : Math.max(f.after, ms);
        break;
      }
    }
  }
  return f;
}

export function isEmptyFilter(f: ParsedFilter): boolean {
  return f.words.length + f.statuses.length + f.tags.length + f.users.length + f.hosts.length + f.parents.length === 0
    && f.before === null && f.after === null;
}

/** A run's lower-cased fields, computed once per run version so matching allocates nothing. */
export interface PreparedRun {
  /** Free words search in this: id, description, user, host and tags. */
  hay: string;
  status: string;
  tags: string[];
  user: string;
  host: string;
  parent: string;
  created: number | null;
}

export function prepareRun(r: RunRecord): PreparedRun {
  const tags = r.tags.map((t) => t.toLowerCase());
  const user = (r.user ?? '').toLowerCase();
  const host = (r.hostname ?? '').toLowerCase();
  return {
    hay: [r.run_id.toLowerCase(), r.description.toLowerCase(), user, host, ...tags].join('\u0000'),
    status: r.status.toLowerCase(), tags, user, host, parent: (r.parent_run_id ?? '').toLowerCase(), created: r.created_ms,
  };
}

/** Verdict bits: everything but status and tags matches; the status matches; a tag matches. */
export const BASE = 1;
export const STATUS = 2;
export const TAG = 4;
export const ALL = BASE | STATUS | TAG;

/** Per-part verdicts as bits, so facets can count "what this value would add" in the same pass. */
export function judgeRun(p: PreparedRun, f: ParsedFilter): number {
  let base = true;
  for (const w of f.words) if (!p.hay.includes(w)) { base = false; break; }
  if (base && f.users.length) base = f.users.includes(p.user);
  if (base && f.hosts.length) base = f.hosts.some((h) => p.host.includes(h));
  if (base && f.parents.length) base = p.parent !== '' && f.parents.some((x) => p.parent.startsWith(x));
  if (base && (f.before !== null || f.after !== null)) {
    const ms = p.created;
    base = ms !== null && (f.before === null || ms < f.before) && (f.after === null || ms >= f.after);
  }
  let bits = base ? BASE : 0;
  if (f.statuses.length === 0 || f.statuses.includes(p.status)) bits |= STATUS;
  if (f.tags.length === 0 || p.tags.some((t) => f.tags.includes(t))) bits |= TAG;
  return bits;
}

export function matchRun(p: PreparedRun, f: ParsedFilter): boolean {
  return judgeRun(p, f) === ALL;
}

/** Writes a token, quoting values with spaces or quotes-worthy characters. */
export function formatToken(key: FilterKey, value: string): string {
  return /[\s"]/.test(value) || value === '' ? `${key}:"${value.replace(/"/g, '')}"` : `${key}:${value}`;
}

export function hasToken(input: string, key: FilterKey, value: string): boolean {
  const v = value.toLowerCase();
  return tokenize(input).some((t) => t.key === key && t.value.toLowerCase() === v);
}

/** Adds `key:value` to the input, or removes every occurrence when it is there. */
export function toggleToken(input: string, key: FilterKey, value: string): string {
  const v = value.toLowerCase();
  const hits = tokenize(input).filter((t) => t.key === key && t.value.toLowerCase() === v);
  if (hits.length === 0) {
    const trimmed = input.trimEnd();
    return `${trimmed}${trimmed ? ' ' : ''}${formatToken(key, value)}`;
  }
  let out = input;
  for (const t of [...hits].reverse()) out = out.slice(0, t.start) + out.slice(t.end);
  return out.replace(/\s{2,}/g, ' ').trim();
}
