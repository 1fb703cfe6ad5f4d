// The one way a run's file is opened for the API, the log follower and the desktop's
// "Open". A path is checked only through the descriptor that will be read: checking a
// path and then opening it again lets whoever can write in the run folder swap the file
// for a symlink in between (a log rotation does exactly that rename). So: open without
// following a final symlink and without blocking (a FIFO would hang until written to),
// then ask the descriptor what it is (fstat) and where it really is (its real path), and
// read from that descriptor only.
//
// What cannot be told apart: a hard link to a file elsewhere is that file, with a name
// inside the run folder. Only someone who can already read the file can make one (and
// most systems forbid linking other users' files: fs.protected_hardlinks).
import fs from 'node:fs';
import path from 'node:path';
import { isInside, runDir } from '../store/paths';
import { NONBLOCK } from '../store/bounded-read';
import { ioError, StoreError } from '../store/errors';
import { fdPath, realPathOfFd } from '../store/fd-path';

export { fdPath, realPathOfFd };

const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const DIRECTORY = fs.constants.O_DIRECTORY ?? 0;

/** Splits a client path into safe segments, or says why it cannot be used. */
export function segmentsOf(relPath: string): string[] {
  if (relPath.includes('\0')) throw new StoreError('invalid', 'a file path cannot contain a NUL byte');
  if (path.isAbsolute(relPath) || /^[\\/]/.test(relPath) || /^[A-Za-z]:/.test(relPath)) {
    throw new StoreError(
      'invalid',
      `${JSON.stringify(relPath)} is an absolute path; give a path inside the run folder`,
    );
  }
  const parts = relPath.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new StoreError('invalid', `${JSON.stringify(relPath)} leaves the run folder ("..")`);
  return parts;
}

export interface OpenedFile {
  fd: number;
  /** fstat of the descriptor: what was opened, not what the path names now. */
  st: fs.Stats;
  /** The lexical path inside the run folder (what the user named). */
  full: string;
  /** `relPath` as messages name it. */
  name: string;
  /** Where the open file really is (checked to be inside). */
  where: string;
}

export interface OpenOptions {
  /**
   * `runs-dir` (reads for the UI): a symlink is followed when the file it leads to stays
   * inside the runs directory (a run may link a sibling run's results).
   * `plain` (handing a file to the OS): no link anywhere below the run folder; the file
   * opened is exactly the one named.
   */
  links?: 'runs-dir' | 'plain';
  /** A folder instead of a regular file (a listing's root). */
  folder?: boolean;
}

function openNoFollow(p: string, name: string, runId: string, extra = 0): number | 'link' {
  try {
    return fs.openSync(p, fs.constants.O_RDONLY | NOFOLLOW | NONBLOCK | extra);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // FreeBSD says EMLINK for O_NOFOLLOW on a link.
    if (NOFOLLOW && (code === 'ELOOP' || code === 'EMLINK')) return 'link';
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new StoreError('not-found', `run ${runId} has no file ${name || '.'}`, name);
    // A socket cannot be opened at all (ENXIO); a device may refuse too.
    if (code === 'ENXIO' || code === 'EOPNOTSUPP' || code === 'ENODEV')
      throw new StoreError('invalid', `${name} is not a file`, name);
    throw ioError('open', p, e);
  }
}

function realOrNotFound(p: string, runId: string, name: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new StoreError('not-found', `run ${runId} has no file ${name || '.'}`, name);
    // A link replaced by a file, or the other way round, while it was being resolved.
    if (code === 'EINVAL' || code === 'ELOOP')
      throw new StoreError('refused', `${name} changed while it was being opened; it was not read`, name);
    throw ioError('open', p, e);
  }
}

const leadsOut = (runId: string, name: string, where: string) =>
  new StoreError('refused', `${runId}/${name} is a link that leads out of the ${where}; it was not opened`, name);

/**
 * Opens `relPath` of run `runId` for reading, only if it is a regular file that really
 * lies inside the runs directory (or, with `links: 'plain'`, is exactly the file named in
 * the run folder). The caller reads from `fd` only, and closes it.
 */
export function openRunFile(base: string, runId: string, relPath: string, opts: OpenOptions = {}): OpenedFile {
  const segments = segmentsOf(relPath);
  const name = segments.join('/');
  const folder = runDir(base, runId);
  const full = path.join(folder, ...segments);
  if (!isInside(folder, full)) throw new StoreError('invalid', `${JSON.stringify(relPath)} is not inside run ${runId}`);
  const plain = opts.links === 'plain';
  const realBase = realOrNotFound(base, runId, name);
  const extra = opts.folder ? DIRECTORY : 0;
  let opened = full;
  let fd = openNoFollow(full, name, runId, extra);
  if (fd === 'link') {
    if (plain)
      throw new StoreError(
        'refused',
        `${name} is a link; Runyard hands only plain files of the run folder to the system`,
        name,
      );
    opened = realOrNotFound(full, runId, name);
    if (!isInside(realBase, opened)) throw leadsOut(runId, name, 'runs directory');
    fd = openNoFollow(opened, name, runId, extra);
    // Swapped for a link again between realpath and open: whatever it is now, it is not what was checked.
    if (fd === 'link') throw leadsOut(runId, name, 'runs directory');
  }
  try {
    const st = fs.fstatSync(fd);
    const where = realPathOfFd(fd, opened, st);
    if (plain) {
      const realFolder = realOrNotFound(folder, runId, '.');
      if (!isInside(realBase, realFolder) || where !== path.join(realFolder, ...segments)) {
        throw new StoreError(
          'refused',
          `${name} is reached through a link; Runyard hands only plain files of the run folder to the system`,
          name,
        );
      }
    } else if (where === null || !isInside(realBase, where)) {
      throw leadsOut(runId, name, 'runs directory');
    }
    if (opts.folder ? !st.isDirectory() : !st.isFile())
      throw new StoreError('invalid', `${name || 'the run folder'} is not a ${opts.folder ? 'folder' : 'file'}`, name);
    return { fd, st, full, name, where: where! };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/** Runs `use` on the open file and closes it, whatever happens. */
export function withRunFile<T>(
  base: string,
  runId: string,
  relPath: string,
  use: (f: OpenedFile) => T,
  opts: OpenOptions = {},
): T {
  const f = openRunFile(base, runId, relPath, opts);
  try {
    return use(f);
  } finally {
    fs.closeSync(f.fd);
  }
}
