import { describe, expect, it } from 'vitest';
import { ganttLayout, runSpan, timeStep, type GanttInput } from '../../shared/gantt';

const H = 3_600_000;
const T0 = Date.UTC(2026, 9, 1, 0, 0, 0);
const run = (run_id: string, p: Partial<GanttInput>): GanttInput => ({
  run_id,
  description: run_id,
  status: 'completed',
  created_ms: null,
  started_ms: null,
  completed_ms: null,
  mtime_ms: 0,
  ...p,
});

describe('runSpan', () => {
  it('starts at started_at, else created_at, and ends at completed_at', () => {
    expect(runSpan(run('a', { created_ms: T0, started_ms: T0 + H, completed_ms: T0 + 3 * H }), T0 + 10 * H)).toEqual({
      start: T0 + H,
      end: T0 + 3 * H,
      ongoing: false,
    });
    expect(runSpan(run('b', { created_ms: T0, completed_ms: T0 + 2 * H }), T0 + 10 * H)).toEqual({
      start: T0,
      end: T0 + 2 * H,
      ongoing: false,
    });
  });

  it('runs to now while active, and to the last metadata change when it stopped without completed_at', () => {
    expect(runSpan(run('c', { status: 'running', created_ms: T0 }), T0 + 5 * H)).toEqual({
      start: T0,
      end: T0 + 5 * H,
      ongoing: true,
    });
    expect(runSpan(run('d', { status: 'checkpointed', created_ms: T0, mtime_ms: T0 + 2 * H }), T0 + 5 * H)).toEqual({
      start: T0,
      end: T0 + 2 * H,
      ongoing: false,
    });
  });

  it('cannot place a run without any time', () => {
    expect(runSpan(run('e', {}), T0)).toBeNull();
  });
});

describe('ganttLayout', () => {
  it('keeps the most recent runs, oldest on top, scaled into the width', () => {
    const runs = [
      run('old', { created_ms: T0, completed_ms: T0 + H }),
      run('mid', { created_ms: T0 + 2 * H, completed_ms: T0 + 3 * H }),
      run('new', { created_ms: T0 + 3 * H, status: 'running' }),
      run('none', {}),
    ];
    const l = ganttLayout(runs, { now: T0 + 4 * H, width: 400, limit: 2 });
    expect(l.bars.map((b) => [b.run_id, b.row, b.ongoing])).toEqual([
      ['mid', 0, false],
      ['new', 1, true],
    ]);
    expect(l.domain).toEqual([T0 + 2 * H, T0 + 4 * H]);
    expect(l.bars[0]).toMatchObject({ x: 0, width: 200 });
    expect(l.bars[1]).toMatchObject({ x: 200, width: 200 });
    expect(l.ticks.length).toBeGreaterThan(1);
    expect(l.ticks.every((t) => t.x >= 0 && t.x <= 400)).toBe(true);
  });

  it('is empty without placeable runs', () => {
    expect(ganttLayout([run('x', {})], { now: T0, width: 100 }).bars).toEqual([]);
  });

  it('chooses steps that give at most six ticks', () => {
    expect(timeStep(2 * H)).toBe(30 * 60_000);
    expect(timeStep(5 * 24 * H)).toBe(24 * H);
    expect(timeStep(60 * 24 * H)).toBe(14 * 24 * H);
  });
});
