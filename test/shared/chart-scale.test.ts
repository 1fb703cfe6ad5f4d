import { describe, expect, it } from 'vitest';
import { countBy, linear, niceStep, niceTicks } from '../../shared/chart-scale';
import { subtreeUsage, topWithRest } from '../../shared/subtree-usage';

describe('chart scales', () => {
  it('picks 1-2-5 steps and ticks that cover the maximum', () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(7, 5)).toBe(2);
    expect(niceStep(120, 4)).toBe(50);
    expect(niceTicks(7, 4)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(1, 4)).toEqual([0, 0.5, 1]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });

  it('maps linearly and safely for an empty domain', () => {
    expect(linear(10, 200)(5)).toBe(100);
    expect(linear(0, 200)(5)).toBe(0);
    expect(linear(10, 200)(-3)).toBe(0);
  });

  it('counts known statuses in order, then custom ones by count', () => {
    expect(
      countBy(
        ['failed', 'queued', 'completed', 'failed', 'queued', 'queued', 'odd'],
        ['completed', 'running', 'failed'],
      ),
    ).toEqual([
      { label: 'completed', count: 1 },
      { label: 'failed', count: 2 },
      { label: 'queued', count: 3 },
      { label: 'odd', count: 1 },
    ]);
  });
});

describe('disk usage per lineage subtree', () => {
  const runs = [
    { run_id: 'root', parent_run_id: null },
    { run_id: 'child', parent_run_id: 'root' },
    { run_id: 'grandchild', parent_run_id: 'child' },
    { run_id: 'alone', parent_run_id: null },
    { run_id: 'r2', parent_run_id: null },
    { run_id: 'r2c', parent_run_id: 'r2' },
  ];
  const usage = [
    { run_id: 'root', total: 100 },
    { run_id: 'child', total: 10 },
    { run_id: 'grandchild', total: 1 },
    { run_id: 'alone', total: 5000 },
    { run_id: 'r2', total: 300 },
    { run_id: 'r2c', total: 0 },
  ];

  it('sums each family with descendants, largest first, leaving out runs without children', () => {
    expect(subtreeUsage(runs, usage)).toEqual([
      { run_id: 'r2', total: 300, runs: 2 },
      { run_id: 'root', total: 111, runs: 3 },
    ]);
  });

  it('keeps the top n and sums the rest', () => {
    expect(topWithRest(usage, 2)).toEqual({ top: [usage[3], usage[4]], rest: { count: 4, total: 111 } });
    expect(topWithRest(usage, 10).rest).toBeNull();
  });
});
