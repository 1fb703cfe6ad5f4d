// A browser shows no row until the whole run list has arrived and been read: at 10k
// runs that is ~6 MB, seconds on a busy laptop. So for the browser (the compact wire),
// a big snapshot goes out as its newest runs first, in an answer that says the list is
// still being read, and the rest follows as `runs.delta` events with `runs.progress`
// — the path a large folder's first scan takes anyway. The first rows (newest first is
// the table's default order) show as soon as the small first frame is read.
//
// The first frame is picked without sorting the whole list (at 100k runs the sort alone
// is ~100 ms that the first rows would wait for); the rest is sorted and cut into frames
// only when the transport gets to them (electron/server/ws-transport.ts queues them, and
// any live change after them, so no newer delta is overtaken by an older copy of a run).
import type { WireMessage } from '../../shared/api/client';
import type { DirSnapshot } from '../../shared/api/models';
import type { RunDelta, RunRecord } from '../../shared/types';

/**
 * Runs in the first frame: more than a tall screen shows (with the table's overscan),
 * and small enough (~60 KB) that the browser reads it in a few milliseconds.
 */
export const FIRST_FRAME_RUNS = 100;
/** Each further frame is this many times the one before: 100k runs take four frames. */
const GROWTH = 16;

const createdKey = (r: RunRecord) => r.created_ms ?? -Infinity;
/** Newest first; Array#sort is stable, so runs created at the same moment keep the folder's order. */
const newestFirst = (a: RunRecord, b: RunRecord) => createdKey(b) - createdKey(a) || 0;

/**
 * The first `k` runs of `runs` sorted newest first (stable), in one pass: a run enters
 * the kept list only if it is strictly newer than the oldest kept one, and goes after
 * the kept runs of its own age, as a stable sort would put it.
 */
export function newestRuns(runs: readonly RunRecord[], k: number): RunRecord[] {
  const top: RunRecord[] = [];
  for (const r of runs) {
    const key = createdKey(r);
    if (top.length === k && !(key > createdKey(top[k - 1]!))) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (createdKey(top[mid]!) >= key) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, r);
    if (top.length > k) top.pop();
  }
  return top;
}

export interface SnapshotStream {
  /** The answer to the request: the whole snapshot, or its newest runs with `scanning: true`. */
  first: WireMessage;
  /** The frames after it, built one at a time as they are taken. */
  rest: Iterator<WireMessage>;
}

function* restFrames(first: readonly RunRecord[], all: readonly RunRecord[]): Generator<WireMessage> {
  const sent = new Set(first);
  const runs = all.filter((r) => !sent.has(r)).sort(newestFirst);
  const total = all.length;
  let at = 0;
  for (let size = FIRST_FRAME_RUNS * GROWTH; at < runs.length; size *= GROWTH) {
    const delta: RunDelta = { added: runs.slice(at, at + size), changed: [], removed: [], problems: [] };
    at += delta.added.length;
    yield { type: 'event', event: 'runs.delta', payload: delta };
    const scanned = first.length + at;
    yield { type: 'event', event: 'runs.progress', payload: { scanned, total, done: scanned >= total } };
  }
}

export function snapshotStream(id: number, snap: DirSnapshot): SnapshotStream {
  if (snap.scanning || snap.runs.length <= 2 * FIRST_FRAME_RUNS) return { first: { type: 'response', id, result: { ok: true, value: snap } }, rest: [].values() };
  const head = newestRuns(snap.runs, FIRST_FRAME_RUNS);
  return {
    first: { type: 'response', id, result: { ok: true, value: { ...snap, runs: head, scanning: true } } },
    rest: restFrames(head, snap.runs),
  };
}

/** Every frame at once (for tests and anything that does not stream). */
export function snapshotFrames(id: number, snap: DirSnapshot): WireMessage[] {
  const s = snapshotStream(id, snap);
  return [s.first, ...{ [Symbol.iterator]: () => s.rest }];
}
