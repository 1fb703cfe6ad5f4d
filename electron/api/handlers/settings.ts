// Settings (the user's own file) and index check/repair.
import path from 'node:path';
import type { Settings } from '../../../shared/api/models';
import { checkIndex, repairIndex } from '../../store/index-maintenance';
import { ApiFailure } from '../errors';
import { checkTemplate } from '../resume-command';
import type { HandlerBackend, HandlerTable } from '../dispatcher';

/**
 * What a client may see of the owner's settings. The desktop app sees them all. A serve
 * shows only what concerns the folder it serves: no recent folders but that one, and
 * no resume command of another folder, which can name accounts, hosts and scripts. A
 * read-only serve shows no resume command at all: none can run there.
 */
export function exposedSettings(backend: HandlerBackend): Settings {
  const s = backend.settings.get();
  if (backend.transport === 'ipc' && !backend.readOnly) return s;
  const dir = backend.dir;
  const own = dir && !backend.readOnly ? s.resumeCommands[dir] : undefined;
  const columns = dir ? s.columnsByDir?.[dir] : undefined;
  return { ...s, recentDirs: dir ? [dir] : [], resumeCommands: dir && own ? { [dir]: own } : {}, columnsByDir: dir && columns ? { [dir]: columns } : {} };
}

export const settingsHandlers: Pick<HandlerTable, 'settings.get' | 'settings.set' | 'index.check' | 'index.repair'> = {
  'settings.get': (_p, { backend }) => exposedSettings(backend),

  'settings.set': ({ resumeCommand, dirColumns, ...patch }, { backend }) => {
    const dir = resumeCommand && path.resolve(resumeCommand.dir);
    const columnsDir = dirColumns && path.resolve(dirColumns.dir);
    if (columnsDir && backend.transport !== 'ipc' && columnsDir !== backend.dir) {
      throw new ApiFailure('refused', `This Runyard serves ${backend.dir ?? 'no folder yet'}; only its columns can be set here, not those of ${columnsDir}.`);
    }
    // Through serve, a client sets the command of the folder it is shown, never the owner's others.
    if (dir && backend.transport !== 'ipc' && dir !== backend.dir) {
      throw new ApiFailure('refused', `This Runyard serves ${backend.dir ?? 'no folder yet'}; its resume command is the only one that can be set here, not the one of ${dir}.`);
    }
    // Checked before saving, so a broken template is reported in Settings, not at launch.
    if (resumeCommand && resumeCommand.template.trim()) checkTemplate(resumeCommand.template);
    backend.settings.update((s) => {
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) (s as unknown as Record<string, unknown>)[k] = v;
      if (dirColumns && columnsDir) {
        const byDir = (s.columnsByDir ??= {});
        if (dirColumns.columns.length) byDir[columnsDir] = dirColumns.columns;
        else delete byDir[columnsDir];
      }
      if (resumeCommand && dir) {
        if (resumeCommand.template.trim()) s.resumeCommands[dir] = { template: resumeCommand.template, cwd: resumeCommand.cwd };
        else delete s.resumeCommands[dir];
      }
    });
    return exposedSettings(backend);
  },

  'index.check': (_p, { backend }) => checkIndex(backend.requireDir().store),

  'index.repair': (_p, { backend }) => repairIndex(backend.requireDir().store),
};
