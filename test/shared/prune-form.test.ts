import { describe, expect, it } from 'vitest';
import { CHOOSE_A_RULE, defaultPruneForm, keepRuleText, policyFromForm, splitTags } from '../../shared/prune-form';

describe('prune form → policy', () => {
  it('defaults to no rule at all (nothing removed, as `runyard prune` with no options), and to the selection with one', () => {
    expect(policyFromForm(defaultPruneForm([]), [])).toEqual({ policy: null, errors: { form: CHOOSE_A_RULE } });
    expect(policyFromForm(defaultPruneForm(['a', 'b']), ['a', 'b'])).toEqual({
      policy: { runs: ['a', 'b'] },
      errors: {},
    });
  });

  it('says what "keep newest N" counts', () => {
    const form = defaultPruneForm([]);
    expect(keepRuleText({ ...form, keep: '10', statuses: ['failed'] })).toBe('The 10 newest failed runs stay.');
    expect(keepRuleText({ ...form, keep: '1', statuses: ['failed', 'crashed'], excludeTags: 'paper' })).toBe(
      'The newest failed or crashed run stays, not counting runs tagged paper.',
    );
    expect(keepRuleText({ ...form, keep: '5' })).toBe('The 5 newest runs stay.');
    expect(keepRuleText(form)).toBe('Empty: no such rule. A number N keeps the N newest runs.');
  });

  it('maps every field', () => {
    const form = {
      keep: '3',
      olderThanDays: '7.5',
      statuses: ['failed'],
      excludeTags: 'keep, paper figure ,keep',
      useSelection: true,
      includeStale: true,
    };
    expect(policyFromForm(form, ['x']).policy).toEqual({
      keep: 3,
      olderThanDays: 7.5,
      statuses: ['failed'],
      excludeTags: ['keep', 'paper figure'],
      runs: ['x'],
      includeStale: true,
    });
  });

  it('passes the user’s stale threshold only with "include stale"', () => {
    expect(policyFromForm({ ...defaultPruneForm([]), keep: '10', includeStale: true }, [], 6).policy).toEqual({
      keep: 10,
      includeStale: true,
      staleAfterHours: 6,
    });
    expect(policyFromForm({ ...defaultPruneForm([]), keep: '10' }, [], 6).policy).toEqual({ keep: 10 });
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
