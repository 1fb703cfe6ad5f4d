// `index check` and `index repair`: the index is a cache of the folders, so both
// compare it with a fresh scan and never the other way round.
import fs from 'node:fs';
import { indexEntryOf, sameIndexEntry } from '../../shared/metadata';
import { compareNewestFirst } from '../../shared/run-query';
import type { IndexCheck, RunIndex, RunRecord, ScanResult } from '../../shared/types';
import { withIndexLock } from './index-lock';
import { finishDeletions, recoverUnlocked } from './journal';
import { CURRENT_LINK } from './paths';
import { classifyEntry, readIndex, readRun } from './scan';
import type { RunStore } from './run-store';

const usable = (r: RunRecord | null): r is RunRecord => r !== null && (!r.unreadable || r.created_at !== null);

/** An index built from the folders, oldest first as the module appends, latest = newest created. */
export function indexFromScan(scan: ScanResult, previous?: RunIndex | null): RunIndex {
  const ordered = scan.runs.filter(usable).sort(compareNewestFirst).reverse();
  const ids = new Set(ordered.map((r) => r.run_id));
  const latest = previous?.latest && ids.has(previous.latest) ? previous.latest : ordered[ordered.length - 1]?.run_id ?? null;
  return { runs: ordered.map(indexEntryOf), latest };
}

/**
 * `index` with an entry for every run folder and none for a folder that is gone. The
 * module rewrites the index without a lock (FORMAT.md quirk 6), so a simulation that
 * read it before Runyard's last write drops Runyard's entries when it writes it back;
 * every index Runyard writes puts such entries back. One listing of the base folder;
 * only runs the index lacks are read. Entries are otherwise kept as they are (that
 * they match each run's metadata is `index repair`'s job, which reads every run).
 */
export function withRunFolders(base: string, index: RunIndex): RunIndex {
  let dirents: fs.Dirent[];
  try {
    dirents = fs.readdirSync(base, { withFileTypes: true });
  } catch {
    return index;
  }
  const folders = new Set<string>();
  for (const d of dirents) if (d.name !== CURRENT_LINK && !d.name.startsWith('.') && classifyEntry(base, d.name, d).run) folders.add(d.name);
  const listed = new Set(index.runs.map((e) => e.run_id));
  const kept = index.runs.filter((e) => folders.has(e.run_id));
  const added = [...folders].filter((id) => !listed.has(id)).map((id) => readRun(base, id)).filter(usable);
  if (!added.length && kept.length === index.runs.length) return index;
  return { runs: [...added.sort(compareNewestFirst).reverse().map(indexEntryOf), ...kept], latest: index.latest };
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
    store.sweepLeftovers();
    const previous = readIndex(store.dir).index;
    // The lock is held, so RunStore.updateIndex cannot be used; write through the same path it does.
    store.writeIndexUnlocked(indexFromScan(store.scan(), previous));
  });
  await finishDeletions(store.dir);
  return { before, after: checkIndex(store) };
}
