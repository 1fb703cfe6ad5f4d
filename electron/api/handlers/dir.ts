// Runs folders: open one beside the others, list and close them, pick one with a dialog
// (desktop only), the recent ones, the demo.
import type { HandlerTable } from '../dispatcher';
import { ApiFailure } from '../errors';
import { createDemo } from '../../ops/demo';
import { exposedSettings } from './settings';

export const dirHandlers: Pick<
  HandlerTable,
  'dir.open' | 'dir.pick' | 'dir.recent' | 'dir.list' | 'dir.close' | 'dir.createDemo'
> = {
  'dir.open': ({ dir }, { backend }) => backend.openDir(dir),

  'dir.list': (_p, { backend }) => backend.listDirs(),

  'dir.close': ({ dir }, { backend }) => backend.closeDir(dir),

  'dir.pick': async (_p, { backend }) => {
    if (!backend.platform.pickFolder)
      throw new ApiFailure(
        'unsupported',
        "choosing a folder with a dialog is only possible in the desktop app; type the folder's path instead",
      );
    const dir = await backend.platform.pickFolder();
    return dir ? backend.openDir(dir) : null;
  },

  // A serve shows its own folder; the owner's other folders are none of the viewer's business.
  'dir.recent': (_p, { backend }) => exposedSettings(backend).recentDirs,

  'dir.createDemo': async ({ dir }, { backend }) => backend.openDir((await createDemo(dir)).dir),
};
