// Files inside one run folder, read for the UI. Every path comes from the client, so it
// is confined twice: lexically to the run folder (no absolute paths, no `..`), then by
// realpath to the runs directory, so a symlink cannot lead a read out of it. Reads are
// bounded (64 KiB a chunk) and listings are paged.
import fs from 'node:fs';
import path from 'node:path';
import type { FileChunk, FileEntry, FileListing } from '../../shared/api/models';
import { isInside, runDir } from '../store/paths';
import { NONBLOCK, readBoundedText, type BoundedRead } from '../store/bounded-read';
import { ioError, StoreError } from '../store/errors';

export const MAX_CHUNK = 64 * 1024;
/** A listing walks at most this many entries, so a folder of millions stays cheap. */
const MAX_WALK = 250_000;

/** Splits a client path into safe segments, or says why it cannot be used. */
function segmentsOf(relPath: string): string[] {
  if (relPath.includes('\0')) throw new StoreError('invalid', 'a file path cannot contain a NUL byte');
  if (path.isAbsolute(relPath) || /^[\\/]/.test(relPath) || /^[A-Za-z]:/.test(relPath)) {
    throw new StoreError('invalid', `${JSON.stringify(relPath)} is an absolute path; give a path inside the run folder`);
  }
  const parts = relPath.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new StoreError('invalid', `${JSON.stringify(relPath)} leaves the run folder ("..")`);
  return parts;
}

/**
 * The absolute path of `relPath` inside run `runId`. With `mustExist`, the file's real
 * path is checked to stay inside the runs directory (a symlink may point to a sibling
 * run, never out of the directory).
 */
export function confinedPath(base: string, runId: string, relPath: string, mustExist = true): string {
  const folder = runDir(base, runId);
  const full = path.join(folder, ...segmentsOf(relPath));
  if (!isInside(folder, full)) throw new StoreError('invalid', `${JSON.stringify(relPath)} is not inside run ${runId}`);
  if (!mustExist) return full;
  let real: string;
  let realBase: string;
  try {
    realBase = fs.realpathSync(base);
    real = fs.realpathSync(full);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new StoreError('not-found', `run ${runId} has no file ${relPath || '.'}`);
    throw ioError('open', full, e);
  }
  if (!isInside(realBase, real)) throw new StoreError('refused', `${runId}/${relPath} is a link that leads out of the runs directory; it was not opened`);
  return full;
}

const toPosix = (p: string) => p.split(path.sep).join('/');

/** `relPath` as messages and answers name it: forward slashes, no `.` or empty parts. */
export function cleanRelPath(relPath: string): string {
  return toPosix(path.join(...segmentsOf(relPath)));
}

export function listRunFiles(base: string, runId: string, folder: string, offset: number, limit: number): FileListing {
  const top = folder === '.' ? '' : folder;
  let root: string;
  try {
    root = confinedPath(base, runId, top);
  } catch (e) {
    // A run without logs/ or results/ simply has nothing there yet.
    if (e instanceof StoreError && e.code === 'not-found' && top !== '' && fs.existsSync(runDir(base, runId))) return { entries: [], total: 0, offset };
    throw e;
  }
  // Names and kinds come from readdir alone; only the requested page is stat'ed, so a
  // page of a results/ folder with 100k files costs one listing, not 100k lstat calls.
  const all: { name: string; full: string; rel: string; dirent: fs.Dirent }[] = [];
  const walk = (dir: string, rel: string) => {
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of names) {
      if (all.length >= MAX_WALK) return;
      const full = path.join(dir, d.name);
      const relPath = rel ? `${rel}/${d.name}` : d.name;
      all.push({ name: d.name, full, rel: relPath, dirent: d });
      // Symlinked folders are listed, not entered: they may lead anywhere.
      if (d.isDirectory()) walk(full, relPath);
    }
  };
  walk(root, top);
  const entries = all.slice(offset, offset + limit).flatMap(({ name, full, rel }): FileEntry[] => {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(full);
    } catch {
      return [];
    }
    const kind = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : 'file';
    return [{ name, path: toPosix(rel), kind, bytes: kind === 'file' ? st.size : 0, mtime_ms: st.mtimeMs }];
  });
  return { entries, total: all.length, offset };
}

/** Bytes at the start of `buf` that are UTF-8 continuation bytes (a char cut by the read). */
function leadingContinuation(buf: Buffer): number {
  let n = 0;
  while (n < buf.length && n < 3 && (buf[n]! & 0xc0) === 0x80) n++;
  return n;
}

/** Length of `buf` without a trailing, incomplete UTF-8 sequence. */
export function completeUtf8Length(buf: Buffer): number {
  for (let back = 1; back <= Math.min(4, buf.length); back++) {
    const b = buf[buf.length - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? buf.length - back : buf.length;
  }
  return buf.length;
}

export interface RawChunk {
  offset: number;
  size: number;
  bytes: Buffer;
}

/**
 * Opens a run's file for reading only if it is a regular file. Non-blocking: a FIFO
 * planted in logs/ or results/ must not hang the backend until someone writes to it.
 * The caller closes `fd`.
 */
export function openRegularFile(full: string, name: string): { fd: number; st: fs.Stats } {
  let fd: number;
  try {
    fd = fs.openSync(full, fs.constants.O_RDONLY | NONBLOCK);
  } catch (e) {
    throw ioError('open', full, e);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new StoreError('invalid', `${name} is not a file`, name);
    return { fd, st };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/** Reads up to `length` bytes at `offset` (or the last `length` bytes with `tail`). */
export function readRange(full: string, opts: { offset?: number; length: number; tail?: boolean }): RawChunk {
  const { fd, st } = openRegularFile(full, path.basename(full));
  try {
    const length = Math.min(opts.length, MAX_CHUNK);
    const start = opts.tail ? Math.max(0, st.size - length) : Math.min(opts.offset ?? 0, st.size);
    const buf = Buffer.alloc(Math.min(length, st.size - start));
    const read = buf.length ? fs.readSync(fd, buf, 0, buf.length, start) : 0;
    return { offset: start, size: st.size, bytes: buf.subarray(0, read) };
  } finally {
    fs.closeSync(fd);
  }
}

export function looksBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8192).includes(0);
}

/** Decodes a raw chunk on UTF-8 character boundaries; `offset` moves past a cut first char. */
export function toChunk(relPath: string, raw: RawChunk, atEnd: boolean): FileChunk & { consumed: number } {
  if (looksBinary(raw.bytes)) {
    return { path: relPath, offset: raw.offset, size: raw.size, text: '', binary: true, truncated: raw.offset > 0 || raw.offset + raw.bytes.length < raw.size, consumed: raw.bytes.length };
  }
  const skip = raw.offset > 0 ? leadingContinuation(raw.bytes) : 0;
  const body = raw.bytes.subarray(skip);
  const keep = atEnd && raw.offset + raw.bytes.length >= raw.size ? body.length : completeUtf8Length(body);
  const text = body.subarray(0, keep).toString('utf8');
  const offset = raw.offset + skip;
  return { path: relPath, offset, size: raw.size, text, binary: false, truncated: offset > 0 || offset + keep < raw.size, consumed: skip + keep };
}

export function readRunFile(base: string, runId: string, relPath: string, opts: { offset?: number; length: number; tail: boolean }): FileChunk {
  const full = confinedPath(base, runId, relPath);
  const raw = readRange(full, opts);
  const { consumed: _c, ...chunk } = toChunk(cleanRelPath(relPath), raw, true);
  return chunk;
}

/**
 * A small text file of a run (config.yaml, run_params.json) in full, when it is not too
 * large; null when there is none. A link that leads out of the runs directory `base` is
 * refused, like every other read of a run's files.
 */
export function readSmallText(base: string, full: string, maxBytes = 1024 * 1024): { text: string; tooLarge: boolean } | null {
  let read: BoundedRead;
  try {
    read = readBoundedText(full, base, maxBytes);
  } catch {
    return null;
  }
  if (read.kind === 'escapes') throw new StoreError('refused', `${path.relative(base, full)} is a link that leads out of the runs directory; it was not opened`, full);
  if (read.kind === 'too-large') {
    const raw = readRange(full, { offset: 0, length: MAX_CHUNK });
    return { text: raw.bytes.subarray(0, completeUtf8Length(raw.bytes)).toString('utf8'), tooLarge: true };
  }
  return { text: read.text, tooLarge: false };
}
