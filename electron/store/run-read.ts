// Reads one run folder's metadata.json into a RunRecord with its problems. A file the
// module is still writing (empty or half-written JSON) is told apart from a broken one,
// so a reader that follows the folder keeps its last good copy.
import fs from 'node:fs';
import path from 'node:path';
import { recordFromMetadata, unreadableRecord } from '../../shared/metadata';
import type { IndexEntry, RunRecord } from '../../shared/types';
import { errnoWords } from './errors';
import { MAX_METADATA_BYTES, readBoundedText, type BadUtf8 } from './bounded-read';
import { badUtf8Message } from './raw-metadata';
import { MetadataCache, statKey } from './metadata-cache';
import { METADATA_FILE } from './paths';
import { formatBytes } from '../../shared/format';

/**
 * What reading one metadata.json gave. `partial` is an empty or unparseable file, which
 * the module's plain open-and-write leaves while a simulation is writing it: a reader
 * that follows the folder keeps its last good copy and reads again.
 */
export type RunRead =
  | { kind: 'missing' }
  | { kind: 'ok'; record: RunRecord }
  | { kind: 'partial'; record: RunRecord }
  | { kind: 'error'; record: RunRecord };

/**
 * `hint`: the run's index entry, used only when its metadata is unusable; a function is
 * called only then, so that reading a good run never costs reading the index (5 MB at 10k).
 */
export type RunHint = IndexEntry | undefined | (() => IndexEntry | undefined);

export function readRunFile(base: string, id: string, hintOrGet?: RunHint, withMtime = false): RunRead {
  const hint = () => (typeof hintOrGet === 'function' ? hintOrGet() : hintOrGet);
  const file = path.join(base, id, METADATA_FILE);
  const relFile = `${id}/${METADATA_FILE}`;
  let text: string;
  let badUtf8: BadUtf8 | undefined;
  try {
    const read = readBoundedText(file, base, MAX_METADATA_BYTES);
    if (read.kind === 'escapes')
      return {
        kind: 'error',
        record: unreadableRecord(
          id,
          { file: relFile, message: 'metadata.json is a link that leads out of the runs directory; it was not read' },
          hint(),
        ),
      };
    if (read.kind === 'too-large')
      return {
        kind: 'error',
        record: unreadableRecord(
          id,
          {
            file: relFile,
            message: `metadata.json is ${formatBytes(read.bytes)}, more than the ${formatBytes(MAX_METADATA_BYTES)} Runyard reads; it was not read`,
          },
          hint(),
        ),
      };
    text = read.text;
    badUtf8 = read.badUtf8;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    const why =
      code === 'EISDIR'
        ? 'metadata.json is a folder'
        : code === 'ENOTFILE'
          ? 'metadata.json is not a regular file'
          : `cannot read metadata.json: ${errnoWords(code) ?? code}`;
    return { kind: 'error', record: unreadableRecord(id, { file: relFile, message: why }, hint()) };
  }
  const mtime = withMtime ? mtimeOf(file) : 0;
  if (text.trim() === '')
    return {
      kind: 'partial',
      record: unreadableRecord(
        id,
        { file: relFile, message: 'metadata.json is empty (possibly being written)' },
        hint(),
        mtime,
      ),
    };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return {
      kind: 'partial',
      record: unreadableRecord(
        id,
        { file: relFile, message: `metadata.json is not valid JSON, possibly half-written (${(e as Error).message})` },
        hint(),
        mtime,
      ),
    };
  }
  const record = recordFromMetadata(id, raw, relFile, mtime);
  if (badUtf8) record.problems.unshift({ file: relFile, message: badUtf8Message(badUtf8) });
  return { kind: record.unreadable ? 'error' : 'ok', record };
}

/** Reads one run folder's metadata. `hint` is its index entry, used only when the metadata is unusable. */
export function readRun(base: string, id: string, hint?: RunHint, withMtime = false): RunRecord | null {
  const r = readRunFile(base, id, hint, withMtime);
  return r.kind === 'missing' ? null : r.record;
}

function mtimeOf(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** readRunFile through the metadata cache, as a record or null when the run has no metadata. */
export function readRunCached(
  base: string,
  id: string,
  cache: MetadataCache,
  hint: (id: string) => IndexEntry | undefined,
  withMtime?: boolean,
): RunRecord | null {
  const r = readRunFileCached(base, id, cache, hint);
  if (r.kind === 'missing') return null;
  if (!withMtime) r.record.mtime_ms = 0;
  return r.record;
}

/** readRunFile through the metadata cache: one stat when the file is unchanged since it was cached. */
export function readRunFileCached(
  base: string,
  id: string,
  cache: MetadataCache,
  hint: (id: string) => IndexEntry | undefined,
): RunRead {
  let st: fs.Stats | undefined;
  try {
    // Plain concatenation (id is a checked folder name): path.join's normalising shows at 100k runs.
    // lstat: a metadata.json that is a link is always read through readRunFile, which checks where it leads.
    st = fs.lstatSync(`${base}${path.sep}${id}${path.sep}${METADATA_FILE}`, { throwIfNoEntry: false });
  } catch {
    st = undefined;
  }
  if (!st || !st.isFile()) return readRunFile(base, id, () => hint(id), true);
  const key = statKey(st);
  const hit = cache.lookup(id, key);
  if (hit) {
    hit.mtime_ms = st.mtimeMs;
    return { kind: 'ok', record: hit };
  }
  const r = readRunFile(base, id, () => hint(id), true);
  if (r.kind === 'ok') cache.store(id, key, r.record, st.mtimeMs);
  else cache.store(id, key, null, st.mtimeMs);
  return r;
}
