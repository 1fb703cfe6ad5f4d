// How a scan sees each entry of the base folder: a run candidate, or something else
// (the `current` link, a dotfile, a folder whose name is not a run id, a link, a stray
// file) listed with why it is not a run, so nothing is left out silently.
import fs from 'node:fs';
import path from 'node:path';
import { runIdProblem } from '../../shared/run-id';
import type { NonRunEntry, Problem } from '../../shared/types';
import { CURRENT_LINK, INDEX_FILE, METADATA_FILE } from './paths';

export function describeCurrent(base: string): { entry: NonRunEntry; problem: Problem | null } {
  const link = path.join(base, CURRENT_LINK);
  let target: string;
  try {
    target = fs.readlinkSync(link);
  } catch (e) {
    // The module replaces the link by unlinking it first: gone between the listing and this read is not a problem.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return { entry: { name: CURRENT_LINK, kind: 'current-link', detail: 'being replaced' }, problem: null };
    return {
      entry: { name: CURRENT_LINK, kind: 'current-link', detail: 'a plain file or folder, not a symlink' },
      problem: { file: CURRENT_LINK, message: '"current" is not a symlink' },
    };
  }
  const problem =
    runIdProblem(target) || !fs.existsSync(path.join(base, target, METADATA_FILE))
      ? {
          file: CURRENT_LINK,
          message: `"current" points at ${JSON.stringify(target)}, which is not a run in this directory`,
        }
      : null;
  return { entry: { name: CURRENT_LINK, kind: 'current-link', detail: `-> ${target}` }, problem };
}

/** How the scan sees one entry of the base folder: a run candidate (a real folder with a valid name) or something else. */
export type EntryClass = { run: true } | { run: false; entry: NonRunEntry; problem: Problem | null };

export function classifyEntry(
  base: string,
  name: string,
  kind: { isDirectory(): boolean; isSymbolicLink(): boolean },
): EntryClass {
  if (name === CURRENT_LINK) {
    const c = describeCurrent(base);
    return { run: false, entry: c.entry, problem: c.problem };
  }
  if (name.startsWith('.'))
    return {
      run: false,
      entry: { name, kind: 'dotfile', detail: name === INDEX_FILE ? 'the run index' : 'hidden entry' },
      problem: null,
    };
  const bad = runIdProblem(name);
  if (bad)
    return {
      run: false,
      entry: { name, kind: 'invalid-name', detail: bad },
      problem: { file: name, message: `not read as a run: ${bad}` },
    };
  // A link may lead anywhere (another user's folder, /etc); saying so beats silently leaving it out.
  if (kind.isSymbolicLink())
    return {
      run: false,
      entry: { name, kind: 'symlink', detail: 'symlinks are not followed as runs' },
      problem: { file: name, message: 'not read as a run: it is a symlink, and Runyard does not follow links as runs' },
    };
  if (!kind.isDirectory()) return { run: false, entry: { name, kind: 'file', detail: 'a stray file' }, problem: null };
  return { run: true };
}
