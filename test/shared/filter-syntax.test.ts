import { describe, expect, it } from 'vitest';
import { formatToken, hasToken, toggleToken, tokenize } from '../../shared/filter-tokens';
import { isEmptyFilter, parseFilter, parseFilterDate, parseRelativeDate } from '../../shared/filter-parse';
import { matchRun, prepareRun } from '../../shared/filter-match';
import type { RunRecord } from '../../shared/types';

function run(p: Partial<RunRecord> & { run_id: string }): RunRecord {
  return {
    description: '',
    status: 'completed',
    tags: [],
    created_at: null,
    started_at: null,
    completed_at: null,
    created_ms: null,
    started_ms: null,
    completed_ms: null,
    parent_run_id: null,
    user: null,
    hostname: null,
    git_commit: null,
    checkpoints: [],
    extra: {},
    problems: [],
    unreadable: false,
    mtime_ms: 0,
    ...p,
  };
}

const local = (y: number, m: number, d: number, h = 0) => new Date(y, m - 1, d, h).getTime();

const runs = [
  run({
    run_id: 'aaaa1111',
    description: 'Household beta sweep 0.2',
    status: 'failed',
    tags: ['sweep', 'beta'],
    user: 'ada',
    hostname: 'cosma-login1.durham',
    created_ms: local(2026, 9, 30, 12),
  }),
  run({
    run_id: 'bbbb2222',
    description: 'Lockdown from April',
    status: 'completed',
    tags: ['long'],
    user: 'bob',
    hostname: 'archer2',
    created_ms: local(2026, 10, 1, 9),
    parent_run_id: 'cccc3333-parent',
  }),
  run({
    run_id: 'cccc3333-parent',
    description: 'Baseline: calibration run',
    status: 'checkpointed',
    tags: ['long', 'keep'],
    user: 'ada',
    hostname: 'cosma-login2.durham',
    created_ms: local(2026, 10, 5),
  }),
  run({
    run_id: 'dddd4444',
    description: 'No date',
    status: 'Custom Status',
    tags: [],
    user: null,
    hostname: null,
    created_ms: null,
  }),
];
const ids = (text: string) => {
  const f = parseFilter(text);
  return runs.filter((r) => matchRun(prepareRun(r), f)).map((r) => r.run_id.slice(0, 4));
};

describe('filter syntax: parsing', () => {
  it('splits free words, key:value tokens and quoted values', () => {
    const f = parseFilter('Beta status:failed tag:"two words" user:Ada host:cosma parent:cccc "exact phrase"');
    expect(f.words).toEqual(['beta', 'exact phrase']);
    expect(f.statuses).toEqual(['failed']);
    expect(f.tags).toEqual(['two words']);
    expect(f.users).toEqual(['ada']);
    expect(f.hosts).toEqual(['cosma']);
    expect(f.parents).toEqual(['cccc']);
    expect(f.errors).toEqual([]);
  });

  it('keeps unknown keys and URLs as free text', () => {
    expect(parseFilter('sweep: foo:bar http://x').words).toEqual(['sweep:', 'foo:bar', 'http://x']);
  });

  it('names an unknown key and lists the known ones, but not for URLs, times or "key:" alone', () => {
    expect(parseFilter('colour:red').errors).toEqual([
      "Unknown filter key 'colour' (searched as plain text). Known: status, tag, user, host, parent, before, after.",
    ]);
    expect(parseFilter('-Colour:red colour:blue').errors).toHaveLength(1);
    expect(parseFilter('sweep: http://x 10:30 status:failed').errors).toEqual([]);
  });

  it('negates a term written with a leading -, and ignores a lone - still being typed', () => {
    const f = parseFilter('-status:completed -tag:X -word -user:bob beta -');
    expect(f.not.statuses).toEqual(['completed']);
    expect(f.not.tags).toEqual(['x']);
    expect(f.not.words).toEqual(['word']);
    expect(f.not.users).toEqual(['bob']);
    expect(f.words).toEqual(['beta']);
    expect(f.statuses).toEqual([]);
    expect(isEmptyFilter(parseFilter('-'))).toBe(true);
    expect(isEmptyFilter(parseFilter('-tag:x'))).toBe(false);
  });

  it('reads ages back from a fixed now: hours, days, weeks, calendar months and years', () => {
    const now = local(2026, 10, 15, 12);
    expect(parseRelativeDate('36h', now)).toBe(now - 36 * 3_600_000);
    expect(parseRelativeDate('7d', now)).toBe(now - 7 * 86_400_000);
    expect(parseRelativeDate('2W', now)).toBe(now - 14 * 86_400_000);
    expect(parseRelativeDate('3m', now)).toBe(local(2026, 7, 15, 12));
    expect(parseRelativeDate('1y', now)).toBe(local(2025, 10, 15, 12));
    expect(parseRelativeDate('7', now)).toBeNull();
    expect(parseRelativeDate('7x', now)).toBeNull();
    expect(parseFilter('after:7d before:2w', now)).toMatchObject({
      after: now - 7 * 86_400_000,
      before: now - 14 * 86_400_000,
      errors: [],
    });
    // Absolute dates keep working beside them.
    expect(parseFilter('after:2026-10-01', now).after).toBe(local(2026, 10, 1));
    expect(parseFilter('after:7q', now).errors[0]).toContain('an age such as 7d');
  });

  it('ignores a key whose value is still being typed', () => {
    const f = parseFilter('status:');
    expect(isEmptyFilter(f)).toBe(true);
    expect(f.words).toEqual([]);
  });

  it('reads dates as local days and reports dates it cannot read', () => {
    expect(parseFilterDate('2026-10-01')).toBe(local(2026, 10, 1));
    expect(parseFilterDate('2026-02-30')).toBeNull();
    expect(parseFilterDate('2026-10-01T10:00:00Z')).toBe(Date.UTC(2026, 9, 1, 10));
    const f = parseFilter('before:yesterday after:2026-13-01');
    expect(f.before).toBeNull();
    expect(f.errors).toHaveLength(2);
    expect(f.errors[0]).toContain('before:');
  });

  it('records where each term is, for toggling', () => {
    expect(tokenize('a status:failed').map((t) => [t.key, t.value, t.start, t.end])).toEqual([
      [null, 'a', 0, 1],
      ['status', 'failed', 2, 15],
    ]);
  });
});

describe('filter syntax: matching', () => {
  it('matches free text over id, description, tags, user and host, all words required', () => {
    expect(ids('lockdown')).toEqual(['bbbb']);
    expect(ids('BBBB')).toEqual(['bbbb']);
    expect(ids('keep')).toEqual(['cccc']);
    expect(ids('archer2')).toEqual(['bbbb']);
    expect(ids('ada sweep')).toEqual(['aaaa']);
    expect(ids('ada nothing-like-this')).toEqual([]);
  });

  it('ORs a repeated status or tag and ANDs different keys', () => {
    expect(ids('status:failed status:completed')).toEqual(['aaaa', 'bbbb']);
    expect(ids('tag:sweep tag:keep')).toEqual(['aaaa', 'cccc']);
    expect(ids('tag:long user:ada')).toEqual(['cccc']);
    expect(ids('status:"custom status"')).toEqual(['dddd']);
  });

  it('filters by user, host, parent prefix and creation dates', () => {
    expect(ids('user:ADA')).toEqual(['aaaa', 'cccc']);
    expect(ids('host:durham')).toEqual(['aaaa', 'cccc']);
    expect(ids('parent:cccc')).toEqual(['bbbb']);
    expect(ids('before:2026-10-01')).toEqual(['aaaa']);
    expect(ids('after:2026-10-01')).toEqual(['bbbb', 'cccc']);
    expect(ids('after:2026-10-01 before:2026-10-02')).toEqual(['bbbb']);
  });

  it('leaves out runs matching a negated status, tag, word, user, host or parent', () => {
    expect(ids('-status:completed')).toEqual(['aaaa', 'cccc', 'dddd']);
    expect(ids('-status:completed -status:failed')).toEqual(['cccc', 'dddd']);
    expect(ids('-tag:long')).toEqual(['aaaa', 'dddd']);
    expect(ids('tag:long -tag:keep')).toEqual(['bbbb']);
    expect(ids('-sweep')).toEqual(['bbbb', 'cccc', 'dddd']);
    expect(ids('-user:ada')).toEqual(['bbbb', 'dddd']);
    expect(ids('-host:durham')).toEqual(['bbbb', 'dddd']);
    expect(ids('-parent:cccc')).toEqual(['aaaa', 'cccc', 'dddd']);
    // "Not before" is "after", and the other way round.
    expect(ids('-before:2026-10-01')).toEqual(ids('after:2026-10-01'));
    expect(ids('-after:2026-10-01')).toEqual(ids('before:2026-10-01'));
  });

  it('filters by age back from now with relative dates', () => {
    const now = local(2026, 10, 6);
    const at = (text: string) => {
      const f = parseFilter(text, now);
      return runs.filter((r) => matchRun(prepareRun(r), f)).map((r) => r.run_id.slice(0, 4));
    };
    expect(at('after:2d')).toEqual(['cccc']);
    expect(at('after:1w')).toEqual(['aaaa', 'bbbb', 'cccc']);
    expect(at('before:2d')).toEqual(['aaaa', 'bbbb']);
    expect(at('after:1w before:2d -status:failed')).toEqual(['bbbb']);
  });

  it('matches everything with an empty filter', () => {
    expect(ids('')).toEqual(['aaaa', 'bbbb', 'cccc', 'dddd']);
  });
});

describe('filter syntax: facet tokens', () => {
  it('adds a token, quoting values with spaces, and removes it again', () => {
    expect(formatToken('tag', 'two words')).toBe('tag:"two words"');
    const on = toggleToken('beta', 'status', 'failed');
    expect(on).toBe('beta status:failed');
    expect(hasToken(on, 'status', 'FAILED')).toBe(true);
    expect(toggleToken(on, 'status', 'failed')).toBe('beta');
    expect(toggleToken('tag:"two words" x', 'tag', 'two words')).toBe('x');
  });

  it('leaves a negated token alone: the facet adds the positive one beside it', () => {
    expect(hasToken('-status:failed', 'status', 'failed')).toBe(false);
    expect(toggleToken('-status:failed', 'status', 'failed')).toBe('-status:failed status:failed');
  });
});
