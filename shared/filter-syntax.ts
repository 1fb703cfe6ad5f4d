// The run table's filter language, shared so the CLI or server could accept the same
// text. Free words must all appear in a run's id, description, tags, user or host;
// `key:value` tokens narrow further. Different keys AND together; a key repeated
// ORs its values (a run has one status, user, host and parent, and "tag:a tag:b"
// reads as "either tag" in the facets). Dates AND, so the strictest bound wins.
// A leading `-` negates a term: `-status:completed`, `-tag:x`, `-word` drop the runs it
// would match. Dates are days (`2026-10-01`), instants, or ages back from now (`7d`).
// Unknown keys stay free text, since descriptions often contain "sweep: R0", but the
// parse says so: a typo such as `colour:red` otherwise just shows "no runs".
// `KEY OP VALUE` compares, with OP one of `:` `=` `!=` `>` `>=` `<` `<=`: on the
// built-in keys (`status!=failed`) and on run values (shared/values.ts:
// `config.beta>0.3`, `results.summary.infected<=100`); filter-values.ts judges those.
import type { RunRecord } from './types';
import { parseValuePath, VALUE_SOURCES } from './values';
import { groupValueTerms, judgeValues, valueTerm, type FilterOp, type ValueTerm } from './filter-values';
import type { ValueLookup } from './values';

export const FILTER_KEYS = ['status', 'tag', 'user', 'host', 'parent', 'before', 'after'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export { FILTER_OPS, type FilterOp, type ValueTerm } from './filter-values';

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
  /** Terms written with `-`: a run matching any of them is left out. */
  not: { words: string[]; statuses: string[]; tags: string[]; users: string[]; hosts: string[]; parents: string[] };
  /** Comparisons on run values, negated ones included, in the order written. */
  values: ValueTerm[];
  /** The same, grouped: a run must match one term of every group (`=` and `:` on one path OR, like tags). */
  valueGroups: ValueTerm[][];
  /** `KEY OP` with no value yet: narrows nothing while typing; the CLI reports it. */
  incomplete: string[];
  /** Tokens that could not be understood, as sentences for the user. */
  errors: string[];
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

const AGE_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * An age back from `now`: `36h`, `7d`, `2w`, `3m` (calendar months), `1y`. Months and
 * years step the local calendar, so `1m` on 31 March is 3 March (the JS Date roll-over).
 */
export function parseRelativeDate(text: string, now: number): number | null {
  const m = /^(\d+)(h|d|w|m|y)$/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  if (AGE_MS[unit] !== undefined) return now - n * AGE_MS[unit]!;
  const d = new Date(now);
  if (unit === 'm') d.setMonth(d.getMonth() - n);
  else d.setFullYear(d.getFullYear() - n);
  return d.getTime();
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

const emptyLists = () => ({
  words: [] as string[],
  statuses: [] as string[],
  tags: [] as string[],
  users: [] as string[],
  hosts: [] as string[],
  parents: [] as string[],
});

const COMPARES_ONLY_EQUAL = ': (or =) and !=';

/** `now` anchors ages such as `after:7d`; tests pass a fixed one. */
export function parseFilter(input: string, now: number = Date.now()): ParsedFilter {
  const f: ParsedFilter = {
    ...emptyLists(),
    before: null,
    after: null,
    not: emptyLists(),
    values: [],
    valueGroups: [],
    incomplete: [],
    errors: [],
  };
  const unknown: { key: string; op: boolean }[] = [];
  for (const t of tokenize(input)) {
    const written = input.slice(t.start, t.end);
    if (t.error !== undefined) {
      f.errors.push(t.error);
      continue;
    }
    if ((t.key !== null || t.path !== null) && t.op !== ':' && t.value === '') {
      f.incomplete.push(written);
      continue;
    }
    if (t.path !== null) {
      if (t.value === '') {
        f.incomplete.push(written);
        continue;
      }
      const v = valueTerm(t.path, t.op, t.value, t.negated);
      if ('error' in v) f.errors.push(v.error);
      else f.values.push(v);
      continue;
    }
    // "!=" is the negation written the other way; "-status!=x" is status:x.
    const negated = t.op === '!=' ? !t.negated : t.negated;
    if (t.key !== null && !['!=', ':', '='].includes(t.op)) {
      const dates = t.key === 'before' || t.key === 'after';
      f.errors.push(
        dates
          ? `${written}: ${t.key} takes a date with ${COMPARES_ONLY_EQUAL}, e.g. after:7d or before:2026-10-01 (or compare meta.created_at${t.op}${t.value})`
          : `${written}: ${t.key} compares with ${COMPARES_ONLY_EQUAL}, not ${t.op}`,
      );
      continue;
    }
    const v = t.value.toLowerCase();
    const into = negated ? f.not : f;
    switch (t.key) {
      case null: {
        into.words.push(v);
        const k = unknownKey(t);
        if (k && !unknown.some((u) => u.key === k)) unknown.push({ key: k, op: t.value.charAt(k.length) !== ':' });
        break;
      }
      case 'status':
        if (v) into.statuses.push(v);
        break;
      case 'tag':
        if (v) into.tags.push(v);
        break;
      case 'user':
        if (v) into.users.push(v);
        break;
      case 'host':
        if (v) into.hosts.push(v);
        break;
      case 'parent':
        if (v) into.parents.push(v);
        break;
      case 'before':
      case 'after': {
        if (!v) break;
        const ms = parseFilterDate(t.value) ?? parseRelativeDate(t.value, now);
        // "Not before X" is "after X", and the other way round.
        const bound = negated ? (t.key === 'before' ? 'after' : 'before') : t.key;
        if (ms === null)
          f.errors.push(`${t.key}: expects a date such as 2026-10-01 or an age such as 7d, 2w, 3m, not "${t.value}"`);
        else if (bound === 'before') f.before = f.before === null ? ms : Math.min(f.before, ms);
        else f.after = f.after === null ? ms : Math.max(f.after, ms);
        break;
      }
    }
  }
  for (const { key, op } of unknown) {
    f.errors.push(
      op
        ? `Unknown filter key '${key}' (searched as plain text). Known: ${FILTER_KEYS.join(', ')}, and run values written ${VALUE_SOURCES.map((s) => (s === 'results' ? 'results.FILE.COLUMN' : `${s}.KEY`)).join(', ')}.`
        : `Unknown filter key '${key}' (searched as plain text). Known: ${FILTER_KEYS.join(', ')}.`,
    );
  }
  f.valueGroups = groupValueTerms(f.values);
  return f;
}

/** The value paths a filter compares: what must be loaded before judging runs with it. */
export function requiredPaths(f: ParsedFilter): string[] {
  return [...new Set(f.values.map((v) => v.path))];
}

const listsEmpty = (l: ParsedFilter['not']) =>
  l.words.length + l.statuses.length + l.tags.length + l.users.length + l.hosts.length + l.parents.length === 0;

export function isEmptyFilter(f: ParsedFilter): boolean {
  return listsEmpty(f) && listsEmpty(f.not) && f.before === null && f.after === null && f.values.length === 0;
}

/** A run's lower-cased fields, computed once per run version so matching allocates nothing. */
export interface PreparedRun {
  /** The run id as it is, for value lookups. */
  id: string;
  /** Free words search in this: id, description, user, host, tags and the note's start. */
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
    id: r.run_id,
    hay: [r.run_id.toLowerCase(), r.description.toLowerCase(), user, host, ...tags, (r.note ?? '').toLowerCase()].join(
      '\u0000',
    ),
    status: r.status.toLowerCase(),
    tags,
    user,
    host,
    parent: (r.parent_run_id ?? '').toLowerCase(),
    created: r.created_ms,
  };
}

/** Verdict bits: everything but status and tags matches; the status matches; a tag matches. */
export const BASE = 1;
export const STATUS = 2;
export const TAG = 4;
export const ALL = BASE | STATUS | TAG;

/**
 * Per-part verdicts as bits, so facets can count "what this value would add" in the same pass.
 * Value comparisons count with BASE; without `lookup` (values not loaded) no run has a value.
 */
export function judgeRun(p: PreparedRun, f: ParsedFilter, lookup?: ValueLookup): number {
  let base = true;
  for (const w of f.words)
    if (!p.hay.includes(w)) {
      base = false;
      break;
    }
  if (base && f.users.length) base = f.users.includes(p.user);
  if (base && f.hosts.length) base = f.hosts.some((h) => p.host.includes(h));
  if (base && f.parents.length) base = p.parent !== '' && f.parents.some((x) => p.parent.startsWith(x));
  if (base && !listsEmpty(f.not)) base = !excluded(p, f.not);
  if (base && (f.before !== null || f.after !== null)) {
    const ms = p.created;
    base = ms !== null && (f.before === null || ms < f.before) && (f.after === null || ms >= f.after);
  }
  if (base && f.valueGroups.length) base = judgeValues(p.id, f.valueGroups, lookup);
  let bits = base ? BASE : 0;
  if ((f.statuses.length === 0 || f.statuses.includes(p.status)) && !f.not.statuses.includes(p.status)) bits |= STATUS;
  if ((f.tags.length === 0 || p.tags.some((t) => f.tags.includes(t))) && !p.tags.some((t) => f.not.tags.includes(t)))
    bits |= TAG;
  return bits;
}

/** Whether a negated word, user, host or parent matches the run (status and tags are judged apart, for the facets). */
function excluded(p: PreparedRun, not: ParsedFilter['not']): boolean {
  return (
    not.words.some((w) => p.hay.includes(w)) ||
    not.users.includes(p.user) ||
    not.hosts.some((h) => p.host.includes(h)) ||
    (p.parent !== '' && not.parents.some((x) => p.parent.startsWith(x)))
  );
}

export function matchRun(p: PreparedRun, f: ParsedFilter, lookup?: ValueLookup): boolean {
  return judgeRun(p, f, lookup) === ALL;
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
