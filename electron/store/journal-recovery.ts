// Finishing or rolling back a trash operation from its journal (journal.ts). Every step
// is idempotent, so the next writer can run it again after a crash at any point; prune
// and restore run the same steps when nothing was interrupted (trash-ops.ts).
import fs from 'node:fs';
import path from 'node:path';
import { writeJsonAtomicSync } from './atomic';
import { ioError, StoreError } from './errors';
import { withIndexLock } from './index-lock';
import { addToIndexUnlocked, dropFromIndexUnlocked, fixCurrentUnlocked } from './index-files';
import { METADATA_FILE, runDir } from './paths';
import { readRawMetadata } from './raw-metadata';
import { readRun } from './run-read';
import {
  DELETING_DIR,
  dropEntryShell,
  exists,
  isRealFolder,
  JOURNAL_FILE,
  moveNoClobber,
  originPath,
  payloadPath,
  readRecord,
  trashDir,
  writeRecord,
  type TrashRecord,
} from './trash';
import {
  clearJournal,
  crashPoint,
  deletingIsReal,
  journalFile,
  listDeleting,
  readJournal,
  type Journal,
} from './journal';

/** A run that reached the trash stays there with its record; one that did not stays in place. */
export function settleTrashedRuns(base: string, items: readonly TrashRecord[]): string[] {
  const moved: string[] = [];
  for (const rec of items) {
    if (exists(payloadPath(base, rec.entry, rec.run_id))) {
      if (!readRecord(base, rec.entry)) writeRecord(base, rec);
      moved.push(rec.run_id);
    } else dropEntryShell(base, rec);
  }
  dropFromIndexUnlocked(base, moved);
  crashPoint();
  fixCurrentUnlocked(base);
  crashPoint();
  return moved;
}

/** Puts every payload path back where it was; paths whose place is taken stay in the trash. */
export function movePayloadBack(base: string, rec: TrashRecord): string[] {
  const blocked: string[] = [];
  for (const rel of rec.paths) {
    const from = payloadPath(base, rec.entry, rel);
    const to = originPath(base, rel);
    if (!exists(from)) continue;
    if (exists(to)) {
      blocked.push(rel);
      continue;
    }
    moveNoClobber(from, to);
    crashPoint();
  }
  return blocked;
}

function readCheckpointsList(base: string, runId: string): { raw: Record<string, unknown>; list: unknown[] } | null {
  try {
    const raw = readRawMetadata(base, runId);
    return { raw, list: Array.isArray(raw.checkpoints) ? raw.checkpoints : [] };
  } catch {
    return null;
  }
}

export function writeCheckpointsList(base: string, runId: string, raw: Record<string, unknown>, list: unknown[]): void {
  const file = path.join(runDir(base, runId), METADATA_FILE);
  raw.checkpoints = list;
  try {
    writeJsonAtomicSync(file, raw);
  } catch (e) {
    throw ioError('write', file, e);
  }
  crashPoint();
}

/** The list with the removed entries back at their old positions; entries already there are not doubled. */
export function withRestoredEntries(
  list: readonly unknown[],
  removed: NonNullable<TrashRecord['checkpoints']>,
): unknown[] {
  const out = [...list];
  const present = new Set(out.map((c) => JSON.stringify(c)));
  for (const r of [...removed].sort((a, b) => a.index - b.index)) {
    const key = JSON.stringify(r.entry);
    if (present.has(key)) continue;
    out.splice(Math.min(r.index, out.length), 0, r.entry);
    present.add(key);
  }
  return out;
}

export function finishRestore(base: string, rec: TrashRecord): { blocked: string[] } {
  const blocked = movePayloadBack(base, rec);
  if (rec.kind === 'run') {
    const run = readRun(base, rec.run_id, rec.index_entry, true);
    if (run && !blocked.length) {
      addToIndexUnlocked(base, run, rec.index_entry);
      crashPoint();
      fixCurrentUnlocked(base, run);
      crashPoint();
    }
  } else {
    const meta = readCheckpointsList(base, rec.run_id);
    // Without readable metadata the entries cannot go back; the record stays so they are not lost.
    if (!meta) blocked.push(`${rec.run_id}/${METADATA_FILE}`);
    else {
      const next = withRestoredEntries(meta.list, rec.checkpoints ?? []);
      if (JSON.stringify(next) !== JSON.stringify(meta.list)) writeCheckpointsList(base, rec.run_id, meta.raw, next);
    }
  }
  if (!blocked.length) dropEntryShell(base, rec);
  crashPoint();
  return { blocked };
}

function settleTrashedCheckpoints(base: string, j: Extract<Journal, { op: 'trash-checkpoints' }>): string {
  const meta = readCheckpointsList(base, j.record.run_id);
  const committed = meta !== null && JSON.stringify(meta.list) === JSON.stringify(j.checkpoints_after);
  if (!committed) {
    movePayloadBack(base, j.record);
    dropEntryShell(base, j.record);
    return `rolled back the removal of ${j.record.paths.length} checkpoint file(s) of ${j.record.run_id}`;
  }
  for (const rel of j.record.paths) {
    const from = originPath(base, rel);
    if (exists(from)) moveNoClobber(from, payloadPath(base, j.record.entry, rel));
  }
  if (!readRecord(base, j.record.entry)) writeRecord(base, j.record);
  return `finished moving ${j.record.paths.length} checkpoint file(s) of ${j.record.run_id} to the trash`;
}

/** Finishes whatever the journal says was interrupted. The caller holds the index lock. */
export function recoverUnlocked(base: string): string[] {
  // A journal reached through a linked .trash is not ours to act on.
  if (!isRealFolder(trashDir(base)) || !exists(journalFile(base))) return [];
  try {
    return settle(base);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new StoreError(
      'io',
      `cannot finish the interrupted operation recorded in ${journalFile(base)}: ${why}; the journal was kept (fix the cause and try again; moving the journal aside leaves the trash as it is)`,
      journalFile(base),
    );
  }
}

function settle(base: string): string[] {
  const j = readJournal(base);
  const notes: string[] = [];
  if (j?.op === 'trash-runs') {
    const moved = settleTrashedRuns(base, j.items);
    notes.push(
      `finished an interrupted prune: ${moved.length} run(s) in the trash, ${j.items.length - moved.length} left in place`,
    );
  } else if (j?.op === 'restore') {
    const { blocked } = finishRestore(base, j.record);
    notes.push(
      blocked.length
        ? `could not finish restoring ${j.record.entry}: ${blocked.join(', ')} in the way or unreadable; the rest is back and the entry stays in the trash`
        : `finished restoring ${j.record.entry}`,
    );
  } else if (j?.op === 'trash-checkpoints') {
    notes.push(settleTrashedCheckpoints(base, j));
  } else if (exists(journalFile(base))) {
    notes.push(`ignored an unreadable ${journalFile(base)}`);
  }
  clearJournal(base);
  return notes;
}

/** Deletes for good whatever `trash empty` committed to deleting. Never follows links. */
export async function finishDeletions(base: string, onEach?: (name: string) => void): Promise<number> {
  const dir = path.join(trashDir(base), DELETING_DIR);
  if (!deletingIsReal(base)) return 0;
  let n = 0;
  for (const name of listDeleting(base)) {
    const p = path.join(dir, name);
    // fs.rm lstat()s and unlinks symlinks; it never descends into a link's target.
    await fs.promises.rm(p, { recursive: true, force: true, maxRetries: 3 });
    n++;
    onEach?.(name);
    crashPoint();
  }
  try {
    fs.rmdirSync(dir);
  } catch {
    // another process may be adding to it
  }
  return n;
}

/** For any writer (CLI, server): finish an interrupted operation before changing anything. */
export async function recoverPending(store: { readonly dir: string }): Promise<string[]> {
  const base = store.dir;
  const dir = trashDir(base);
  if (!exists(path.join(dir, JOURNAL_FILE)) && !exists(path.join(dir, DELETING_DIR))) return [];
  const planted = [dir, path.join(dir, DELETING_DIR)].find((p) => exists(p) && !isRealFolder(p));
  if (planted) return [`${planted} is not a folder (a link or a file); nothing was deleted or moved through it`];
  const notes = exists(path.join(dir, JOURNAL_FILE)) ? await withIndexLock(base, () => recoverUnlocked(base)) : [];
  const deleted = await finishDeletions(base);
  if (deleted) notes.push(`finished deleting ${deleted} trash entr${deleted === 1 ? 'y' : 'ies'} for good`);
  return notes;
}
