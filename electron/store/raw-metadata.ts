// A run's metadata.json exactly as it is on disk (every key, in order), for the store's
// read-modify-write. Unlike the scan, which turns any bad file into a flagged record,
// these refuse with an error naming the file: a write must never start from a guess.
import fs from 'node:fs';
import path from 'node:path';
import { isPlainObject } from '../../shared/metadata';
import { parsePyJson } from '../../shared/py-json';
import { describeBadUtf8, MAX_METADATA_BYTES, readBoundedText, type BadUtf8 } from './bounded-read';
import { ioError, StoreError } from './errors';
import { METADATA_FILE, runDir } from './paths';
import { formatBytes } from '../../shared/format';

export type Raw = Record<string, unknown>;

/** How long a half-written metadata.json is read again before it counts as broken (as in the live index). */
const PARTIAL_READ_BOUND_MS = 2000;

/** The run's folder. A link in its place is refused, so nothing is read or written through it. */
export function runFolderOf(base: string, id: string): string {
  const dir = runDir(base, id);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new StoreError('not-found', `no run ${id} in ${base}`);
    throw ioError('read', dir, e);
  }
  if (st.isSymbolicLink())
    throw new StoreError(
      'refused',
      `${id} in ${base} is a symlink; Runyard does not follow links as runs, so it was neither read nor changed`,
      dir,
    );
  if (!st.isDirectory())
    throw new StoreError('not-found', `no run ${id} in ${base} (${id} is a file, not a run folder)`);
  return dir;
}

export function readRawMetadata(base: string, id: string): Raw {
  const r = tryReadRaw(base, id);
  if ('raw' in r) return r.raw;
  throw r.error;
}

/**
 * A simulation rewrites metadata.json with a plain open-and-write (FORMAT.md quirk 5):
 * an empty or unparseable file is read again for a while before it counts as broken.
 */
export async function readRawMetadataSettled(base: string, id: string): Promise<Raw> {
  const until = Date.now() + PARTIAL_READ_BOUND_MS;
  for (let wait = 10; ; wait = Math.min(2 * wait, 200)) {
    const r = tryReadRaw(base, id);
    if ('raw' in r) return r.raw;
    if (!r.partial || Date.now() + wait > until) throw r.error;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** The problem a reader shows and the reason a writer gives, in the same words. */
export function badUtf8Message(bad: BadUtf8, name = METADATA_FILE): string {
  return `${name} is not valid UTF-8 (${describeBadUtf8(bad)}); Runyard will not rewrite it`;
}

function tryReadRaw(base: string, id: string): { raw: Raw } | { error: StoreError; partial: boolean } {
  const file = path.join(runFolderOf(base, id), METADATA_FILE);
  let text: string;
  try {
    const read = readBoundedText(file, base, MAX_METADATA_BYTES);
    if (read.kind === 'escapes')
      return {
        error: new StoreError(
          'refused',
          `${id}/${METADATA_FILE} is a link that leads out of ${base}; Runyard neither reads nor writes through it`,
          file,
        ),
        partial: false,
      };
    if (read.kind === 'too-large')
      return {
        error: new StoreError(
          'unreadable',
          `${id}/${METADATA_FILE} is ${formatBytes(read.bytes)}, more than the ${formatBytes(MAX_METADATA_BYTES)} Runyard reads; it was left as it is`,
          file,
        ),
        partial: false,
      };
    // A rewrite would turn each bad byte into U+FFFD for good: the file is left to whoever wrote it.
    if (read.badUtf8)
      return {
        error: new StoreError('unreadable', badUtf8Message(read.badUtf8, `${id}/${METADATA_FILE}`), file),
        partial: false,
      };
    text = read.text;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return { error: new StoreError('not-found', `no run ${id} in ${base}`), partial: false };
    return { error: ioError('read', file, e), partial: false };
  }
  let raw: unknown;
  try {
    // Python's reading: NaN and Infinity are numbers, and each number keeps its text for the rewrite.
    raw = parsePyJson(text).value;
  } catch (e) {
    return {
      error: new StoreError(
        'unreadable',
        `${id}/${METADATA_FILE} is not valid JSON (${(e as Error).message}); it was left as it is`,
        file,
      ),
      partial: true,
    };
  }
  if (!isPlainObject(raw))
    return {
      error: new StoreError('unreadable', `${id}/${METADATA_FILE} is not a JSON object; it was left as it is`, file),
      partial: false,
    };
  return { raw };
}
