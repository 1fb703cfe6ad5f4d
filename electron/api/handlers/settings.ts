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

  'settings.set': ({ resumeCommand, dirColumns, ...patch }, { backend }) => {
    const dir = resumeCommand && path.resolve(resumeCommand.dir);
    const columnsDir = dirColumns && path.resolve(dirColumns.dir);
    if (columnsDir && backend.transport !== 'ipc' && columnsDir !== backend.dir) {
      throw new ApiFailure(
        'refused',
        `This Runyard serves ${backend.dir ?? 'no folder yet'}; only its columns can be set here, not those of ${columnsDir}.`,
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
        dirColumns && columnsDir ? { dir: columnsDir, columns: dirColumns.columns } : undefined,
      ),
    );
    return exposedSettings(backend);
  },
};
