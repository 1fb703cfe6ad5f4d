// Judging runs with a ParsedFilter. Each run is prepared once per version (lower-cased
// fields joined for the word search), so judging a thousand runs per keystroke
// allocates nothing; the verdict comes as bits so the facets can count in the same pass.
import type { RunRecord } from './types';
import type { ValueLookup } from './values';
import { judgeValues } from './filter-values';
import { listsEmpty, type ParsedFilter } from './filter-parse';

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
