// A run's note (RUN/notes.md): read and replace, for the CLI (`runyard note`) and the API
// (notes.get / notes.set). The file itself is handled in electron/store/notes-file.ts.
import fs from 'node:fs';
import type { RunNote } from '../../shared/api/models';
import path from 'node:path';
import { isLeftoverOf, writeFileAtomicSync } from '../store/atomic';
import { ioError, StoreError } from '../store/errors';
import { removeWhere } from '../store/index-files';
import { MAX_NOTE_BYTES, NOTES_FILE, noteVersion, readNoteFile } from '../store/notes-file';
import { runFolderOf } from '../store/raw-metadata';
import type { RunsDir } from '../store/runs-dir';
import { transaction } from '../store/transaction';

export function getNote(store: RunsDir, ref: string): RunNote {
  const id = store.resolve(ref);
  return { run_id: id, ...readNoteFile(store.dir, runFolderOf(store.dir, id)) };
}

/**
 * Replaces the note atomically, under the index lock like every store write (so a
 * temporary file found beside notes.md can only be a killed writer's). With `expect`
 * (a version from getNote, or null for "there was no note"), a note changed since is
 * refused rather than overwritten: two people editing one note must not lose either text.
 */
export async function setNote(store: RunsDir, ref: string, text: string, expect?: string | null): Promise<RunNote> {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_NOTE_BYTES)
    throw new StoreError('invalid', `the note is ${bytes} bytes; a note may have at most ${MAX_NOTE_BYTES} (256 KiB)`);
  if (text.includes('\0')) throw new StoreError('invalid', 'a note cannot contain NUL characters');
  const id = store.resolve(ref);
  return transaction(store.dir, () => {
    const folder = runFolderOf(store.dir, id);
    // Read first: a note Runyard could not give back unchanged (not UTF-8, too large, a
    // link out of the folder) is refused here too, instead of being replaced unseen.
    const now = readNoteFile(store.dir, folder);
    if (expect !== undefined && expect !== now.version) {
      throw new StoreError(
        'conflict',
        `the note of run ${id} was changed elsewhere since it was opened; nothing was written (load it again and redo the change)`,
      );
    }
    if (now.version === null && text === '') return { run_id: id, ...now };
    removeWhere(folder, (n) => isLeftoverOf(n, NOTES_FILE));
    const file = path.join(folder, NOTES_FILE);
    try {
      writeFileAtomicSync(file, text);
    } catch (e) {
      throw ioError('write', file, e);
    }
    const st = fs.statSync(file, { bigint: true });
    return { run_id: id, text, version: noteVersion(st), modified_ms: Number(st.mtimeNs / 1_000_000n) };
  });
}
