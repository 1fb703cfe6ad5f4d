// The list cache's file, as laid out on disk. A header line, a sizes line, the run
// folders' names in the order the directory listed them ('\n' between them: run ids
// hold no control characters), then per folder seven float64s (its metadata.json's
// inode, size, mtime and ctime; created_ms; where its line is in the body), then the
// body, which is the whole unfiltered answer as each run's own metadata says it, then
// the tail: each folder's parent_run_id, and the printed line of each run whose orphan
// or cycle problem (which depends on other runs) is added to its own. The floats are
// read straight into a Float64Array, so they sit on an 8-byte boundary.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codeStamp, pruneCacheFiles } from '../../store/cache-files';

const FORMAT = 4;
export const PREFIX = 'list-';
export const FIELDS = 7;
export const [INO, SIZE, MTIME, CTIME, CREATED, START, END] = [0, 1, 2, 3, 4, 5, 6];
/** The inode stored for a folder without a metadata.json (not listed). */
export const ABSENT = -1;

export type DirKey = [ino: number, size: number, mtimeMs: number, ctimeMs: number];

/** Parents by entry; and the printed line, by entry, of each run whose lineage adds a problem. */
export interface Tail {
  parents: (string | null)[];
  over: [number, string][];
}

export function headerFor(base: string): Buffer {
  return Buffer.from(`${JSON.stringify({ format: FORMAT, code: codeStamp(), base, endian: os.endianness() })}\n`);
}

/** Reads exactly `length` bytes at `position`, or throws. */
export function readAt(fd: number, into: Buffer, position: number, length = into.length): Buffer {
  for (let got = 0; got < length;) {
    const n = fs.readSync(fd, into, got, length - got, position + got);
    if (n === 0) throw new Error('the list cache is shorter than it says');
    got += n;
  }
  return into;
}

/**
 * What open() found: the names (as stored, one string) and keys read now, the body and
 * tail left in the file for later.
 */
export interface StoredList {
  namesText: string;
  count: number;
  f: Float64Array;
  fd: number;
  bodyAt: number;
  bodyBytes: number;
  dir: DirKey | null;
  tailBytes: number;
  overCount: number;
}

/** The stored file, checked against `header`; null (the descriptor closed) when it is missing, another format or damaged. */
export function openStoredList(file: string, header: Buffer): StoredList | null {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const first = readAt(fd, Buffer.allocUnsafe(Math.min(size, 64 * 1024)), 0);
    if (first.compare(header, 0, header.length, 0, header.length) !== 0) throw new Error('another format');
    const sizesEnd = first.indexOf(10, header.length);
    if (sizesEnd < 0) throw new Error('no sizes');
    const {
      names: namesBytes,
      count,
      body: bodyBytes,
      dir,
      tail,
      over,
    } = JSON.parse(first.toString('latin1', header.length, sizesEnd)) as {
      names: number;
      count: number;
      body: number;
      dir: DirKey | null;
      tail: number;
      over: number;
    };
    const namesAt = sizesEnd + 1;
    const floatsAt = Math.ceil((namesAt + namesBytes) / 8) * 8;
    const bodyAt = floatsAt + count * FIELDS * 8;
    if (bodyAt + bodyBytes + tail !== size) throw new Error('truncated');
    // Read from an 8-byte boundary of the file into memory of its own, so that the floats are aligned.
    const headAt = namesAt - (namesAt % 8);
    const head = readAt(fd, Buffer.from(new ArrayBuffer(bodyAt - headAt)), headAt);
    const namesText = head.toString('utf8', namesAt - headAt, namesAt - headAt + namesBytes);
    if (separators(namesText) !== Math.max(count - 1, 0)) throw new Error('names');
    const f = new Float64Array(head.buffer, floatsAt - headAt, count * FIELDS);
    return { namesText, count, f, fd, bodyAt, bodyBytes, dir, tailBytes: tail, overCount: over };
  } catch {
    if (fd !== null) fs.closeSync(fd);
    return null;
  }
}

function separators(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/** Written whole and renamed into place, so a reader sees the old file or the new one. */
export function writeStoredList(
  file: string,
  header: Buffer,
  dir: DirKey | null,
  names: readonly string[],
  f: Float64Array,
  body: Buffer,
  tail: Tail,
): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const namesBuf = Buffer.from(names.join('\n'));
    const tailBuf =
      tail.over.length || tail.parents.some((p) => p !== null) ? Buffer.from(JSON.stringify(tail)) : Buffer.alloc(0);
    const sizes = Buffer.from(
      `${JSON.stringify({ names: namesBuf.length, count: names.length, body: body.length, dir, tail: tailBuf.length, over: tail.over.length })}\n`,
    );
    const namesAt = header.length + sizes.length;
    const pad = Buffer.alloc(Math.ceil((namesAt + namesBuf.length) / 8) * 8 - namesAt - namesBuf.length);
    const floats = Buffer.from(f.buffer, f.byteOffset, f.byteLength);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, Buffer.concat([header, sizes, namesBuf, pad, floats, body, tailBuf]));
    fs.renameSync(tmp, file);
    pruneCacheFiles(path.dirname(file), PREFIX);
  } catch {
    // a read-only or full home folder only costs speed
    fs.rmSync(tmp, { force: true });
  }
}
