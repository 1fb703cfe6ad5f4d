// When a quiet connection is pinged and when it is given up, on a fake clock.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { SilenceWatchdog } from '../../electron/remote/silence-watchdog';

describe('SilenceWatchdog', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  const make = () => {
    const seen: string[] = [];
    const dog = new SilenceWatchdog(
      { pingAfterMs: 10_000, dropAfterMs: 30_000 },
      () => seen.push(`ping ${Date.now()}`),
      () => seen.push(`drop ${Date.now()}`),
    );
    return { dog, seen };
  };

  test('pings after 10 s of quiet, drops after 30 s when the ping goes unanswered', () => {
    vi.setSystemTime(0);
    const { dog, seen } = make();
    vi.advanceTimersByTime(9_999);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(['ping 10000']);
    vi.advanceTimersByTime(20_000);
    expect(seen).toEqual(['ping 10000', 'drop 30000']);
    dog.stop();
  });

  test('anything heard puts it off: an answered ping, or messages that keep coming', () => {
    vi.setSystemTime(0);
    const { dog, seen } = make();
    vi.advanceTimersByTime(10_000);
    vi.advanceTimersByTime(500);
    dog.heard();
    vi.advanceTimersByTime(9_000);
    expect(seen).toEqual(['ping 10000']);
    dog.heard();
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(5_000);
      dog.heard();
    }
    expect(seen).toEqual(['ping 10000']);
    dog.stop();
    vi.advanceTimersByTime(100_000);
    expect(seen).toEqual(['ping 10000']);
  });

  test('after a sleep longer than 30 s it pings first, rather than drop what may have answered meanwhile', () => {
    vi.setSystemTime(0);
    const { dog, seen } = make();
    vi.setSystemTime(60_000);
    vi.advanceTimersByTime(10_000);
    expect(seen).toEqual(['ping 70000']);
    // Answered: quiet again from here, so the next ping is 10 s later.
    dog.heard();
    vi.advanceTimersByTime(10_000);
    expect(seen).toEqual(['ping 70000', 'ping 80000']);
    vi.advanceTimersByTime(20_000);
    expect(seen).toEqual(['ping 70000', 'ping 80000', 'drop 100000']);
    dog.stop();
  });
});
