// The prune planner: every rule of issue 3, on plain data.
import { describe, expect, test } from 'vitest';
import {
  nearestKeptDescendant,
  nearestKeptDescendants,
  planPrune,
  policySelects,
  withSizes,
  type PruneCandidate,
  type PrunePlan,
} from '../../shared/prune-plan';
import { timestampMs } from '../../shared/timestamps';

const NOW = Date.parse('2026-11-01T12:00:00Z');
const DAY = 86_400_000;
const HOUR = 3_600_000;

function run(id: string, o: Partial<PruneCandidate> & { ageDays?: number } = {}): PruneCandidate {
  return {
    run_id: id,
    status: o.status ?? 'completed',
    tags: o.tags ?? [],
    created_ms: o.created_ms !== undefined ? o.created_ms : NOW - (o.ageDays ?? 1) * DAY,
    parent_run_id: o.parent_run_id ?? null,
    bytes: 'bytes' in o ? o.bytes : 100,
    last_change_ms: o.last_change_ms,
    unreadable: o.unreadable,
  };
}

const removed = (p: PrunePlan) => p.remove.map((r) => r.run_id).sort();
const why = (p: PrunePlan, id: string) => p.keep.find((k) => k.run_id === id);

describe('selection', () => {
  test('--keep N keeps the N newest by the parsed date, not by the text', () => {
    // As text, "...00Z" sorts after "...00.100000Z", but it is the older of the two.
    const a = run('a', { created_ms: timestampMs('2026-10-28T08:30:00Z') });
    const b = run('b', { created_ms: timestampMs('2026-10-28T08:30:00.100000Z') });
    const c = run('c', { created_ms: timestampMs('2026-10-27T08:30:00.000001Z') });
    const plan = planPrune([a, b, c], { keep: 1 }, NOW);
    expect(removed(plan)).toEqual(['a', 'c']);
    expect(why(plan, 'b')).toMatchObject({ code: 'newest', reason: 'among the 1 newest' });
  });

  test('--older-than D takes only runs created more than D days ago; an unknown date is not old', () => {
    const plan = planPrune(
      [run('old', { ageDays: 40 }), run('new', { ageDays: 10 }), run('undated', { created_ms: null })],
      { olderThanDays: 30 },
      NOW,
    );
    expect(removed(plan)).toEqual(['old']);
    expect(why(plan, 'new')).toMatchObject({ code: 'too-recent' });
    expect(why(plan, 'new')!.reason).toContain('older than 30 days');
    expect(why(plan, 'undated')!.reason).toContain('unknown');
  });

  test('--keep and --older-than together: the N newest stay, and of the rest only the old go', () => {
    const runs = [
      run('d1', { ageDays: 1 }),
      run('d5', { ageDays: 5 }),
      run('d40', { ageDays: 40 }),
      run('d50', { ageDays: 50 }),
    ];
    const plan = planPrune(runs, { keep: 1, olderThanDays: 30 }, NOW);
    expect(removed(plan)).toEqual(['d40', 'd50']);
    expect(why(plan, 'd5')!.code).toBe('too-recent');
  });

  test('--status takes only those statuses, and --keep counts among them', () => {
    const runs = [
      run('f1', { status: 'failed', ageDays: 1 }),
      run('f2', { status: 'failed', ageDays: 2 }),
      run('ok', { ageDays: 3 }),
      run('custom', { status: 'diverged', ageDays: 4 }),
    ];
    const plan = planPrune(runs, { statuses: ['failed', 'diverged'], keep: 1 }, NOW);
    expect(removed(plan)).toEqual(['custom', 'f2']);
    expect(why(plan, 'ok')).toMatchObject({
      code: 'not-selected',
      reason: 'status is completed, not failed or diverged',
    });
    expect(why(plan, 'f1')!.code).toBe('newest');
  });

  test('--exclude-tag keeps tagged runs out of the prune', () => {
    const plan = planPrune(
      [run('a', { tags: ['calibration'] }), run('b', { tags: ['sweep'] })],
      { olderThanDays: 0 },
      NOW,
    );
    expect(removed(plan)).toEqual(['a', 'b']);
    const excluded = planPrune(
      [run('a', { tags: ['calibration'] }), run('b', { tags: ['sweep'] })],
      { olderThanDays: 0, excludeTags: ['calibration'] },
      NOW,
    );
    expect(removed(excluded)).toEqual(['b']);
    expect(why(excluded, 'a')).toMatchObject({ code: 'not-selected', reason: 'tagged calibration, which is excluded' });
  });

  test('an explicit list takes only the listed runs', () => {
    const plan = planPrune([run('a'), run('b'), run('c')], { runs: ['a', 'c'] }, NOW);
    expect(removed(plan)).toEqual(['a', 'c']);
    expect(why(plan, 'b')!.code).toBe('not-selected');
    expect(plan.refused).toEqual([]);
  });

  test('a policy without a selecting rule removes nothing', () => {
    expect(policySelects({ excludeTags: ['x'], includeStale: true })).toBe(false);
    const plan = planPrune([run('a', { ageDays: 400 })], { excludeTags: ['x'], includeStale: true }, NOW);
    expect(plan.remove).toEqual([]);
    expect(why(plan, 'a')!.code).toBe('not-selected');
  });
});

describe('protection', () => {
  test('initialising and running runs are never removed', () => {
    const plan = planPrune(
      [
        run('i', { status: 'initialising', ageDays: 90 }),
        run('r', { status: 'running', ageDays: 90 }),
        run('c', { ageDays: 90 }),
      ],
      { olderThanDays: 30 },
      NOW,
    );
    expect(removed(plan)).toEqual(['c']);
    expect(why(plan, 'r')).toMatchObject({ code: 'active' });
    expect(why(plan, 'i')!.reason).toContain('initialising');
  });

  test('--include-stale lets an active run go only when its folder has been quiet past the threshold', () => {
    const runs = [
      run('quiet', { status: 'running', ageDays: 90, last_change_ms: NOW - 30 * HOUR }),
      run('busy', { status: 'running', ageDays: 90, last_change_ms: NOW - 3 * HOUR }),
      run('unknown', { status: 'running', ageDays: 90, last_change_ms: null }),
    ];
    expect(removed(planPrune(runs, { olderThanDays: 30 }, NOW))).toEqual([]);
    expect(why(planPrune(runs, { olderThanDays: 30 }, NOW), 'quiet')!.reason).toContain(
      '--include-stale would take it',
    );
    const stale = planPrune(runs, { olderThanDays: 30, includeStale: true }, NOW);
    expect(removed(stale)).toEqual(['quiet']);
    expect(why(stale, 'busy')!.reason).toContain('changed 3 h ago');
    expect(removed(planPrune(runs, { olderThanDays: 30, includeStale: true, staleAfterHours: 2 }, NOW))).toEqual([
      'busy',
      'quiet',
    ]);
  });

  test('a run tagged keep is pinned', () => {
    const plan = planPrune([run('p', { tags: ['keep'], ageDays: 90 }), run('x', { ageDays: 90 })], { keep: 0 }, NOW);
    expect(removed(plan)).toEqual(['x']);
    expect(why(plan, 'p')).toMatchObject({ code: 'pinned', reason: 'pinned (tagged keep)' });
  });

  test('a run stays while a kept run descends from it, however deep', () => {
    const runs = [
      run('grand', { ageDays: 90 }),
      run('parent', { ageDays: 60, parent_run_id: 'grand' }),
      run('child', { ageDays: 1, status: 'running', parent_run_id: 'parent' }),
      run('lonely-parent', { ageDays: 90 }),
      run('lonely-child', { ageDays: 80, parent_run_id: 'lonely-parent' }),
    ];
    const plan = planPrune(runs, { olderThanDays: 30 }, NOW);
    expect(removed(plan)).toEqual(['lonely-child', 'lonely-parent']);
    expect(why(plan, 'grand')).toMatchObject({
      code: 'needed-by-descendant',
      descendant: 'child',
      reason: 'needed by descendant child, which stays',
    });
    expect(why(plan, 'parent')).toMatchObject({ code: 'needed-by-descendant', descendant: 'child' });
  });

  test('a descendant kept for being among the newest protects its ancestors too', () => {
    const plan = planPrune([run('p', { ageDays: 10 }), run('c', { ageDays: 1, parent_run_id: 'p' })], { keep: 1 }, NOW);
    expect(plan.remove).toEqual([]);
    expect(why(plan, 'p')!.code).toBe('needed-by-descendant');
  });

  test('a parent cycle neither hangs nor protects itself', () => {
    const plan = planPrune(
      [run('a', { parent_run_id: 'b', ageDays: 50 }), run('b', { parent_run_id: 'a', ageDays: 40 })],
      { olderThanDays: 30 },
      NOW,
    );
    expect(removed(plan)).toEqual(['a', 'b']);
  });

  test('a run whose metadata cannot be read is kept', () => {
    const plan = planPrune([run('u', { unreadable: true, ageDays: 90 })], { olderThanDays: 30 }, NOW);
    expect(why(plan, 'u')!.code).toBe('unreadable');
  });
});

describe('explicit lists that break a rule are refused', () => {
  test('each protected run of the list is refused with its reason', () => {
    const runs = [
      run('ok', { ageDays: 40 }),
      run('live', { status: 'running' }),
      run('pin', { tags: ['keep'] }),
      run('p'),
      run('c', { parent_run_id: 'p', status: 'running' }),
    ];
    const plan = planPrune(runs, { runs: ['ok', 'live', 'pin', 'p', 'ghost'] }, NOW);
    expect(removed(plan)).toEqual(['ok']);
    expect(plan.refused).toEqual([
      { run_id: 'live', code: 'active', reason: 'running: a simulation may still be writing it' },
      { run_id: 'pin', code: 'pinned', reason: 'pinned (tagged keep)' },
      { run_id: 'p', code: 'needed-by-descendant', reason: 'needed by descendant c, which stays' },
      { run_id: 'ghost', code: 'unknown-run', reason: 'no such run in this directory' },
    ]);
  });

  test('a listed run that another rule of the same policy keeps is refused too', () => {
    const plan = planPrune(
      [run('new', { ageDays: 1 }), run('old', { ageDays: 90 })],
      { runs: ['new'], olderThanDays: 30 },
      NOW,
    );
    expect(plan.refused.map((r) => [r.run_id, r.code])).toEqual([['new', 'too-recent']]);
  });
});

describe('sizes', () => {
  test('bytes_freed sums what is removed; unknown sizes are counted apart and filled in later', () => {
    const plan = planPrune(
      [
        run('a', { bytes: 1000, ageDays: 40 }),
        run('b', { bytes: null, ageDays: 40 }),
        run('c', { bytes: 5, ageDays: 1 }),
      ],
      { olderThanDays: 30 },
      NOW,
    );
    expect(plan.bytes_freed).toBe(1000);
    expect(plan.bytes_unknown).toBe(1);
    const sized = withSizes(plan, new Map([['b', 24]]));
    expect(sized.bytes_freed).toBe(1024);
    expect(sized.bytes_unknown).toBe(0);
    expect(sized.remove).toEqual([
      { run_id: 'a', bytes: 1000 },
      { run_id: 'b', bytes: 24 },
    ]);
  });
});

describe('scale', () => {
  test('a chain of 20,000 runs whose newest stays is planned in well under a second, each run naming its kept descendant', () => {
    // Each old run is the parent of the next; only the newest stays (--keep 1). With a
    // breadth-first search per run this took minutes.
    const runs = Array.from({ length: 20_000 }, (_, i) =>
      run(`r${i}`, { created_ms: NOW - (20_000 - i) * HOUR, parent_run_id: i ? `r${i - 1}` : null }),
    );
    const t = performance.now();
    const plan = planPrune(runs, { keep: 1 }, NOW);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(plan.remove).toEqual([]);
    expect(why(plan, 'r0')).toMatchObject({ code: 'needed-by-descendant', descendant: 'r19999' });
    expect(why(plan, 'r19998')).toMatchObject({ code: 'needed-by-descendant', descendant: 'r19999' });
  });

  test('the one-pass answer names the same run as a breadth-first search, on random forests with cycles', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 50; round++) {
      const n = 40;
      const children = new Map<string, string[]>();
      for (let i = 1; i < n; i++) {
        const parent = `n${rand(n)}`;
        children.set(parent, [...(children.get(parent) ?? []), `n${i}`]);
      }
      const going = new Set(Array.from({ length: n }, (_, i) => `n${i}`).filter(() => rand(3) > 0));
      const all = nearestKeptDescendants(children, going);
      for (const id of going) expect(all(id), `round ${round}, ${id}`).toBe(nearestKeptDescendant(children, id, going));
    }
  });
});
