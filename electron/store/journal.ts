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
// The steps that finish or roll back are journal-recovery.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isPlainObject } from '../../shared/metadata';
import { isLeftoverOf, writeJsonAtomicSync } from './atomic';
import { ioError } from './errors';
import { liveHolder } from './lock-owner';
import { INDEX_FILE } from './paths';
import { DELETING_DIR, exists, isRealFolder, JOURNAL_FILE, trashDir, type TrashRecord } from './trash';

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
export function journalFile(base: string): string {
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
export function deletingIsReal(base: string): boolean {
  return isRealFolder(trashDir(base)) && isRealFolder(path.join(trashDir(base), DELETING_DIR));
}
export function listDeleting(base: string): string[] {
  if (!deletingIsReal(base)) return [];
  try {
    return fs.readdirSync(path.join(trashDir(base), DELETING_DIR));
  } catch {
    return [];
  }
}
