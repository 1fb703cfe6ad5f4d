// FORMAT.md: every file Runyard writes is replaced atomically so that a simulation or
// another Runyard never reads half of it: a temporary file in the same folder, written
// and fsynced, then renamed over the target. The rename replaces the name itself and
// never writes through it, so a `.run_index.json` or `metadata.json` that someone made
// a symlink to a file elsewhere cannot get that file overwritten (write-file-atomic
// resolves links first, which is why it is not used for the runs directory).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dumpPyJson } from '../../shared/py-json';

/** Keeps an existing regular file's mode, and its owner when root rewrites a user's file. */
function previousOwnership(file: string): { mode: number; uid: number; gid: number } | null {
  try {
    const st = fs.lstatSync(file);
    return st.isFile() ? { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid } : null;
  } catch {
    return null;
  }
}

export function writeFileAtomicSync(file: string, text: string): void {
  const before = previousOwnership(file);
  // Named after the target, as write-file-atomic names it: cleanup that looks for a file's
  // leftovers by its name (trash.ts dropEntryShell) finds one a kill -9 left mid-write.
  const tmp = `${file}${tmpSuffix()}`;
  const fd = fs.openSync(tmp, 'wx', before?.mode ?? 0o666);
  try {
    try {
      fs.writeFileSync(fd, text, 'utf8');
      if (before) fs.fchmodSync(fd, before.mode);
      if (before && process.getuid?.() === 0) fs.fchownSync(fd, before.uid, before.gid);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    // A full disk or a read-only folder: the target is untouched, and so is the folder.
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

const tmpSuffix = () => `.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;

/** A temporary file this module left as `<target>.<pid>.<hex>.tmp` when it was killed mid-write. */
export function isLeftoverOf(name: string, target: string): boolean {
  return name.startsWith(`${target}.`) && /^\.\d+\.[0-9a-f]{8}\.tmp$/.test(name.slice(target.length));
}

/** The bytes the module's json.dump(indent=2) writes: pure ASCII, numbers as they were read. */
export function writeJsonAtomicSync(file: string, value: unknown): void {
  writeFileAtomicSync(file, dumpPyJson(value));
}

/** Points `link` at `target` (relative) by renaming a fresh symlink over it. */
export function replaceSymlinkSync(link: string, target: string): void {
  // Hidden (a leading dot): a link named like a run would show in listings while it exists.
  const tmp = path.join(path.dirname(link), `.${path.basename(link)}${tmpSuffix()}`);
  fs.symlinkSync(target, tmp);
  try {
    fs.renameSync(tmp, link);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
