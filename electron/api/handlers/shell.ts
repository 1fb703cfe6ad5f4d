// Handing a run's file to the OS (desktop only).
import { StoreError } from '../../ops/folder';
import { withRunFile } from '../safe-open';
import type { HandlerTable } from '../dispatcher';
import path from 'node:path';
import { ApiFailure } from '../errors';
import { confinedPath } from '../run-files';

/** Files the OS may open directly: data and text, never something it would execute. */
const OPENABLE = /\.(log|txt|out|err|csv|tsv|json|ya?ml|md|h5|hdf5|nc|png|jpe?g|svg|pdf)$/i;

export const shellHandlers: Pick<HandlerTable, 'shell.open'> = {
  'shell.open': async ({ run_id, path: rel, reveal }, { backend }) => {
    const open = backend.platform.openPath;
    if (!open) throw new ApiFailure('unsupported', 'opening files with the system is only possible in the desktop app');
    const base = backend.requireDir().store.dir;
    if (reveal) {
      await open(confinedPath(base, run_id, rel), true);
      return null;
    }
    // Only a plain regular file of the run folder reaches the system: a folder may be a
    // macOS .app bundle (opening one launches it), and a link may lead anywhere.
    const full = withRunFile(base, run_id, rel, (f) => f.full, { links: 'plain' });
    if (!OPENABLE.test(full)) {
      throw new StoreError(
        'refused',
        `${path.basename(full)} was not opened: Runyard only opens data and text files, so that nothing in a runs folder can start a program. Use "Reveal in File Manager" instead.`,
      );
    }
    await open(full, false);
    return null;
  },
};
