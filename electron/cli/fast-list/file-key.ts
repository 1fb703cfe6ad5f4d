// What says a metadata.json is unchanged: its inode, size, mtime and ctime, from one lstat.
//
// `runyard list --json` pays one lstat per run. fs.lstatSync with throwIfNoEntry: false
// is the cheapest public way found on Node 20 (see BENCHMARKS.md): a missing file is
// an answer, not a thrown error, and the callback and promise forms cost more in
// scheduling than the threadpool saves. On Node 20 each call builds an fs.Stats with
// four Date objects; that is the price of staying on public APIs.
import fs from 'node:fs';

export interface FileKey {
  ino: number;
  size: number;
  mtimeMs: number;
  /** Set by the system on every change, so a rewrite whose mtime was put back (utimes, cp -p, rsync) still shows. */
  ctimeMs: number;
  isFile: boolean;
}

/** A file as lstat saw it: undefined when there is none, null when lstat failed otherwise. */
export type Seen = FileKey | undefined | null;

/** What one lstat gives: its Stats, undefined when there is no file, null when lstat failed otherwise. */
export type Lstat = fs.Stats | undefined | null;

const NO_THROW = { throwIfNoEntry: false } as const;

/** One lstat of `file`, for a caller that compares the numbers itself rather than keeping a key per run. */
export function lstatOf(file: string): Lstat {
  try {
    return fs.lstatSync(file, NO_THROW);
  } catch {
    return null;
  }
}

export function keyOf(st: Lstat): Seen {
  return st && { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, isFile: st.isFile() };
}

/** One lstat of `file`. */
export function lstatKey(file: string): Seen {
  return keyOf(lstatOf(file));
}
