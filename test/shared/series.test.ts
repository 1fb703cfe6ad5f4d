// A results column as a series: the x column chosen, gaps kept, long series thinned
// without losing a spike, and the columns runs share.
import { describe, expect, it } from 'vitest';
import { axisMap, logTicks } from '../../shared/chart-scale';
import { commonColumns, downsample, firstNumericColumn, parseSeries } from '../../shared/series';

describe('parseSeries', () => {
  it('takes x from a step column, keeps gaps, and drops a half-written last row of a partial read', () => {
    const text = 'infected,"a, quoted",step\n5,x,0\n,y,1\nNaN,z,2\n7,w,3\n9,v,4';
    const s = parseSeries(text, 'infected', { partial: true });
    if ('error' in s) throw new Error(s.error);
    expect(s.xColumn).toBe('step');
    expect(s.x).toEqual([0, 1, 2, 3]);
    expect(s.y).toEqual([5, null, null, 7]);
    expect(s.header).toEqual(['infected', 'a, quoted', 'step']);
  });

  it('puts rows back in step order when a resumed run logged steps again', () => {
    const s = parseSeries('step,loss\n0,5\n1,4\n2,3\n1,4.5\n2,3.5\n3,2\n', 'loss');
    if ('error' in s) throw new Error(s.error);
    expect(s.x).toEqual([0, 1, 1, 2, 2, 3]);
    expect(s.y).toEqual([5, 4, 4.5, 3, 3.5, 2]);
  });

  it('uses the row index without a step or time column, and names what is wrong otherwise', () => {
    const s = parseSeries('loss\n3\n2\n1\n', 'loss');
    expect('error' in s ? s.error : [s.xColumn, s.x]).toEqual([null, [0, 1, 2]]);
    expect(parseSeries('', 'loss')).toEqual({ error: 'is empty (perhaps still being written)' });
    expect(parseSeries('a,b\n1,2\n', 'loss')).toEqual({ error: 'has no column "loss" (its columns: a, b)' });
    expect(parseSeries('loss\n', 'loss')).toEqual({ error: 'has a header but no rows yet' });
    expect(parseSeries('loss\nhigh\n', 'loss')).toEqual({ error: 'has no numeric values in column "loss"' });
  });

  it('thins 100k rows to 2000 points and keeps the one spike', () => {
    const x = Array.from({ length: 100_000 }, (_, i) => i);
    const y = x.map((i) => (i === 54_321 ? 1e6 : Math.sin(i / 1000)));
    const d = downsample(x, y, 2000);
    expect(d.downsampled).toBe(true);
    expect(d.x.length).toBeLessThanOrEqual(2000);
    expect(d.y).toContain(1e6);
    expect([d.x[0], d.x.at(-1)]).toEqual([0, 99_999]);
    expect(d.x.every((v, i) => i === 0 || v > d.x[i - 1]!)).toBe(true);
  });
});

it('offers the columns every run has, and the first numeric one that is not the step', () => {
  expect(
    commonColumns([
      ['step', 'a', 'b'],
      ['b', 'step', 'a', 'c'],
      ['a', 'step'],
    ]),
  ).toEqual(['step', 'a']);
  expect(firstNumericColumn('step,name,loss\n0,x,0.5\n', ['step', 'name', 'loss'])).toBe('loss');
});

it('log axes map decades evenly and tick at 1-2-5 over short ranges', () => {
  const m = axisMap(1, 1000, 0, 300, true);
  expect([m(1), m(10), m(100), m(1000)].map(Math.round)).toEqual([0, 100, 200, 300]);
  expect(logTicks(1, 1e6)).toEqual([1, 10, 100, 1000, 1e4, 1e5, 1e6]);
  expect(logTicks(3, 40)).toEqual([5, 10, 20]);
});
