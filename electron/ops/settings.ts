// The user's settings: what a client may see of them, and applying a change. Reading and
// writing the settings file is electron/api/settings-store.ts; the CLI has no settings.
import type { ResumeCommand, Settings } from '../../shared/api/models';

export interface SettingsViewer {
  transport: 'ipc' | 'websocket';
  readOnly: boolean;
  /** The folder the viewer is shown (absolute), or null. */
  dir: string | null;
}

/**
 * What a client may see of the owner's settings. The desktop app sees them all. A serve
 * shows only what concerns the folder it serves: no recent folders but that one, and
 * no resume command of another folder, which can name accounts, hosts and scripts. A
 * read-only serve shows no resume command at all: none can run there.
 */
export function visibleSettings(s: Settings, viewer: SettingsViewer): Settings {
  if (viewer.transport === 'ipc' && !viewer.readOnly) return s;
  const dir = viewer.dir;
  const own = dir && !viewer.readOnly ? s.resumeCommands[dir] : undefined;
  const columns = dir ? s.columnsByDir?.[dir] : undefined;
  return {
    ...s,
    recentDirs: dir ? [dir] : [],
    resumeCommands: dir && own ? { [dir]: own } : {},
    columnsByDir: dir && columns ? { [dir]: columns } : {},
  };
}

/** Applies a change in place: set fields, the columns of one folder (none removes them), and the resume command of `dir` (an empty template removes it). */
export function applySettingsPatch(
  s: Settings,
  patch: Partial<Omit<Settings, 'resumeCommands'>>,
  resume?: { dir: string; command: ResumeCommand },
  columns?: { dir: string; columns: string[] },
): void {
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) (s as unknown as Record<string, unknown>)[k] = v;
  if (columns) {
    const byDir = (s.columnsByDir ??= {});
    if (columns.columns.length) byDir[columns.dir] = columns.columns;
    else delete byDir[columns.dir];
  }
  if (!resume) return;
  if (resume.command.template.trim())
    s.resumeCommands[resume.dir] = { template: resume.command.template, cwd: resume.command.cwd };
  else delete s.resumeCommands[resume.dir];
}
