import { keepRuleText, type PruneForm, type PruneFormErrors } from '../../../shared/prune-form';
import { KNOWN_STATUSES } from '../../../shared/types';
import { Field } from '../kit/Field';

/** The known statuses in their usual order, then any custom one present in the folder. */
export function statusChoices(present: readonly string[]): string[] {
  const known: readonly string[] = KNOWN_STATUSES;
  return [...known, ...[...new Set(present)].filter((s) => !known.includes(s)).sort()];
}

export function PrunePolicyForm({
  form,
  errors,
  selection,
  statuses,
  onChange,
}: {
  form: PruneForm;
  errors: PruneFormErrors;
  selection: readonly string[];
  /** Every status present in the folder (custom ones too). */
  statuses: readonly string[];
  onChange(form: PruneForm): void;
}) {
  const set = <K extends keyof PruneForm>(k: K, v: PruneForm[K]) => onChange({ ...form, [k]: v });
  const toggleStatus = (s: string, on: boolean) =>
    set('statuses', on ? [...form.statuses, s] : form.statuses.filter((x) => x !== s));
  return (
    <div className="ry-prune-form" role="group" aria-label="Prune policy">
      {selection.length > 0 && (
        <label className="ry-check">
          <input type="checkbox" checked={form.useSelection} onChange={(e) => set('useSelection', e.target.checked)} />
          Only the {selection.length === 1 ? 'selected run' : `${selection.length} selected runs`}
        </label>
      )}
      <div className="ry-prune-form__row">
        <Field label="Keep newest" hint={keepRuleText(form)} error={errors.keep}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={0}
              step={1}
              value={form.keep}
              onChange={(e) => set('keep', e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Older than (days)"
          hint="Only runs created before then go (empty: any age)."
          error={errors.olderThanDays}
        >
          {(p) => (
            <input
              {...p}
              type="number"
              min={0}
              step="any"
              value={form.olderThanDays}
              onChange={(e) => set('olderThanDays', e.target.value)}
            />
          )}
        </Field>
      </div>
      <fieldset className="ry-fieldset">
        <legend className="ry-legend">Statuses (none ticked: any)</legend>
        {statusChoices(statuses).map((s) => (
          <label className="ry-check" key={s}>
            <input
              type="checkbox"
              checked={form.statuses.includes(s)}
              onChange={(e) => toggleStatus(s, e.target.checked)}
            />
            {s}
          </label>
        ))}
      </fieldset>
      <Field
        label="Exclude tags"
        hint="Runs with any of these tags (comma-separated) stay and are not counted by “keep newest”. Pinned runs (tag “keep”) always stay."
      >
        {(p) => (
          <input {...p} type="text" value={form.excludeTags} onChange={(e) => set('excludeTags', e.target.value)} />
        )}
      </Field>
      <label className="ry-check">
        <input type="checkbox" checked={form.includeStale} onChange={(e) => set('includeStale', e.target.checked)} />
        Include stale runs (still “running” but unchanged for a long time)
      </label>
    </div>
  );
}
