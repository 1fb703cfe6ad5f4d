// Reading a text file that sits in a runs directory, which anyone with access to the
// folder may have filled: the size is capped before anything is read (one 50 MB
// metadata.json must not cost a 10k-run listing its memory), and a symlink is followed
// only when the file opened stays inside the runs directory. O_NOFOLLOW makes the common case (a
// plain file) cost no more system calls than fs.readFileSync.
import fs from 'node:fs';
import { realPathOfFd } from './fd-path';
import { isInside } from './paths';

/** Far above any real metadata.json (10k checkpoints are about 1.5 MB). */
export const MAX_METADATA_BYTES = 16 * 1024 * 1024;

/** Where a file stops being UTF-8: the first byte that does not fit, and its offset. */
export interface BadUtf8 {
  byte: number;
  offset: number;
}

export type BoundedRead =
  /** `badUtf8`: the text is a lossy decoding (U+FFFD for each bad byte), to show, never to write back. */
  { kind: 'text'; text: string; badUtf8?: BadUtf8 } | { kind: 'too-large'; bytes: number } | { kind: 'escapes' };

const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
/** A FIFO named metadata.json would otherwise block the open until someone writes to it. */
export const NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

function staysInside(base: string, fd: number, file: string): boolean {
  const where = realPathOfFd(fd, file, fs.fstatSync(fd));
  return where !== null && isInside(fs.realpathSync(base), where);
}

/** Throws the fs error (ENOENT, EACCES, EISDIR, ...) when the file cannot be opened or read. */
export function readBoundedText(file: string, base: string, maxBytes: number): BoundedRead {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | NOFOLLOW | NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOOP' || !NOFOLLOW) throw e;
    // A dangling link throws ENOENT here, which callers treat as a missing file.
    fd = fs.openSync(file, fs.constants.O_RDONLY | NONBLOCK);
    // Checked through the descriptor that will be read: a path checked and opened again
    // could be swapped for a link leading out in between.
    if (!staysInside(base, fd, file)) {
      fs.closeSync(fd);
      return { kind: 'escapes' };
    }
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory())
      throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${file}'`), { code: 'EISDIR' });
    if (!st.isFile()) throw Object.assign(new Error(`${file} is not a regular file`), { code: 'ENOTFILE' });
    if (st.size > maxBytes) return { kind: 'too-large', bytes: st.size };
    return decodeUtf8(fs.readFileSync(fd));
  } finally {
    fs.closeSync(fd);
  }
}

// ignoreBOM keeps a byte-order mark in the text, as readFileSync(..., 'utf8') did (JSON.parse refuses it, as Python does).
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Buffer): { kind: 'text'; text: string; badUtf8?: BadUtf8 } {
  try {
    return { kind: 'text', text: strict.decode(bytes) };
  } catch {
    return { kind: 'text', text: bytes.toString('utf8'), badUtf8: firstBadUtf8(bytes) };
  }
}

/** The first byte that starts no valid UTF-8 sequence (a stray continuation byte, a cut or overlong sequence, a surrogate). */
export function firstBadUtf8(b: Uint8Array): BadUtf8 {
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (!n) return { byte: c, offset: i };
    // The sequence's first byte is named: for a Latin-1 "é" that is the 0xE9 itself.
    if (n > 1 && !strictOk(b.subarray(i, i + n), n)) return { byte: c, offset: i };
    i += n;
  }
  return { byte: b[b.length - 1] ?? 0, offset: Math.max(0, b.length - 1) };
}

function strictOk(seq: Uint8Array, n: number): boolean {
  if (seq.length < n) return false;
  try {
    strict.decode(seq);
    return true;
  } catch {
    return false;
  }
}

/** "byte 0xE9 at offset 123". */
export function describeBadUtf8(bad: BadUtf8): string {
  return `byte 0x${bad.byte.toString(16).toUpperCase().padStart(2, '0')} at offset ${bad.offset}`;
}
