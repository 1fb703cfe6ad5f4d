// Where an open descriptor really is. A path checked and then opened again can be
// swapped for a symlink in between; asking the descriptor that will be read cannot.
import fs from 'node:fs';

const PROC_FD = process.platform === 'linux' && fs.existsSync('/proc/self/fd') ? '/proc/self/fd' : null;

/** A path that names the open descriptor itself (Linux), for listing a folder by what was opened. */
export function fdPath(fd: number): string | null {
  return PROC_FD ? `${PROC_FD}/${fd}` : null;
}

/**
 * Where the file open on `fd` really is, or null when that cannot be established. Linux
 * names it in /proc; elsewhere the real path of `opened` counts only when the inode found
 * there is the very one that is open (so a swap between open and realpath is caught).
 */
export function realPathOfFd(fd: number, opened: string, st: fs.Stats, useProc = PROC_FD !== null): string | null {
  if (useProc && PROC_FD) {
    try {
      const p = fs.readlinkSync(`${PROC_FD}/${fd}`);
      // A file unlinked after it was opened still names where it was.
      if (p.startsWith('/')) return p.endsWith(' (deleted)') ? p.slice(0, -' (deleted)'.length) : p;
    } catch {
      // /proc not mounted in this container: fall through.
    }
  }
  try {
    const real = fs.realpathSync(opened);
    const there = fs.lstatSync(real);
    return there.dev === st.dev && there.ino === st.ino ? real : null;
  } catch {
    return null;
  }
}
