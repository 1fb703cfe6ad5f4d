import { describe, expect, it } from 'vitest';
import { compareValues, diffValues, flattenValue, formatLeaf } from '../../shared/config-diff';

describe('flattenValue', () => {
  it('keys leaves by a readable path, quoting odd keys', () => {
    const flat = flattenValue({ disease: { beta: 0.3, 'care.home': [1, { x: null }] }, days: 40, empty: {}, none: [] });
    expect([...flat]).toEqual([
      ['disease.beta', 0.3],
      ['disease["care.home"][0]', 1],
      ['disease["care.home"][1].x', null],
      ['days', 40],
      ['empty', {}],
      ['none', []],
    ]);
  });

  it('gives a scalar the empty path', () => {
    expect([...flattenValue('text config')]).toEqual([['', 'text config']]);
  });
});

describe('diffValues', () => {
  it('reports changed, removed and added leaves, and nothing for equal values', () => {
    const parent = { disease: { beta: 0.3, gamma: 0.1 }, days: 40, seeds: [1, 2] };
    expect(diffValues(parent, structuredClone(parent))).toEqual([]);
    expect(diffValues(parent, { disease: { beta: 0.4 }, days: 40, seeds: [1, 2, 3], world: 'NE' })).toEqual([
      { path: 'disease.beta', kind: 'changed', before: 0.3, after: 0.4 },
      { path: 'disease.gamma', kind: 'removed', before: 0.1 },
      { path: 'seeds[2]', kind: 'added', after: 3 },
      { path: 'world', kind: 'added', after: 'NE' },
    ]);
  });

  it('treats a type change as a change, and can list what stayed', () => {
    expect(diffValues({ a: 1 }, { a: '1' })).toEqual([{ path: 'a', kind: 'changed', before: 1, after: '1' }]);
    expect(diffValues({ a: 1 }, { a: 1 }, { includeSame: true })).toEqual([
      { path: 'a', kind: 'same', before: 1, after: 1 },
    ]);
  });

  it('compares against a missing side', () => {
    expect(diffValues(undefined, { a: 1 })).toEqual([{ path: 'a', kind: 'added', after: 1 }]);
  });
});

describe('compareValues', () => {
  it('lines several values up by path and marks differing rows', () => {
    const rows = compareValues([
      { beta: 0.3, days: 40 },
      { beta: 0.4, days: 40 },
      { days: 40, extra: true },
    ]);
    expect(rows.map((r) => [r.path, r.differs, r.present])).toEqual([
      ['beta', true, [true, true, false]],
      ['days', false, [true, true, true]],
      ['extra', true, [false, false, true]],
    ]);
    expect(rows[0]!.cells).toEqual([0.3, 0.4, undefined]);
  });
});

describe('formatLeaf', () => {
  it('shows strings bare and the rest as JSON', () => {
    expect(formatLeaf('NE')).toBe('NE');
    expect(formatLeaf(null)).toBe('null');
    expect(formatLeaf([])).toBe('[]');
    expect(formatLeaf(undefined)).toBe('');
  });
});
