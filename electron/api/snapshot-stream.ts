// A client shows no row until the whole run list has arrived and been read: at 10k runs
// that is megabytes, seconds on a busy laptop. So for a session that takes it streamed (the
// Electron window and the browser), a big snapshot is answered with its newest runs, in
// an answer that says the list is still being read, and the rest follows as ordinary
// `runs.delta` events with `runs.progress` — the path a large folder's first scan takes
// anyway. The first rows (newest first is the table's default order) show as soon as
// the small first frame is read. The backend does this, not the transports, so IPC and
// the WebSocket carry the same messages.
//
// The first frame is picked without sorting the whole list (at 100k runs the sort alone
// is time the first rows would wait for); the rest is sorted and cut into frames
// only when the session's queue gets to them (session.ts sends one frame per turn of the
// event loop and queues every later event behind them, so no newer delta is overtaken
// by an older copy of a run).
import type { DirSnapshot } from '../../shared/api/models';
import type { RunDelta, RunRecord } from '../../shared/types';
import type { QueuedEvent, Session } from './session';

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
  first: DirSnapshot;
  /** The events after it, built one at a time as they are taken. */
  rest: Iterator<QueuedEvent>;
}

/** The frames say which folder they are from, as live deltas do, so a client showing several folders files them right. */
function* restFrames(first: readonly RunRecord[], all: readonly RunRecord[], dir: string): Generator<QueuedEvent> {
  const sent = new Set(first);
  const runs = all.filter((r) => !sent.has(r)).sort(newestFirst);
  const total = all.length;
  let at = 0;
  for (let size = FIRST_FRAME_RUNS * GROWTH; at < runs.length; size *= GROWTH) {
    const delta: RunDelta & { dir: string } = {
      added: runs.slice(at, at + size),
      changed: [],
      removed: [],
      problems: [],
      dir,
    };
    at += delta.added.length;
    yield { event: 'runs.delta', payload: delta };
    const scanned = first.length + at;
    yield { event: 'runs.progress', payload: { scanned, total, done: scanned >= total, dir } };
  }
}

export function snapshotStream(snap: DirSnapshot): SnapshotStream {
  if (snap.scanning || snap.runs.length <= 2 * FIRST_FRAME_RUNS) return { first: snap, rest: [].values() };
  const head = newestRuns(snap.runs, FIRST_FRAME_RUNS);
  return { first: { ...snap, runs: head, scanning: true }, rest: restFrames(head, snap.runs, snap.dir) };
}

/** Every frame at once (for tests): the answer and the events after it. */
export function snapshotFrames(snap: DirSnapshot): { first: DirSnapshot; events: QueuedEvent[] } {
  const s = snapshotStream(snap);
  return { first: s.first, events: [...{ [Symbol.iterator]: () => s.rest }] };
}

/**
 * The answer to `runs.snapshot` for `session`, taken by `take`. It is made a turn later,
 * once everything already queued for the session has gone out: what the client asked
 * for with it (app.info, which the page needs to show anything) is answered first, the
 * list (slow to build at 100k runs) holds up no other request, and it is not
 * overtaken by the frames of an earlier snapshot still on their way.
 */
export async function answerSnapshot(session: Session, take: () => DirSnapshot): Promise<DirSnapshot> {
  await session.settled();
  const snap = take();
  if (!session.streamsSnapshots) return snap;
  const { first, rest } = snapshotStream(snap);
  session.stream(rest);
  return first;
}
