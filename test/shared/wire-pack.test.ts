// The browser's compact wire: packed run lists must come back exactly as sent, and a
// big snapshot streamed newest first must add up to the whole list, in order.
import { describe, expect, it } from 'vitest';
import type { WireMessage } from '../../shared/api/client';
import type { DirSnapshot } from '../../shared/api/models';
import { packMessage, unpackMessage } from '../../shared/api/wire-pack';
import type { RunDelta, RunRecord } from '../../shared/types';
import { FIRST_FRAME_RUNS, snapshotFrames } from '../../electron/api/snapshot-stream';

function run(i: number, more: Partial<RunRecord> = {}): RunRecord {
  return {
    run_id: `run-${String(i).padStart(6, '0')}`,
    description: `Run ${i}`,
    status: i % 3 ? 'completed' : 'running',
    tags: ['sweep'],
    created_at: null,
    started_at: null,
    completed_at: null,
    created_ms: 1_700_000_000_000 + i * 1000,
    started_ms: null,
    completed_ms: null,
    parent_run_id: null,
    user: 'u',
    hostname: 'h',
    git_commit: null,
    checkpoints:
      i % 2
        ? [
            { name: `cp${i}`, created_at: '2026-10-28T08:30:00Z', path: `runs/run-${i}/checkpoints/cp${i}.hdf5` },
            { name: 'b', created_at: 'x', path: null },
          ]
        : [],
    extra: { seed: i, nested: { a: [1, 2] } },
    problems: [],
    unreadable: false,
    mtime_ms: 5,
    ...more,
  };
}

const snapshot = (runs: RunRecord[]): DirSnapshot => ({
  dir: '/d',
  runs,
  entries: [],
  problems: [],
  scanning: false,
  watchMode: 'native',
});
const wire = (m: WireMessage) => unpackMessage(JSON.parse(JSON.stringify(packMessage(m))) as WireMessage);

describe('the compact wire', () => {
  it('packs run lists to well under their plain size and unpacks them exactly', () => {
    const runs = Array.from({ length: 200 }, (_, i) => run(i));
    // Odd ones out travel as they are: other keys, a key order of their own, an undefined value.
    runs[5] = { ...runs[5]!, stale: true };
    const { run_id, ...rest } = runs[6]!;
    runs[6] = { ...rest, run_id } as RunRecord;
    runs[7] = { ...runs[7]!, stale: undefined };
    const msg: WireMessage = { type: 'response', id: 1, result: { ok: true, value: snapshot(runs) } };
    const back = wire(msg);
    expect(back).toEqual(JSON.parse(JSON.stringify(msg)));
    expect(Object.keys((back as { result: { value: DirSnapshot } }).result.value.runs[6]!)[0]).toBe('description');
    expect(JSON.stringify(packMessage(msg)).length).toBeLessThan(0.75 * JSON.stringify(msg).length);

    const delta: RunDelta = { added: runs.slice(0, 50), changed: runs.slice(50, 60), removed: ['x'], problems: [] };
    const ev: WireMessage = { type: 'event', event: 'runs.delta', payload: delta };
    expect(wire(ev)).toEqual(JSON.parse(JSON.stringify(ev)));
  });

  it('leaves other messages and errors alone', () => {
    const other: WireMessage = { type: 'response', id: 2, result: { ok: true, value: [{ run_id: 'a', total: 1 }] } };
    expect(packMessage(other)).toEqual(other);
    const error: WireMessage = { type: 'response', id: 3, result: { ok: false, error: { code: 'io', message: 'no' } } };
    expect(wire(error)).toEqual(error);
  });

  it('streams a big snapshot newest first: a small answer, then deltas and progress that add up to every run', () => {
    const runs = Array.from({ length: 10_000 }, (_, i) => run(i));
    const { first: head, events } = snapshotFrames(snapshot(runs));
    expect(head.scanning).toBe(true);
    expect(head.runs).toHaveLength(FIRST_FRAME_RUNS);
    expect(head.runs[0]!.run_id).toBe('run-009999');

    const seen = [...head.runs];
    const progress: unknown[] = [];
    for (const f of events) {
      if (f.event === 'runs.delta') seen.push(...(f.payload as RunDelta).added);
      else progress.push(f.payload);
    }
    expect(seen.map((r) => r.run_id)).toEqual(runs.map((r) => r.run_id).reverse());
    expect(progress.at(-1)).toEqual({ scanned: 10_000, total: 10_000, done: true, dir: '/d' });
    expect(events.length).toBeLessThanOrEqual(2 * 3);
  });

  it('sends a small list, or a folder still being scanned, in one answer', () => {
    const small = snapshot(Array.from({ length: 2 * FIRST_FRAME_RUNS }, (_, i) => run(i)));
    expect(snapshotFrames(small)).toEqual({ first: small, events: [] });
    const scanning = { ...snapshot(Array.from({ length: 5000 }, (_, i) => run(i))), scanning: true };
    expect(snapshotFrames(scanning)).toEqual({ first: scanning, events: [] });
  });
});
