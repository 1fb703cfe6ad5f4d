// Comparisons on run values (`config.beta>0.3`), the part of the filter language that
// needs more than a run's metadata. A filter names the paths it needs
// (requiredPaths in filter-parse.ts); judging takes a lookup, so the values can come
// from wherever they were loaded (the backend's reader, the UI's column cache).
//
// Numbers compare as numbers when both sides are numbers (a numeric CSV cell or a
// quoted "0.3" in YAML counts); text compares as text in natural order; a number
// against text never matches. `:` is "contains" for text and "equals" for numbers;
// `=` is equality (case-insensitive for text). A run without the value matches no
// comparison, `!=` included; `-config.beta=0.3` is the way to keep those runs.
import { numberOf, valueText, type RunValue, type ValueLookup } from './values';

export const FILTER_OPS = ['!=', '>=', '<=', ':', '=', '>', '<'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export interface ValueTerm {
  path: string;
  op: FilterOp;
  /** The value as written. */
  text: string;
  lower: string;
  /** The value as a number, when it is one. */
  num: number | null;
  negated: boolean;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** A comparison, or what is wrong with its value. */
export function valueTerm(path: string, op: FilterOp, text: string, negated: boolean): ValueTerm | { error: string } {
  // "config.beta=>3" is a comparison typed backwards, not equality with the text ">3".
  if (/^[<>=!]/.test(text)) {
    return {
      error: `${path}${op}${text}: a value cannot start with "${text[0]}"; comparisons are written ${path}>=3, ${path}<=3, ${path}!=3`,
    };
  }
  const num = numberOf(text);
  if (num === null && /^[-+]?[\d.]+[eE]?[-+]?\d*$/.test(text) && /\d/.test(text)) {
    return { error: `${path}${op}${text}: "${text}" is not a number (numbers are written 0.3, -2, 1e-3)` };
  }
  return { path, op, text, lower: text.toLowerCase(), num, negated };
}

/** Positive `=`/`:` terms on one path form one group (either value will do); every other term is a group of its own. */
export function groupValueTerms(terms: readonly ValueTerm[]): ValueTerm[][] {
  const groups: ValueTerm[][] = [];
  const equalities = new Map<string, ValueTerm[]>();
  for (const t of terms) {
    if (!t.negated && (t.op === '=' || t.op === ':')) {
      let g = equalities.get(t.path);
      if (!g) {
        g = [];
        equalities.set(t.path, g);
        groups.push(g);
      }
      g.push(t);
    } else groups.push([t]);
  }
  return groups;
}

function equalTo(v: RunValue, t: ValueTerm, contains: boolean): boolean {
  if (t.num !== null) {
    const n = numberOf(v);
    if (n !== null) return n === t.num;
  }
  const s = valueText(v).toLowerCase();
  return contains ? s.includes(t.lower) : s === t.lower;
}

/** Whether value `v` satisfies the term, before its negation. */
export function compareTerm(v: RunValue | undefined, t: ValueTerm): boolean {
  if (v === undefined) return false;
  switch (t.op) {
    case ':':
      return equalTo(v, t, true);
    case '=':
      return equalTo(v, t, false);
    case '!=':
      return !equalTo(v, t, false);
    default: {
      let d: number;
      const n = numberOf(v);
      if (t.num !== null && n !== null) d = n - t.num;
      else if (t.num === null && n === null && v !== null && typeof v !== 'boolean')
        d = collator.compare(valueText(v), t.text);
      else return false;
      return t.op === '>' ? d > 0 : t.op === '>=' ? d >= 0 : t.op === '<' ? d < 0 : d <= 0;
    }
  }
}

/** True when the run matches one term of every group. */
export function judgeValues(runId: string, groups: readonly ValueTerm[][], lookup: ValueLookup | undefined): boolean {
  for (const g of groups) {
    let any = false;
    for (const t of g) {
      const v = lookup ? lookup(runId, t.path) : undefined;
      if (compareTerm(v, t) !== t.negated) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

const same = (a: ValueTerm, b: ValueTerm) =>
  a.path === b.path && a.op === b.op && a.text === b.text && a.negated === b.negated;

/**
 * True when every run `next`'s value terms let through, `prev`'s did too: `next` keeps
 * all of prev's terms and adds only ones that AND (a second `=` on a path already
 * compared with `=` widens, so it does not count).
 */
export function valueTermsNarrow(prev: readonly ValueTerm[], next: readonly ValueTerm[]): boolean {
  if (!prev.every((p) => next.some((n) => same(p, n)))) return false;
  const eqPaths = new Set(prev.filter((t) => !t.negated && (t.op === '=' || t.op === ':')).map((t) => t.path));
  return next.every(
    (n) => prev.some((p) => same(p, n)) || n.negated || (n.op !== '=' && n.op !== ':') || !eqPaths.has(n.path),
  );
}
