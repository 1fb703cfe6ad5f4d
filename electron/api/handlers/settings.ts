// Settings (the user's own file).
import type { HandlerTable } from '../dispatcher';
import path from 'node:path';
import { ApiFailure } from '../errors';
import type { HandlerBackend } from '../dispatcher';
import type { Settings } from '../../../shared/api/models';
import { applySettingsPatch, visibleSettings } from '../../ops/settings';
import { checkTemplate } from '../resume-command';

/** What a client may see of the owner's settings (ops/settings.ts says why). */
export function exposedSettings(backend: HandlerBackend): Settings {
  return visibleSettings(backend.settings.get(), {
    transport: backend.transport,
    readOnly: backend.readOnly,
    dir: backend.dir,
  });
}

export const settingsHandlers: Pick<HandlerTable, 'settings.get' | 'settings.set'> = {
  'settings.get': (_p, { backend }) => exposedSettings(backend),

  'settings.set': ({ resumeCommand, dirColumns, dirViews, ...patch }, { backend }) => {
    const dir = resumeCommand && path.resolve(resumeCommand.dir);
    const columnsDir = dirColumns && path.resolve(dirColumns.dir);
    const viewsDir = dirViews && path.resolve(dirViews.dir);
    if (columnsDir && viewsDir && columnsDir !== viewsDir)
      throw new ApiFailure('invalid', 'dirColumns and dirViews name different folders; send them one at a time.');
    const tableDir = columnsDir ?? viewsDir;
    if (tableDir && backend.transport !== 'ipc' && tableDir !== backend.dir) {
      throw new ApiFailure(
        'refused',
        `This Runyard serves ${backend.dir ?? 'no folder yet'}; only its columns and views can be set here, not those of ${tableDir}.`,
      );
    }
    // Through serve, a client sets the command of the folder it is shown, never the owner's others.
    if (dir && backend.transport !== 'ipc' && dir !== backend.dir) {
      throw new ApiFailure(
        'refused',
        `This Runyard serves ${backend.dir ?? 'no folder yet'}; its resume command is the only one that can be set here, not the one of ${dir}.`,
      );
    }
    // Checked before saving, so a broken template is reported in Settings, not at launch.
    if (resumeCommand && resumeCommand.template.trim()) checkTemplate(resumeCommand.template);
    backend.settings.update((s) =>
      applySettingsPatch(
        s,
        patch,
        resumeCommand && dir ? { dir, command: resumeCommand } : undefined,
        tableDir
          ? {
              dir: tableDir,
              columns: dirColumns && { columns: dirColumns.columns, widths: dirColumns.widths },
              views: dirViews?.views,
            }
          : undefined,
      ),
    );
    return exposedSettings(backend);
  },
};
