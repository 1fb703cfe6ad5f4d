// A browser shows no row until the whole run list has arrived and been read: at 10k
// runs that is ~6 MB, seconds on a busy laptop. So for the browser (the compact wire),
// a big snapshot goes out as its newest runs first, in an answer that says the list is
// still being read, and the rest follows as `runs.delta` events with `runs.progress`
// — the path a large folder's first scan takes anyway. The first rows (newest first is
// the table's default order) show as soon as the small first frame is read.
//
// Every frame is built and queued at once, before any live change can be sent, so no
// newer delta can be overtaken by an older copy of the same run from a later chunk.
import type { WireMessage } from '../../shared/api/client';
import type { DirSnapshot } from '../../shared/api/models';
import type { RunDelta, RunRecord } from '../../shared/types';

/** Runs in the first frame: more than any screen shows, small enough to read at once. */
export const FIRST_FRAME_RUNS = 400;
/** Each further frame is this many times the one before: 100k runs take three frames. */
const GROWTH = 16;

const newestFirst = (a: RunRecord, b: RunRecord) => (b.created_ms ?? -Infinity) - (a.created_ms ?? -Infinity);

export function snapshotFrames(id: number, snap: DirSnapshot): WireMessage[] {
  if (snap.scanning || snap.runs.length <= 2 * FIRST_FRAME_RUNS) return [{ type: 'response', id, result: { ok: true, value: snap } }];
  const runs = [...snap.runs].sort(newestFirst);
  const frames: WireMessage[] = [{ type: 'response', id, result: { ok: true, value: { ...snap, runs: runs.slice(0, FIRST_FRAME_RUNS), scanning: true } } }];
  let at = FIRST_FRAME_RUNS;
  for (let size = FIRST_FRAME_RUNS * GROWTH; at < runs.length; size *= GROWTH) {
    const delta: RunDelta = { added: runs.slice(at, at + size), changed: [], removed: [], problems: [] };
    at += delta.added.length;
    frames.push({ type: 'event', event: 'runs.delta', payload: delta });
    frames.push({ type: 'event', event: 'runs.progress', payload: { scanned: at, total: runs.length, done: at >= runs.length } });
  }
  return frames;
}
