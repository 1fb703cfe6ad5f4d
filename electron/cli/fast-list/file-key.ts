// What says a metadata.json is unchanged: its inode, size, mtime and ctime, from one lstat.
//
// `runyard list --json` pays one lstat per run, and on Node 20 fs.lstatSync spends as
// long building the fs.Stats (four Date objects each, and the garbage they make) as
// the system call itself: about 45 ms of the 10k-run answer, which is measured against
// the Python module's list_runs(). Node's own binding returns the raw numbers. It is
// used only when this Node's lstatSync is seen calling it the same way and it agrees
// with lstatSync on a real file; never under the permission model (which the binding
// would bypass) or when deprecations are reported. Otherwise lstatSync it is.
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

type RawLstat = (file: string) => Float64Array | undefined;

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
// Node's stat array: dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, atime s/ns, mtime s/ns, ctime s/ns, …
const [MODE, INO, SIZE, MTIME_S, MTIME_NS, CTIME_S, CTIME_NS] = [1, 7, 8, 12, 13, 14, 15];

function viaStats(file: string): Seen {
  try {
    const st = fs.lstatSync(file, { throwIfNoEntry: false });
    return st && { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, isFile: st.isFile() };
  } catch {
    return null;
  }
}

function fromRaw(a: Float64Array): FileKey {
  // As Node computes Stats.mtimeMs, so that both ways give the same number.
  return { ino: a[INO]!, size: a[SIZE]!, mtimeMs: a[MTIME_S]! * 1e3 + a[MTIME_NS]! / 1e6, ctimeMs: a[CTIME_S]! * 1e3 + a[CTIME_NS]! / 1e6, isFile: (a[MODE]! & S_IFMT) === S_IFREG };
}

function rawLstat(probe: string): RawLstat | null {
  try {
    const flags = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
    const permissions = 'permission' in process;
    if (permissions || /--(pending-deprecation|experimental-permission|permission)\b/.test(flags) || process.env.NODE_PENDING_DEPRECATION === '1') return null;
    if (!/binding\.lstat\(\s*pathModule\.toNamespacedPath\(path\),\s*options\.bigint,\s*undefined,\s*options\.throwIfNoEntry,?\s*\)/.test(fs.lstatSync.toString())) return null;
    const binding = (process as unknown as { binding(name: string): { lstat(p: string, bigint: boolean, req: undefined, throwIfNoEntry: boolean): unknown } }).binding('fs');
    const raw: RawLstat = (file) => {
      const a = binding.lstat(file, false, undefined, false);
      if (a === undefined || a instanceof Float64Array) return a;
      throw new Error('unexpected lstat result');
    };
    const got = raw(probe);
    const want = viaStats(probe);
    if (!got || !want || JSON.stringify(fromRaw(got)) !== JSON.stringify(want)) return null;
    return raw;
  } catch {
    return null;
  }
}

let chosen: ((file: string) => Seen) | null = null;

/** One lstat of `file`, the fastest way this Node allows; the probe is a file known to exist (the running script). */
export function lstatKey(file: string): Seen {
  if (!chosen) {
    const raw = rawLstat(process.argv[1] ?? '');
    chosen = raw
      ? (f) => {
          try {
            const a = raw(f);
            return a && fromRaw(a);
          } catch {
            return null;
          }
        }
      : viaStats;
  }
  return chosen(file);
}

/** For tests: whether the raw binding is in use on this Node. */
export function usesRawLstat(): boolean {
  lstatKey(process.argv[1] ?? '');
  return chosen !== viaStats;
}
