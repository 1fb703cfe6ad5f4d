import { describe, expect, it } from 'vitest';
import { defaultPruneForm, policyFromForm, splitTags } from '../shared/prune-form';

describe('prune form → policy', () => {
  it('defaults to keeping 10 newest without a selection, and to the selection with one', () => {
    expect(policyFromForm(defaultPruneForm([]), [])).toEqual({ policy: { keep: 10, excludeTags: ['keep'] }, errors: {} });
    expect(policyFromForm(defaultPruneForm(['a', 'b']), ['a', 'b'])).toEqual({ policy: { excludeTags: ['keep'], runs: ['a', 'b'] }, errors: {} });
  });

  it('maps every field', () => {
    const form = { keep: '3', olderThanDays: '7.5', statuses: ['failed'], excludeTags: 'keep, paper figure ,keep', useSelection: true, includeStale: true };
    expect(policyFromForm(form, ['x']).policy).toEqual({ keep: 3, olderThanDays: 7.5, statuses: ['failed'], excludeTags: ['keep', 'paper figure'], runs: ['x'], includeStale: true });
  });

  it('passes the user’s stale threshold only with "include stale"', () => {
    expect(policyFromForm({ ...defaultPruneForm([]), includeStale: true }, [], 6).policy).toEqual({ keep: 10, excludeTags: ['keep'], includeStale: true, staleAfterHours: 6 });
    expect(policyFromForm(defaultPruneForm([]), [], 6).policy).toEqual({ keep: 10, excludeTags: ['keep'] });
  });

  it('rejects bad numbers with a message per field', () => {
    const r = policyFromForm({ ...defaultPruneForm([]), keep: '2.5', olderThanDays: '-1' }, []);
    expect(r.policy).toBeNull();
    expect(r.errors.keep).toMatch(/whole number/);
    expect(r.errors.olderThanDays).toMatch(/number of days/);
  });

  it('never turns an empty form into a policy (which could mean "everything")', () => {
    const r = policyFromForm({ ...defaultPruneForm([]), keep: '', includeStale: true }, []);
    expect(r.policy).toBeNull();
    expect(r.errors.form).toMatch(/at least one rule/);
  });

  it('splits tags on commas only, since tags may contain spaces', () => {
    expect(splitTags(' a b , c,,c ')).toEqual(['a b', 'c']);
  });
});
