// Typing on in the filter box looks only where the previous text matched, and a
// keystroke that changes no row keeps the same row array (so the table does not
// render again). Both must give exactly what a fresh computation gives.
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../shared/filter-parse';
import { RunStore } from '../../renderer/state/runStore';
import { computeView, narrows, type RunView, type ViewInput } from '../../renderer/state/runView';
import type { RunRecord } from '../../shared/types';
import { makeRun, snapshot } from '../ui/fixtures';

const runs: RunRecord[] = Array.from({ length: 3000 }, (_, i) =>
  makeRun({
    run_id: `r${String(i).padStart(5, '0')}`,
    description: `Calibration sweep ${Math.floor(i / 100)} point ${i % 100} (beta=0.${String(10 + (i % 50)).padStart(2, '0')})`,
    status: ['completed', 'failed', 'running'][i % 3]!,
    tags: [`sweep-${Math.floor(i / 100)}`, ...(i % 7 === 0 ? ['keep'] : [])],
    user: i % 2 ? 'alice' : 'bob',
    created_ms: 1_700_000_000_000 + i * 1000,
  }),
);

describe('filtering as the user types', () => {
  it('gives, keystroke by keystroke, the rows and facet counts of a fresh computation', () => {
    const store = new RunStore();
    store.loadSnapshot(snapshot(runs));
    const sort = { column: 'created', desc: true } as const;
    for (const text of [
      'beta=0.42',
      'sweep-1 status:failed',
      'alice point 4',
      'tag:keep bob 1',
      'r0001',
      'point -user:bob -beta=0.4 -status:failed',
    ]) {
      let view: RunView | null = null;
      for (let n = 0; n <= text.length; n++) {
        const input: ViewInput = { filter: parseFilter(text.slice(0, n)), sort, sizes: new Map(), sizesVersion: 0 };
        const typed: RunView = computeView(store, input, view);
        const fresh = computeView(store, input, null);
        expect(typed.rows.map((r) => r.run_id)).toEqual(fresh.rows.map((r) => r.run_id));
        expect(typed.statusCounts).toEqual(fresh.statusCounts);
        expect(typed.tagCounts).toEqual(fresh.tagCounts);
        view = typed;
      }
      // Deleting back to nothing widens again.
      for (let n = text.length; n >= 0; n--) {
        const input: ViewInput = { filter: parseFilter(text.slice(0, n)), sort, sizes: new Map(), sizesVersion: 0 };
        const typed: RunView = computeView(store, input, view);
        expect(typed.rows.map((r) => r.run_id)).toEqual(computeView(store, input, null).rows.map((r) => r.run_id));
        view = typed;
      }
      expect(view!.rows).toHaveLength(runs.length);
    }
  });

  it('keeps the same row array when a keystroke changes no row', () => {
    const store = new RunStore();
    store.loadSnapshot(snapshot(runs));
    const input = (t: string): ViewInput => ({
      filter: parseFilter(t),
      sort: { column: 'created', desc: true },
      sizes: new Map(),
      sizesVersion: 0,
    });
    const b = computeView(store, input('b'), null);
    const be = computeView(store, input('be'), b);
    expect(be.rows).toHaveLength(runs.length);
    expect(be.rows).toBe(b.rows);
    const beta4 = computeView(store, input('beta=0.4'), be);
    expect(beta4.rows).not.toBe(be.rows);
    // As many rows as before, but other ones: a new array with the new rows.
    const failed = computeView(store, input('status:failed'), null);
    const running = computeView(store, input('status:running'), failed);
    expect(running.rows).toHaveLength(failed.rows.length);
    expect(running.rows.map((r) => r.status)).toEqual(failed.rows.map(() => 'running'));
  });

  it('treats longer or extra words as narrower, and never a wider text', () => {
    const n = (a: string, b: string) => narrows(parseFilter(a), parseFilter(b));
    expect(n('bet', 'beta')).toBe(true);
    expect(n('beta', 'beta sweep')).toBe(true);
    expect(n('beta user:bob', 'beta=0 user:bob')).toBe(true);
    expect(n('beta', 'bet')).toBe(false);
    expect(n('beta sweep', 'beta')).toBe(false);
    expect(n('beta user:bob', 'beta')).toBe(false);
    expect(n('beta before:2026-01-01', 'beta')).toBe(false);
  });
});
