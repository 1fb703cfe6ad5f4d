// The column picker in All folders lists one key once, over every folder's runs.
import { expect, it } from 'vitest';
import { mergeKeyStats, type KeyStats } from '../../shared/values';

const key = (path: string, count: number, distinct: number, example: KeyStats['example']): KeyStats => ({
  path,
  count,
  distinct,
  varying: distinct > 1,
  example,
});

it('adds up counts, marks a key varying when folders differ, and ranks varying keys first', () => {
  const spring = [
    key('config.season', 3, 1, 'spring'),
    key('config.model', 3, 1, 'SEIR'),
    key('config.beta', 3, 3, 0.1),
  ];
  const autumn = [
    key('config.season', 2, 1, 'autumn'),
    key('config.model', 2, 1, 'SEIR'),
    key('config.beta', 2, 2, 0.25),
    key('config.lockdown', 2, 1, true),
  ];
  const merged = mergeKeyStats([spring, autumn]);
  expect(merged.map((k) => [k.path, k.count, k.varying])).toEqual([
    ['config.beta', 5, true],
    ['config.season', 5, true],
    ['config.model', 5, false],
    ['config.lockdown', 2, false],
  ]);
  expect(merged.find((k) => k.path === 'config.model')!.distinct).toBe(1);
  expect(merged.find((k) => k.path === 'config.season')!.distinct).toBe(2);
  // The inputs are left as they were.
  expect(spring[0]).toEqual(key('config.season', 3, 1, 'spring'));
});
