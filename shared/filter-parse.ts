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
//
// The language lives in three modules: filter-tokens.ts (terms and editing them), this
// one (text to ParsedFilter) and filter-match.ts (judging runs).
import { groupValueTerms, valueTerm, type ValueTerm } from './filter-values';
import { VALUE_SOURCES } from './values';
import { FILTER_KEYS, tokenize, unknownKey } from './filter-tokens';

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

export const listsEmpty = (l: ParsedFilter['not']) =>
  l.words.length + l.statuses.length + l.tags.length + l.users.length + l.hosts.length + l.parents.length === 0;

export function isEmptyFilter(f: ParsedFilter): boolean {
  return listsEmpty(f) && listsEmpty(f.not) && f.before === null && f.after === null && f.values.length === 0;
}
