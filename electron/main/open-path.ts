// Handing a run's file to the operating system ("Open", "Reveal in File Manager"). The
// API has already chosen the file (shell.open opens only plain regular files of the run
// folder, through safe-open.ts); this is the last look before the OS gets the path, so
// that nothing but a regular file, reached without a final link, is ever opened: a
// folder may be a macOS .app bundle, which launches when opened.
import fs from 'node:fs';
import type { Shell } from 'electron';
import { StoreError } from '../store/errors';

const FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

function isPlainFile(full: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(full, FLAGS);
  } catch {
    return false;
  }
  try {
    return fs.fstatSync(fd).isFile();
  } finally {
    fs.closeSync(fd);
  }
}

export async function openWithSystem(
  shell: Pick<Shell, 'openPath' | 'showItemInFolder'>,
  full: string,
  reveal: boolean,
): Promise<void> {
  // Revealing shows where something is; nothing is opened or run.
  if (reveal) return shell.showItemInFolder(full);
  if (!isPlainFile(full))
    throw new StoreError(
      'refused',
      `${full} is not a plain file, so it was not handed to the system; use "Reveal in File Manager"`,
      full,
    );
  const error = await shell.openPath(full);
  if (error) throw new StoreError('io', `the system could not open ${full}: ${error}`);
}
