// The prune dialog's form as the user types it (text fields, checkboxes) turned into a
// PrunePolicy. An empty form must not become "remove everything", so a policy needs at
// least one criterion that selects runs.
//
// Defaults: none, here and in `runyard prune` alike. The dialog opens with no rule
// chosen (nothing to remove, the action disabled) as the CLI refuses to run without
// --keep, --older-than, --status or --run; neither excludes a tag unless told, and both
// always keep pinned runs (tag "keep"), running runs and runs a kept run needs.
import { policySelects, type PrunePolicy } from './prune-plan';

export interface PruneForm {
  /** Keep this many newest runs (text as typed; empty = not used). */
  keep: string;
  /** Only runs created more than this many days ago (empty = not used). */
  olderThanDays: string;
  statuses: string[];
  /** Comma-separated tags whose runs are always kept (tags may contain spaces). */
  excludeTags: string;
  /** Limit the policy to the runs selected in the table. */
  useSelection: boolean;
  includeStale: boolean;
}

export type PruneFormErrors = Partial<Record<'keep' | 'olderThanDays' | 'form', string>>;

/** What `runyard prune` does with no options: nothing (it asks for a rule). The dialog starts the same. */
export const PRUNE_DEFAULTS: Omit<PruneForm, 'useSelection'> = {
  keep: '',
  olderThanDays: '',
  statuses: [],
  excludeTags: '',
  includeStale: false,
};

/** The message both give when no rule is chosen. */
export const CHOOSE_A_RULE = 'Choose at least one rule: runs to keep, an age, statuses or the selected runs.';

/** Runs chosen in the table are the user's own choice, so the dialog starts limited to them. */
export function defaultPruneForm(selection: readonly string[]): PruneForm {
  return { ...PRUNE_DEFAULTS, statuses: [], useSelection: selection.length > 0 };
}

/** What "keep newest N" counts, in words: "the 10 newest failed runs stay". */
export function keepRuleText(form: PruneForm): string {
  const n = Number(form.keep.trim());
  const counted = form.statuses.length ? `${form.statuses.join(' or ')} runs` : 'runs';
  const tags = splitTags(form.excludeTags);
  const except = tags.length ? `, not counting runs tagged ${tags.join(' or ')}` : '';
  if (form.keep.trim() === '' || !Number.isInteger(n) || n < 0)
    return `Empty: no such rule. A number N keeps the N newest ${counted}${except}.`;
  return `The ${n === 1 ? 'newest' : `${n} newest`} ${n === 1 ? counted.replace(/runs$/, 'run') : counted} stay${n === 1 ? 's' : ''}${except}.`;
}

export function splitTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]+/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}

function parseNumber(text: string, integer: boolean): number | null | 'bad' {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) return 'bad';
  return n;
}

/** `staleAfterHours`: the user's setting, so "stale" means the same here as in the table. */
export function policyFromForm(
  form: PruneForm,
  selection: readonly string[],
  staleAfterHours?: number,
): { policy: PrunePolicy | null; errors: PruneFormErrors } {
  const errors: PruneFormErrors = {};
  const keep = parseNumber(form.keep, true);
  const days = parseNumber(form.olderThanDays, false);
  if (keep === 'bad') errors.keep = 'Enter a whole number of runs (0 or more).';
  if (days === 'bad') errors.olderThanDays = 'Enter a number of days (0 or more).';
  if (errors.keep || errors.olderThanDays) return { policy: null, errors };

  const policy: PrunePolicy = {};
  if (keep !== null) policy.keep = keep as number;
  if (days !== null) policy.olderThanDays = days as number;
  if (form.statuses.length) policy.statuses = [...form.statuses];
  const tags = splitTags(form.excludeTags);
  if (tags.length) policy.excludeTags = tags;
  if (form.useSelection && selection.length) policy.runs = [...selection];
  if (form.includeStale) {
    policy.includeStale = true;
    if (staleAfterHours !== undefined && staleAfterHours > 0) policy.staleAfterHours = staleAfterHours;
  }

  // The planner's own test, so the form and the preview agree; "include stale" only widens another rule.
  if (!policySelects(policy)) return { policy: null, errors: { form: CHOOSE_A_RULE } };
  return { policy, errors };
}
