// Crash safety for trash operations. Before a prune, restore or checkpoint removal
// touches anything it writes `.trash/.journal.json` saying what it is about to do.
// Each single move is a rename (atomic), so after a kill -9 every run is whole either
// in place or in the trash; what can be half-done is the bookkeeping around the moves
// (records, the index, `current`, metadata). The next writer, under the index lock,
// reads the journal and finishes or rolls back: a run that already moved stays in
// the trash and the rest stay put; a checkpoint removal whose metadata was not yet
// rewritten is rolled back; a restore is always finished. `trash empty` needs no
// journal: moving an entry into `.trash/.deleting` is its commitment, and whatever is
// found there is deleted by whoever comes next.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isPlainObject } from '../../shared/metadata';
import { isLeftoverOf, writeJsonAtomicSync } from './atomic';
import { ioError, StoreError } from './errors';
import { withIndexLock } from './index-lock';
import { liveHolder } from './lock-owner';
import { addToIndexUnlocked, dropFromIndexUnlocked, fixCurrentUnlocked } from './index-files';
import { INDEX_FILE, METADATA_FILE, runDir } from './paths';
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

export type Journal =
  | { op: 'trash-runs'; pid: number; started_at: string; items: TrashRecord[] }
  | { op: 'restore'; pid: number; started_at: string; record: TrashRecord }
  | {
      op: 'trash-checkpoints';
      pid: number;
      started_at: string;
      record: TrashRecord;
      checkpoints_before: unknown[];
      checkpoints_after: unknown[];
    };

let steps = 0;
/**
 * TEST ONLY. RUNYARD_TEST_CRASH_AFTER=k kills this process with SIGKILL when it
 * reaches the k-th step of a trash operation, so tests can crash it at every point.
 */
export function crashPoint(): void {
  const k = process.env.RUNYARD_TEST_CRASH_AFTER;
  if (k && ++steps >= Number(k)) process.kill(process.pid, 'SIGKILL');
}

function journalFile(base: string): string {
  return path.join(trashDir(base), JOURNAL_FILE);
}

export function readJournal(base: string): Journal | null {
  let text: string;
  try {
    text = fs.readFileSync(journalFile(base), 'utf8');
  } catch {
    return null;
  }
  try {
    const j = JSON.parse(text) as Journal;
    return isPlainObject(j) && typeof j.op === 'string' ? j : null;
  } catch {
    // Writes rename a complete file into place (atomic.ts), so this is someone's hand edit.
    return null;
  }
}

export function writeJournal(base: string, journal: Journal): void {
  // A journal write killed before its rename left a temporary file; the caller holds the lock.
  try {
    for (const n of fs.readdirSync(trashDir(base)))
      if (isLeftoverOf(n, JOURNAL_FILE)) fs.rmSync(path.join(trashDir(base), n), { force: true });
  } catch {
    // best effort: the write below reports a folder that cannot be written
  }
  try {
    writeJsonAtomicSync(journalFile(base), journal);
  } catch (e) {
    throw ioError('write', journalFile(base), e);
  }
  crashPoint();
}

export function clearJournal(base: string): void {
  fs.rmSync(journalFile(base), { force: true });
}

const OP_WORDS: Record<Journal['op'], string> = {
  'trash-runs': 'prune',
  restore: 'trash restore',
  'trash-checkpoints': 'checkpoint prune',
};

/** What a read-only command should warn about; never writes. */
export function pendingWork(base: string): string | null {
  const j = exists(journalFile(base)) ? readJournal(base) : null;
  const deleting = listDeleting(base).length;
  if (!j && !deleting && !exists(journalFile(base))) return null;
  // A journal is also there while its operation runs: a live holder of the lock that wrote it is at work, not interrupted.
  const holder = j ? liveHolder(`${path.join(base, INDEX_FILE)}.lock`) : null;
  if (j && holder?.pid === j.pid) {
    const where = holder.host === os.hostname() ? `pid ${j.pid}` : `pid ${j.pid} on ${holder.host}`;
    return `a ${OP_WORDS[j.op] ?? j.op} is in progress (${where}, started ${j.started_at}); what is shown may change as it finishes`;
  }
  const what = j
    ? `an interrupted ${OP_WORDS[j.op] ?? j.op} (pid ${j.pid}, started ${j.started_at})`
    : deleting
      ? 'an interrupted `trash empty`'
      : 'an unreadable trash journal';
  return `${what} is pending in ${trashDir(base)}; the next command that changes the directory (or \`runyard index repair\`) will finish it`;
}

/** Only a real `.trash/.deleting` is emptied: through a link, "delete everything in it" would reach another folder. */
function deletingIsReal(base: string): boolean {
  return isRealFolder(trashDir(base)) && isRealFolder(path.join(trashDir(base), DELETING_DIR));
}

function listDeleting(base: string): string[] {
  if (!deletingIsReal(base)) return [];
  try {
    return fs.readdirSync(path.join(trashDir(base), DELETING_DIR));
  } catch {
    return [];
  }
}

// ---- finishing each kind of operation; every function here is idempotent ----

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
