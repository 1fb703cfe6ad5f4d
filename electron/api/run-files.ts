// Files inside one run folder, read for the UI. Every path comes from the client, so it
// is confined lexically to the run folder (no absolute paths, no `..`), and every file
// is opened by safe-open.ts, which checks what was opened rather than the path, so a
// symlink cannot lead a read out of the runs directory, even one swapped in mid-read.
// Reads are bounded (64 KiB a chunk) and listings are paged.
import fs from 'node:fs';
import path from 'node:path';
import type { FileChunk, FileEntry, FileListing } from '../../shared/api/models';
import { isInside, runDir } from '../store/paths';
import { ioError, StoreError } from '../store/errors';
import { fdPath, openRunFile, segmentsOf, withRunFile } from './safe-open';

export const MAX_CHUNK = 64 * 1024;
/** A listing walks at most this many entries, so a folder of millions stays cheap. */
const MAX_WALK = 250_000;

/**
 * The absolute path of `relPath` inside run `runId`, for "Reveal in File Manager",
 * which shows a place and reads nothing. With `mustExist`, the file's real path is
 * checked to stay inside the runs directory. Anything that is read goes through
 * safe-open.ts instead.
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
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new StoreError('not-found', `run ${runId} has no file ${relPath || '.'}`);
    throw ioError('open', full, e);
  }
  if (!isInside(realBase, real))
    throw new StoreError(
      'refused',
      `${runId}/${relPath} is a link that leads out of the runs directory; it was not opened`,
    );
  return full;
}

const toPosix = (p: string) => p.split(path.sep).join('/');

/** `relPath` as messages and answers name it: forward slashes, no `.` or empty parts. */
export function cleanRelPath(relPath: string): string {
  return toPosix(path.join(...segmentsOf(relPath)));
}

function kindOf(st: fs.Stats): FileEntry['kind'] {
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isDirectory()) return 'dir';
  if (st.isFile()) return 'file';
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  return 'other';
}

const SUBDIR_FLAGS =
  fs.constants.O_RDONLY |
  (fs.constants.O_NOFOLLOW ?? 0) |
  (fs.constants.O_DIRECTORY ?? 0) |
  (fs.constants.O_NONBLOCK ?? 0);

export function listRunFiles(base: string, runId: string, folder: string, offset: number, limit: number): FileListing {
  const top = folder === '.' ? '' : folder;
  let root: ReturnType<typeof openRunFile>;
  try {
    root = openRunFile(base, runId, top, { folder: true });
  } catch (e) {
    // A run without logs/ or results/ simply has nothing there yet.
    if (e instanceof StoreError && e.code === 'not-found' && top !== '' && fs.existsSync(runDir(base, runId)))
      return { entries: [], total: 0, offset };
    throw e;
  }
  // Names and kinds come from readdir alone; only the requested page is stat'ed, so a
  // page of a results/ folder with 100k files costs one listing, not 100k lstat calls.
  // Folders are listed through their open descriptors where the system names them
  // (/proc/self/fd), so one swapped for a link mid-walk cannot list another folder.
  const all: { name: string; rel: string }[] = [];
  const walk = (dir: string, rel: string, fd: number | null) => {
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync((fd !== null && fdPath(fd)) || dir, { withFileTypes: true });
    } catch {
      return;
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of names) {
      if (all.length >= MAX_WALK) return;
      const relPath = rel ? `${rel}/${d.name}` : d.name;
      all.push({ name: d.name, rel: relPath });
      // Symlinked folders are listed, not entered: they may lead anywhere.
      if (!d.isDirectory()) continue;
      const sub = path.join((fd !== null && fdPath(fd)) || dir, d.name);
      let subFd: number;
      try {
        subFd = fs.openSync(sub, SUBDIR_FLAGS);
      } catch {
        continue;
      }
      try {
        walk(sub, relPath, subFd);
      } finally {
        fs.closeSync(subFd);
      }
    }
  };
  try {
    walk(root.where, top, root.fd);
  } finally {
    fs.closeSync(root.fd);
  }
  const folderPath = runDir(base, runId);
  const entries = all.slice(offset, offset + limit).flatMap(({ name, rel }): FileEntry[] => {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(path.join(folderPath, ...rel.split('/')));
    } catch {
      return [];
    }
    // Only a regular file (not a link) is `file`: the one kind the UI may preview or open.
    const kind = kindOf(st);
    return [{ name, path: rel, kind, bytes: kind === 'file' ? st.size : 0, mtime_ms: st.mtimeMs }];
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

/** Reads up to `length` bytes at `offset` (or the last `length` bytes with `tail`) from an open file. */
export function readRange(
  fd: number,
  st: fs.Stats,
  opts: { offset?: number; length: number; tail?: boolean },
): RawChunk {
  const length = Math.min(opts.length, MAX_CHUNK);
  const start = opts.tail ? Math.max(0, st.size - length) : Math.min(opts.offset ?? 0, st.size);
  const buf = Buffer.alloc(Math.min(length, st.size - start));
  const read = buf.length ? fs.readSync(fd, buf, 0, buf.length, start) : 0;
  return { offset: start, size: st.size, bytes: buf.subarray(0, read) };
}

export function looksBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8192).includes(0);
}

/** Decodes a raw chunk on UTF-8 character boundaries; `offset` moves past a cut first char. */
export function toChunk(relPath: string, raw: RawChunk, atEnd: boolean): FileChunk & { consumed: number } {
  if (looksBinary(raw.bytes)) {
    return {
      path: relPath,
      offset: raw.offset,
      size: raw.size,
      text: '',
      binary: true,
      truncated: raw.offset > 0 || raw.offset + raw.bytes.length < raw.size,
      consumed: raw.bytes.length,
    };
  }
  const skip = raw.offset > 0 ? leadingContinuation(raw.bytes) : 0;
  const body = raw.bytes.subarray(skip);
  const keep = atEnd && raw.offset + raw.bytes.length >= raw.size ? body.length : completeUtf8Length(body);
  const text = body.subarray(0, keep).toString('utf8');
  const offset = raw.offset + skip;
  return {
    path: relPath,
    offset,
    size: raw.size,
    text,
    binary: false,
    truncated: offset > 0 || offset + keep < raw.size,
    consumed: skip + keep,
  };
}

export function readRunFile(
  base: string,
  runId: string,
  relPath: string,
  opts: { offset?: number; length: number; tail: boolean },
): FileChunk {
  return withRunFile(base, runId, relPath, ({ fd, st, name }) => {
    const { consumed: _c, ...chunk } = toChunk(name, readRange(fd, st, opts), true);
    return chunk;
  });
}

/**
 * A small text file of a run (config.yaml, run_params.json) in full, when it is not too
 * large; null when there is none or it is not a file. A link that leads out of the runs
 * directory `base` is refused, like every other read of a run's files.
 */
export function readSmallText(
  base: string,
  full: string,
  maxBytes = 1024 * 1024,
): { text: string; tooLarge: boolean } | null {
  const [runId = '', ...rest] = path.relative(base, full).split(path.sep);
  try {
    return withRunFile(base, runId, rest.join('/'), ({ fd, st }) => {
      if (st.size > maxBytes) {
        const raw = readRange(fd, st, { offset: 0, length: MAX_CHUNK });
        return { text: raw.bytes.subarray(0, completeUtf8Length(raw.bytes)).toString('utf8'), tooLarge: true };
      }
      const buf = Buffer.alloc(st.size);
      let n = 0;
      for (let got = 1; n < buf.length && got > 0; n += got) got = fs.readSync(fd, buf, n, buf.length - n, n);
      return { text: buf.subarray(0, n).toString('utf8'), tooLarge: false };
    });
  } catch (e) {
    if (e instanceof StoreError && e.code === 'refused') throw e;
    return null;
  }
}
