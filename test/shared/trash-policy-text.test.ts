// The Trash view's "Why" column: what a trash record's policy says, in words a user
// reads at a glance, never the option text it was recorded from.
import { describe, expect, it } from 'vitest';
import { policyObject, policyWords } from '../../shared/trash-policy-text';

const SELF = '6513270e-269e-4d37-b2a7-4de452e6b438';
const OTHER = '9531985d-5d9d-49f8-9818-e811892f902b';
const THIRD = '0fd630f1-f29d-4da9-953f-48f1a09f76b5';
const FOURTH = 'a170b338-3926-4059-b28c-105d1fb17c23';

describe('policyWords', () => {
  it('words a rule-based prune', () => {
    expect(policyWords({ command: 'prune', keep: 10, status: ['failed'], exclude_tag: ['keep'] })).toBe(
      'pruned: keep newest 10 failed runs, except tagged keep',
    );
    expect(policyWords({ command: 'prune', older_than_days: 30, status: ['failed'], exclude_tag: ['keep'] })).toBe(
      'pruned: failed runs older than 30 days, except tagged keep',
    );
    expect(policyWords({ command: 'prune', keep: 1, status: ['failed', 'crashed'] })).toBe(
      'pruned: keep the newest failed or crashed run',
    );
    expect(policyWords({ command: 'prune', keep: 0 })).toBe('pruned: keep none of the runs');
    expect(policyWords({ command: 'prune', keep: 5, older_than_days: 1 })).toBe(
      'pruned: keep newest 5 runs, only those older than 1 day',
    );
    expect(policyWords({ command: 'prune', keep: 5, run: ['a', 'b'], include_stale: true, stale_after_hours: 6 })).toBe(
      'pruned: keep newest 5 runs, among 2 runs chosen by hand, stale runs included (unchanged for 6 h)',
    );
    expect(policyWords({ command: 'prune', status: ['failed'], exclude_tag: ['keep', 'best', 'paper'] })).toBe(
      'pruned: failed runs, except tagged keep, best or paper',
    );
  });

  it('says "removed by hand" for a run chosen by hand, naming the others by description or short id', () => {
    expect(policyWords({ command: 'prune', run: [SELF], exclude_tag: ['keep'] }, { runId: SELF })).toBe(
      'removed by hand',
    );
    const describe = (id: string) => (id === OTHER ? 'Baseline calibration' : undefined);
    expect(policyWords({ command: 'prune', run: [SELF, OTHER] }, { runId: SELF, describe })).toBe(
      'removed by hand, together with “Baseline calibration”',
    );
    expect(policyWords({ command: 'prune', run: [SELF, OTHER, THIRD] }, { runId: SELF, describe })).toBe(
      'removed by hand, together with “Baseline calibration” and 0fd630f1',
    );
    expect(policyWords({ command: 'prune', run: [SELF, OTHER, THIRD, FOURTH] }, { runId: SELF, describe })).toBe(
      'removed by hand, together with “Baseline calibration”, 0fd630f1 and 1 more run',
    );
    // Without knowing which run the record is for (the CLI's table), it counts.
    expect(policyWords({ command: 'prune', run: ['a', 'b', 'c'] })).toBe('removed by hand: 3 runs');
  });

  it('shortens a long description', () => {
    const describe = () => 'A description far longer than anyone would want to read in a column';
    expect(policyWords({ run: [SELF, OTHER] }, { runId: SELF, describe })).toBe(
      'removed by hand, together with “A description far longer than anyone wo…”',
    );
  });

  it('reads a policy recorded as option text', () => {
    expect(policyWords(`exclude-tag=keep run=${SELF}`, { runId: SELF })).toBe('removed by hand');
    expect(policyWords('--keep=10 --status=failed --exclude-tag=keep')).toBe(
      'pruned: keep newest 10 failed runs, except tagged keep',
    );
    expect(policyObject('keep=3 include-stale')).toEqual({ keep: 3, include_stale: true, command: 'prune' });
    expect(policyWords(`exclude-tag=keep run=${SELF}`, { runId: SELF })).not.toMatch(/=|run /);
  });

  it('words checkpoint retention, unknown options and nothing at all', () => {
    expect(policyWords({ command: 'checkpoints prune', keep_last: 3, keep_every: 10 })).toBe(
      'checkpoint retention: kept the last 3 and every 10th',
    );
    expect(policyWords({ command: 'prune', status: ['failed'], max_size_gb: 2 })).toBe(
      'pruned: failed runs, max size gb 2',
    );
    expect(policyWords({ command: 'prune' })).toBe('pruned (no rule recorded)');
    expect(policyWords(null)).toBe('pruned (no rule recorded)');
    expect(policyWords({ command: 'sweep cleanup' })).toBe('sweep cleanup');
  });
});
