// Settings (the user's own file) and index check/repair.
import path from 'node:path';
import { checkIndex, repairIndex } from '../../store/index-maintenance';
import { checkTemplate } from '../resume-command';
import type { HandlerTable } from '../dispatcher';

export const settingsHandlers: Pick<HandlerTable, 'settings.get' | 'settings.set' | 'index.check' | 'index.repair'> = {
  'settings.get': (_p, { backend }) => backend.settings.get(),

  'settings.set': ({ resumeCommand, ...patch }, { backend }) => {
    // Checked before saving, so a broken template is reported in Settings, not at launch.
    if (resumeCommand && resumeCommand.template.trim()) checkTemplate(resumeCommand.template);
    backend.settings.update((s) => {
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) (s as unknown as Record<string, unknown>)[k] = v;
      if (resumeCommand) {
        const dir = path.resolve(resumeCommand.dir);
        if (resumeCommand.template.trim()) s.resumeCommands[dir] = { template: resumeCommand.template, cwd: resumeCommand.cwd };
        else delete s.resumeCommands[dir];
      }
    });
    return backend.settings.get();
  },

  'index.check': (_p, { backend }) => checkIndex(backend.requireDir().store),

  'index.repair': (_p, { backend }) => repairIndex(backend.requireDir().store),
};
