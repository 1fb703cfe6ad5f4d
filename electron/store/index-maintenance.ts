// `index check` and `index repair`: the index is a cache of the folders, so both
// compare it with a fresh scan and never the other way round.
import { indexEntryOf, sameIndexEntry } from '../../shared/metadata';
import { compareNewestFirst } from '../../shared/run-query';
import type { IndexCheck, RunIndex, ScanResult } from '../../shared/types';
import { withIndexLock } from './index-lock';
import { finishDeletions, recoverUnlocked } from './journal';
import { readIndex } from './scan';
import type { RunStore } from './run-store';

/** An index built from the folders, oldest first as the module appends, latest = newest created. */
export function indexFromScan(scan: ScanResult, previous?: RunIndex | null): RunIndex {
  const usable = scan.runs.filter((r) => !r.unreadable || r.created_at !== null);
  const ordered = [...usable].sort(compareNewestFirst).reverse();
  const ids = new Set(ordered.map((r) => r.run_id));
  const latest = previous?.latest && ids.has(previous.latest) ? previous.latest : ordered[ordered.length - 1]?.run_id ?? null;
  return { runs: ordered.map(indexEntryOf), latest };
}

export function checkIndex(store: RunStore): IndexCheck {
  const scan = store.scan();
  const { index } = readIndex(store.dir);
  const onDisk = new Map(scan.runs.map((r) => [r.run_id, r]));
  const inIndex = new Map(index?.runs.map((e) => [e.run_id, e]) ?? []);
  const missing = [...onDisk.keys()].filter((id) => !inIndex.has(id)).sort();
  const stale = [...inIndex.keys()].filter((id) => !onDisk.has(id)).sort();
  const mismatched = [...onDisk.values()]
    .filter((r) => !r.unreadable && inIndex.has(r.run_id) && !sameIndexEntry(indexEntryOf(r), inIndex.get(r.run_id)!))
    .map((r) => r.run_id)
    .sort();
  return { missing, stale, mismatched, readable: index !== null, latest: index?.latest ?? null };
}

export async function repairIndex(store: RunStore): Promise<{ before: IndexCheck; after: IndexCheck }> {
  const before = checkIndex(store);
  await withIndexLock(store.dir, () => {
    recoverUnlocked(store);
    const previous = readIndex(store.dir).index;
    // The lock is held, so RunStore.updateIndex cannot be used; write through the same path it does.
    store.writeIndexUnlocked(indexFromScan(store.scan(), previous));
  });
  await finishDeletions(store.dir);
  return { before, after: checkIndex(store) };
}
