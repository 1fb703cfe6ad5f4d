// Moving runs into the trash, restoring them and emptying the trash. Each operation
// runs as a transaction (transaction.ts: the index lock, then anything a killed
// process left is finished) and journals itself before its first move.
import fs from 'node:fs';
import path from 'node:path';
import { formatTimestamp } from '../../shared/timestamps';
import { ioError, StoreError } from './errors';
import { clearJournal, crashPoint, writeJournal } from './journal';
import { finishDeletions, finishRestore, settleTrashedRuns } from './journal-recovery';
import { isInside, METADATA_FILE } from './paths';
import type { RunsDir } from './runs-dir';
import { readIndex } from './index-read';
import { readRun } from './run-read';
import { transaction } from './transaction';
import {
  DELETING_DIR,
  ensureTrashDir,
  entryDir,
  exists,
  freshEntryName,
  isRealFolder,
  listTrash,
  moveNoClobber,
  payloadPath,
  resolveEntry,
  whoAmI,
  writeRecord,
  type TrashEntry,
  type TrashRecord,
} from './trash';

export type Progress = (done: number, total: number) => void;

export interface TrashRunsRequest {
  runs: { run_id: string; bytes: number | null }[];
  policy: Record<string, unknown>;
  /** Asked right before each move: a reason leaves that run in place (prune-guard.ts). */
  beforeMove?: (runId: string) => string | null;
}

function now(): string {
  return formatTimestamp(Date.now());
}

/** The run folder must be a real folder directly in the runs directory. */
function checkRunFolder(store: RunsDir, id: string): void {
  const dir = path.join(store.dir, id);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(dir);
  } catch (e) {
    throw ioError('read', dir, e);
  }
  if (!st.isDirectory())
    throw new StoreError(
      'refused',
      `${dir} is not a run folder (${st.isSymbolicLink() ? 'a symlink' : 'a file'})`,
      dir,
    );
  if (!isInside(store.dir, dir)) throw new StoreError('invalid', `${id} is not inside ${store.dir}`);
}

/**
 * Moves runs into the trash; the caller holds the index lock and has checked the
 * rules. Runs that vanished meanwhile, or that `beforeMove` holds back, stay out.
 * Returns the records of the runs moved.
 */
export function trashRunsUnlocked(store: RunsDir, req: TrashRunsRequest, onProgress?: Progress): TrashRecord[] {
  ensureTrashDir(store.dir);
  const index = readIndex(store.dir).index;
  const by = whoAmI();
  const at = now();
  const taken = new Set<string>();
  const items: TrashRecord[] = [];
  for (const r of req.runs) {
    if (!exists(path.join(store.dir, r.run_id, METADATA_FILE))) continue;
    checkRunFolder(store, r.run_id);
    const run = readRun(
      store.dir,
      r.run_id,
      index?.runs.find((e) => e.run_id === r.run_id),
    );
    const entry = freshEntryName(store.dir, r.run_id, taken);
    taken.add(entry);
    items.push({
      version: 1,
      kind: 'run',
      entry,
      run_id: r.run_id,
      description: run?.description ?? '',
      trashed_at: at,
      trashed_by: by,
      policy: req.policy,
      paths: [r.run_id],
      bytes: r.bytes,
      index_entry:
        index?.runs.find((e) => e.run_id === r.run_id) ??
        (run
          ? {
              run_id: r.run_id,
              description: run.description,
              created_at: run.created_at ?? '',
              status: run.status,
              tags: run.tags,
            }
          : undefined),
    });
  }
  if (!items.length) return [];
  writeJournal(store.dir, { op: 'trash-runs', pid: process.pid, started_at: at, items });
  let moved: string[] = [];
  try {
    items.forEach((rec, i) => {
      // Held back runs are journalled but never moved; settling treats them as left in place.
      if (!req.beforeMove?.(rec.run_id)) {
        writeRecord(store.dir, rec);
        crashPoint();
        moveNoClobber(path.join(store.dir, rec.run_id), payloadPath(store.dir, rec.entry, rec.run_id));
        crashPoint();
      }
      onProgress?.(i + 1, items.length);
    });
  } finally {
    // Also after a failed move (another filesystem, permissions): what moved is recorded, the rest stays.
    moved = settleTrashedRuns(store.dir, items);
    clearJournal(store.dir);
  }
  return items.filter((rec) => moved.includes(rec.run_id));
}

export interface RestoreResult {
  record: TrashRecord;
  /** A child whose parent is still in the trash resumes from checkpoints that are in there too. */
  warnings: string[];
}

export async function restoreFromTrash(store: RunsDir, ref: string): Promise<RestoreResult> {
  return transaction(store.dir, () => restoreUnlocked(store, ref));
}

/** Restores one entry, journalled; the caller holds the index lock and has finished pending work. */
export function restoreUnlocked(store: RunsDir, ref: string): RestoreResult {
  const item = resolveEntry(store.dir, ref);
  const rec = item.record;
  if (!item.complete)
    throw new StoreError(
      'unreadable',
      `trash entry ${rec.entry} is incomplete: ${rec.paths.filter((p) => !exists(payloadPath(store.dir, rec.entry, p))).join(', ')} missing from ${entryDir(store.dir, rec.entry)}`,
    );
  const taken = rec.paths.filter((p) => exists(path.join(store.dir, p)));
  if (taken.length) {
    const what =
      rec.kind === 'run' ? `a run ${rec.run_id} exists again in ${store.dir}` : `${taken.join(', ')} exist again`;
    throw new StoreError('conflict', `cannot restore ${rec.entry}: ${what}; nothing was changed`);
  }
  if (rec.kind === 'checkpoints') {
    if (!store.exists(rec.run_id))
      throw new StoreError(
        'refused',
        `cannot restore checkpoints of ${rec.run_id}: the run is not in ${store.dir} (restore it first)`,
      );
    store.readMetadata(rec.run_id); // throws, naming the file, when its checkpoints list cannot be rewritten
  }
  writeJournal(store.dir, { op: 'restore', pid: process.pid, started_at: now(), record: rec });
  finishRestore(store.dir, rec);
  clearJournal(store.dir);
  const warnings: string[] = [];
  if (rec.kind === 'run') {
    const parent = store.get(rec.run_id).parent_run_id;
    const parentEntry =
      parent && !store.exists(parent)
        ? listTrash(store.dir).find((t) => t.record.kind === 'run' && t.record.run_id === parent)
        : undefined;
    if (parentEntry)
      warnings.push(
        `its parent ${parent} is in the trash (${parentEntry.record.entry}); restore it too, the child's checkpoints are in its folder`,
      );
  }
  return { record: rec, warnings };
}

export interface EmptyOptions {
  /** Only entries trashed more than this long ago. */
  olderThanMs?: number;
  now?: number;
  onProgress?: Progress;
}

/** Entries `emptyTrash` would delete; reads only. */
export function entriesToEmpty(base: string, o: EmptyOptions = {}): TrashEntry[] {
  const t = o.now ?? Date.now();
  return listTrash(base).filter(
    (i) => o.olderThanMs === undefined || Date.parse(i.record.trashed_at) < t - o.olderThanMs,
  );
}

/**
 * Deletes entries for good. Under the lock each entry is renamed into .deleting (its
 * commitment point); the slow deletion then runs without the lock.
 */
export async function emptyTrash(store: RunsDir, o: EmptyOptions = {}): Promise<TrashRecord[]> {
  const committed = await transaction(store.dir, () => {
    const chosen = entriesToEmpty(store.dir, o);
    if (!chosen.length) return [];
    const deleting = path.join(ensureTrashDir(store.dir), DELETING_DIR);
    try {
      if (!exists(deleting)) fs.mkdirSync(deleting);
    } catch (e) {
      throw ioError('create', deleting, e);
    }
    if (!isRealFolder(deleting))
      throw new StoreError(
        'refused',
        `${deleting} is not a folder (a link or a file); Runyard will not move trash entries into it to delete them. Remove it and try again; nothing was deleted`,
        deleting,
      );
    const out: TrashRecord[] = [];
    for (const item of chosen) {
      const from = entryDir(store.dir, item.record.entry);
      moveNoClobber(from, path.join(deleting, `${item.record.entry}.${process.pid}.${Date.now()}.${out.length}`));
      out.push(item.record);
      crashPoint();
    }
    return out;
  });
  let done = 0;
  await finishDeletions(store.dir, () => o.onProgress?.(++done, committed.length));
  return committed;
}
