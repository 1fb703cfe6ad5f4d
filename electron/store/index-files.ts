// The lowest layer of the store's writes: the files every write keeps in step with the
// run folders (`.run_index.json` and the `current` link) and the sweep of what a killed
// writer left in the base folder. Plain functions of the runs directory; the caller
// holds the index lock (transaction.ts), so none of these races another Runyard.
import fs from 'node:fs';
import path from 'node:path';
import { indexEntryOf } from '../../shared/metadata';
import { serialiseRunIndex, withEntry, withoutEntries } from '../../shared/run-index';
import { runIdProblem } from '../../shared/run-id';
import { compareNewestFirst } from '../../shared/run-query';
import type { IndexEntry, RunIndex, RunRecord, ScanResult } from '../../shared/types';
import { isLeftoverOf, replaceSymlinkSync, writeFileAtomicSync } from './atomic';
import { ioError } from './errors';
import { isDeadLockName } from './lock-owner';
import { CURRENT_LINK, INDEX_FILE, METADATA_FILE } from './paths';
import { classifyEntry } from './base-entries';
import { readIndex } from './index-read';
import { readRun } from './run-read';
import { scanRuns, type ScanOptions } from './scan';

/** Hidden folders a run is made in before it is renamed into place. */
export const NEW_RUN_PREFIX = '.runyard-new-';

/** Best effort: a leftover that cannot be removed now is removed by a later write. */
export function removeWhere(dir: string, match: (name: string) => boolean): void {
  try {
    for (const n of fs.readdirSync(dir)) if (match(n)) fs.rmSync(path.join(dir, n), { recursive: true, force: true });
  } catch {
    // a folder that vanished or cannot be written: the write that follows says so
  }
}

/** The scan, with a folder that cannot be listed said in words. */
export function scanDir(base: string, opts?: ScanOptions): ScanResult {
  try {
    return scanRuns(base, opts);
  } catch (e) {
    throw ioError('read the runs directory', base, e);
  }
}

const usable = (r: RunRecord | null): r is RunRecord => r !== null && (!r.unreadable || r.created_at !== null);

/** An index built from the folders, oldest first as the module appends, latest = newest created. */
export function indexFromScan(scan: ScanResult, previous?: RunIndex | null): RunIndex {
  const ordered = scan.runs.filter(usable).sort(compareNewestFirst).reverse();
  const ids = new Set(ordered.map((r) => r.run_id));
  const latest =
    previous?.latest && ids.has(previous.latest) ? previous.latest : (ordered[ordered.length - 1]?.run_id ?? null);
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
  for (const d of dirents)
    if (d.name !== CURRENT_LINK && !d.name.startsWith('.') && classifyEntry(base, d.name, d).run) folders.add(d.name);
  const listed = new Set(index.runs.map((e) => e.run_id));
  const kept = index.runs.filter((e) => folders.has(e.run_id));
  const added = [...folders]
    .filter((id) => !listed.has(id))
    .map((id) => readRun(base, id))
    .filter(usable);
  if (!added.length && kept.length === index.runs.length) return index;
  return { runs: [...added.sort(compareNewestFirst).reverse().map(indexEntryOf), ...kept], latest: index.latest };
}

/** Re-read inside the lock; an unusable index is rebuilt from the folders, which are the truth. */
export function currentIndex(base: string): RunIndex {
  return readIndex(base).index ?? indexFromScan(scanDir(base));
}

/** Every index Runyard writes lists exactly the run folders there are (withRunFolders). */
export function writeIndexUnlocked(base: string, index: RunIndex): void {
  const file = path.join(base, INDEX_FILE);
  try {
    writeFileAtomicSync(file, serialiseRunIndex(withRunFolders(base, index)));
  } catch (e) {
    throw ioError('write', file, e);
  }
}

/**
 * Removes what a killed Runyard left in the base folder: a creation stopped before its
 * rename, a temporary index file, `current` link or lock owner, a dead lock moved
 * aside. The caller holds the index lock, so none is in progress.
 */
export function sweepLeftovers(base: string): void {
  const lock = `${INDEX_FILE}.lock`;
  removeWhere(
    base,
    (n) =>
      n.startsWith(NEW_RUN_PREFIX) ||
      isLeftoverOf(n, INDEX_FILE) ||
      isLeftoverOf(n, `.${CURRENT_LINK}`) ||
      isDeadLockName(n, lock) ||
      isLeftoverOf(n, `${lock}.owner`),
  );
}

/** The module only warns when the link cannot be made (some filesystems); so does Runyard. */
export function pointCurrentAt(base: string, id: string | null): void {
  const link = path.join(base, CURRENT_LINK);
  try {
    if (id) replaceSymlinkSync(link, id);
    else fs.rmSync(link, { force: true });
  } catch (e) {
    process.emitWarning(`could not update ${link}: ${(e as Error).message}`);
  }
}

// ---- the index and `current` after removals and restores ----

function present(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

export function newestRunIds(base: string): string[] {
  return [...scanDir(base).runs]
    .filter((r) => !r.unreadable)
    .sort(compareNewestFirst)
    .map((r) => r.run_id);
}

// A missing or unusable index is left as it is: it is a cache of the folders, and the
// next store write or `index repair` rebuilds it from them.

export function dropFromIndexUnlocked(base: string, ids: readonly string[]): void {
  const { index } = readIndex(base);
  if (!index || !ids.some((id) => index.runs.some((e) => e.run_id === id) || index.latest === id)) return;
  const next = withoutEntries(index, ids);
  if (next.latest === null) next.latest = newestRunIds(base)[0] ?? null;
  writeIndexUnlocked(base, next);
}

export function addToIndexUnlocked(base: string, run: RunRecord, fallback?: IndexEntry): void {
  const { index } = readIndex(base);
  if (!index) return;
  const entry = run.unreadable && fallback ? fallback : indexEntryOf(run);
  writeIndexUnlocked(base, withEntry(index, entry, false));
}

/** `current` follows the newest run when it points at a removed or missing one, or an older run than a restored one. */
export function fixCurrentUnlocked(base: string, restored?: RunRecord): void {
  const link = path.join(base, CURRENT_LINK);
  let target: string;
  try {
    target = fs.readlinkSync(link);
  } catch (e) {
    // Missing: the module makes it on the next create. A plain file (FORMAT.md quirk 8) is left alone.
    return void e;
  }
  const alive = !runIdProblem(target) && present(path.join(base, target, METADATA_FILE));
  if (!alive) {
    pointCurrentAt(base, newestRunIds(base)[0] ?? null);
    return;
  }
  if (restored && restored.created_ms !== null) {
    const cur = scanDir(base).runs.find((r) => r.run_id === target);
    if ((cur?.created_ms ?? -Infinity) < restored.created_ms) pointCurrentAt(base, restored.run_id);
  }
}
