// Where Runyard's caches live ($XDG_CACHE_HOME/runyard or ~/.cache/runyard, never the
// runs directory) and what makes an entry trustworthy. Kept free of node:crypto and
// the rest of the store: `runyard list --json` loads this and little else.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Cache files kept per kind; the least recently written go first. */
const KEEP_FILES = 16;

/**
 * A key is kept only for a file whose mtime is this much older than the moment the
 * answer (or metadata cache) was begun (as Git treats "racily clean" entries): a same-size rewrite within
 * one timestamp tick leaves inode, size, mtime and even ctime as they were, and many
 * network filesystems keep whole seconds (FAT two). A rewrite after the file was read
 * happens after that moment; it can only share the stored mtime if the tick is longer
 * than the margin. So: the coarsest common tick (2 s) plus 2 s for the file server's
 * clock running behind this machine's. A younger file is read again each time.
 */
export const SETTLE_MS = 4000;

/** A file is unchanged while its inode, size, mtime and ctime are (ctime: an mtime put back by utimes, cp -p or rsync). */
export function statKey(st: fs.Stats): string {
  return `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

export function cacheRoot(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache'), 'runyard');
}

/**
 * The cache folder when it is this user's alone, else null and nothing is cached. On a
 * cluster XDG_CACHE_HOME can be a shared or group-writable folder: a cache someone else
 * can write could make a listing wrong. A folder of ours that others may write in (umask
 * 002) is made private first, as the remote agent's loader does. Asked once per folder in a process.
 */
export function ownCacheRoot(): string | null {
  const dir = cacheRoot();
  return isOwnFolder(dir) ? dir : null;
}

const checked = new Map<string, boolean>();

/** Whether `dir` (made, 0700, when missing) is a folder of this user's that no one else can write in; see ownCacheRoot. */
export function isOwnFolder(dir: string): boolean {
  let own = checked.get(dir);
  if (own === undefined) checked.set(dir, (own = checkOwnFolder(dir)));
  return own;
}

function checkOwnFolder(dir: string): boolean {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    let st = fs.lstatSync(dir);
    if (!st.isDirectory() || (process.getuid && st.uid !== process.getuid())) return false;
    if (st.mode & 0o022) {
      fs.chmodSync(dir, 0o700);
      st = fs.lstatSync(dir);
    }
    return (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/**
 * One cache file per runs directory, named by a hash of its path. The file's header
 * names the directory again, so a collision only costs a re-read.
 */
export function cacheFile(prefix: string, base: string, ext: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < base.length; i++) {
    const c = base.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return path.join(cacheRoot(), `${prefix}${hex(h1)}${hex(h2)}${ext}`);
}

/** Changes whenever the program that wrote an entry changes, so old entries are never reused. */
export function codeStamp(): string {
  try {
    const st = fs.statSync(process.argv[1] ?? '');
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return 'unknown';
  }
}

/** Keeps the most recently written cache files of one kind (one file per runs directory). */
export function pruneCacheFiles(dir: string, prefix: string): void {
  const files = fs.readdirSync(dir).filter((f) => f.startsWith(prefix));
  if (files.length <= KEEP_FILES) return;
  const aged = files.map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
  for (const { f } of aged.slice(KEEP_FILES)) fs.rmSync(path.join(dir, f), { force: true });
}
