// `index check` and `index repair`: the index is a cache of the folders, so both
// compare it with a fresh scan and never the other way round.
import { indexEntryOf, sameIndexEntry } from '../../shared/metadata';
import type { IndexCheck } from '../../shared/types';
import { indexFromScan, scanDir, sweepLeftovers, writeIndexUnlocked } from './index-files';
import { finishDeletions } from './journal-recovery';
import type { RunsDir } from './runs-dir';
import { readIndex } from './index-read';
import { transaction } from './transaction';

export function checkIndex(store: RunsDir): IndexCheck {
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

export async function repairIndex(store: RunsDir): Promise<{ before: IndexCheck; after: IndexCheck }> {
  const before = checkIndex(store);
  await transaction(store.dir, () => {
    sweepLeftovers(store.dir);
    const previous = readIndex(store.dir).index;
    writeIndexUnlocked(store.dir, indexFromScan(scanDir(store.dir), previous));
  });
  await finishDeletions(store.dir);
  return { before, after: checkIndex(store) };
}
