// Reading a text file that sits in a runs directory, which anyone with access to the
// folder may have filled: the size is capped before anything is read (one 50 MB
// metadata.json must not cost a 10k-run listing its memory), and a symlink is followed
// only when it stays inside the runs directory. O_NOFOLLOW makes the common case (a
// plain file) cost no more system calls than fs.readFileSync.
import fs from 'node:fs';
import { isInside } from './paths';

/** Far above any real metadata.json (10k checkpoints are about 1.5 MB). */
export const MAX_METADATA_BYTES = 16 * 1024 * 1024;

export type BoundedRead =
  | { kind: 'text'; text: string }
  | { kind: 'too-large'; bytes: number }
  | { kind: 'escapes' };

const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
/** A FIFO named metadata.json would otherwise block the open until someone writes to it. */
export const NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

function staysInside(base: string, file: string): boolean {
  // A dangling link throws ENOENT here, which callers treat as a missing file.
  return isInside(fs.realpathSync(base), fs.realpathSync(file));
}

/** Throws the fs error (ENOENT, EACCES, EISDIR, ...) when the file cannot be opened or read. */
export function readBoundedText(file: string, base: string, maxBytes: number): BoundedRead {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | NOFOLLOW | NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOOP' || !NOFOLLOW) throw e;
    if (!staysInside(base, file)) return { kind: 'escapes' };
    fd = fs.openSync(file, fs.constants.O_RDONLY | NONBLOCK);
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${file}'`), { code: 'EISDIR' });
    if (!st.isFile()) throw Object.assign(new Error(`${file} is not a regular file`), { code: 'ENOTFILE' });
    if (st.size > maxBytes) return { kind: 'too-large', bytes: st.size };
    return { kind: 'text', text: fs.readFileSync(fd, 'utf8') };
  } finally {
    fs.closeSync(fd);
  }
}

export function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
