// RUN/notes.md: a researcher's free-text note about a run, written only by Runyard (the
// Python module never opens that name: it writes metadata.json, config.yaml,
// run_params.json and its three subfolders, and cleanup_old_runs removes the folder
// whole, note included). Read like every other file of a runs folder: capped, and a link
// is followed only when it stays inside the runs directory.
import fs from 'node:fs';
import path from 'node:path';
import { describeBadUtf8, readBoundedText } from './bounded-read';
import { ioError, StoreError } from './errors';

export const NOTES_FILE = 'notes.md';
/**
 * 256 KiB (about a hundred pages): a note travels whole in one WebSocket message, whose
 * frame limit is 1 MiB (electron/server/ws-transport.ts) and which JSON escaping can
 * make several times larger than the text.
 */
export const MAX_NOTE_BYTES = 256 * 1024;
/** How much of a note the live index keeps for the filter's free words (RunRecord.note). */
export const NOTE_EXCERPT_CHARS = 2000;

export interface NoteFile {
  text: string;
  /** Size and mtime in ns, to notice a change made elsewhere since it was read; null when there is no note. */
  version: string | null;
  modified_ms: number | null;
}

export function noteVersion(st: fs.BigIntStats): string {
  return `${st.size}:${st.mtimeNs}`;
}

/** The whole note; an empty one when there is none. Refuses what it could not give back unchanged on a save. */
export function readNoteFile(base: string, folder: string): NoteFile {
  const file = path.join(folder, NOTES_FILE);
  let st: fs.BigIntStats;
  try {
    st = fs.statSync(file, { bigint: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { text: '', version: null, modified_ms: null };
    throw ioError('read', file, e);
  }
  let r: ReturnType<typeof readBoundedText>;
  try {
    r = readBoundedText(file, base, MAX_NOTE_BYTES);
  } catch (e) {
    throw ioError('read', file, e);
  }
  if (r.kind === 'escapes')
    throw new StoreError(
      'refused',
      `${file} is a link that leads out of the runs folder; Runyard neither reads nor replaces it`,
      file,
    );
  if (r.kind === 'too-large')
    throw new StoreError(
      'refused',
      `${file} is ${r.bytes} bytes, more than the ${MAX_NOTE_BYTES} a note may have; edit it with a text editor`,
      file,
    );
  if (r.badUtf8)
    throw new StoreError(
      'unreadable',
      `${file} is not valid UTF-8 (${describeBadUtf8(r.badUtf8)}); Runyard will not show or replace it`,
      file,
    );
  return { text: r.text, version: noteVersion(st), modified_ms: Number(st.mtimeNs / 1_000_000n) };
}

/**
 * The start of the note for search, or undefined when there is none or it cannot be read
 * (a problem notes.get reports; the table just does not find it). One lstat per run
 * without a note: that is the whole cost for most runs.
 */
export function noteExcerpt(base: string, folder: string): string | undefined {
  const file = path.join(folder, NOTES_FILE);
  // No exception for the common case: a thrown ENOENT costs about twice the stat at 10k runs.
  if (!fs.lstatSync(file, { throwIfNoEntry: false })) return undefined;
  try {
    const r = readBoundedText(file, base, MAX_NOTE_BYTES);
    if (r.kind !== 'text' || r.text === '') return undefined;
    return r.text.slice(0, NOTE_EXCERPT_CHARS);
  } catch {
    return undefined;
  }
}
