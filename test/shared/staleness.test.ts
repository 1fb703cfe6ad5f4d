// Stale runs: active, and quiet for longer than the threshold.
import { expect, test } from 'vitest';
import { isStale } from '../../shared/staleness';

test('stale means active, and quiet for longer than the threshold', () => {
  const now = 1_000_000_000;
  expect(isStale('running', now - 25 * 3600_000, now, 24 * 3600_000)).toBe(true);
  expect(isStale('initialising', now - 25 * 3600_000, now, 24 * 3600_000)).toBe(true);
  expect(isStale('running', now - 23 * 3600_000, now, 24 * 3600_000)).toBe(false);
  expect(isStale('completed', now - 25 * 3600_000, now, 24 * 3600_000)).toBe(false);
});
