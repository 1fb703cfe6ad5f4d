// Timestamps as the module writes them.
import { describe, expect, test } from 'vitest';
import { formatTimestamp, parseTimestamp } from '../../shared/timestamps';

describe('timestamps', () => {
  test('both module spellings, with and without microseconds, parse to the same instant', () => {
    const a = parseTimestamp('2026-10-28T08:30:00.654321Z')!;
    expect(a.ms).toBeCloseTo(Date.UTC(2026, 9, 28, 8, 30, 0, 654) + 0.321, 2);
    expect(parseTimestamp('2026-10-28T08:30:00Z')!.ms).toBe(Date.UTC(2026, 9, 28, 8, 30));
    expect(parseTimestamp('2026-10-28T09:30:00+01:00')!.ms).toBe(Date.UTC(2026, 9, 28, 8, 30));
    expect(parseTimestamp('2026-10-28T08:30:00')).toEqual({ ms: Date.UTC(2026, 9, 28, 8, 30), assumedUtc: true });
  });

  test('nonsense is not a date', () => {
    for (const bad of ['yesterday', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '', 42, null])
      expect(parseTimestamp(bad)).toBeNull();
  });

  test("Runyard writes the module's form with six fractional digits and Z", () => {
    expect(formatTimestamp(Date.UTC(2026, 9, 28, 8, 30, 0, 654), 321)).toBe('2026-10-28T08:30:00.654321Z');
    expect(formatTimestamp(Date.UTC(2026, 0, 1))).toBe('2026-01-01T00:00:00.000000Z');
  });
});
