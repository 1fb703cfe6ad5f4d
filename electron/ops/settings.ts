// The user's settings: what a client may see of them, and applying a change. Reading and
// writing the settings file is electron/api/settings-store.ts; the CLI has no settings.
import type { ResumeCommand, SavedView, Settings } from '../../shared/api/models';

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
  const only = <T>(byDir: Record<string, T> | undefined): Record<string, T> => {
    const v = dir ? byDir?.[dir] : undefined;
    return dir && v !== undefined ? { [dir]: v } : {};
  };
  return {
    ...s,
    recentDirs: dir ? [dir] : [],
    resumeCommands: dir && own ? { [dir]: own } : {},
    columnsByDir: only(s.columnsByDir),
    columnWidthsByDir: only(s.columnWidthsByDir),
    viewsByDir: only(s.viewsByDir),
  };
}

/** What one folder's table choice changes: its columns, and its widths when given. */
export interface DirTablePatch {
  dir: string;
  columns?: { columns: string[]; widths?: Record<string, number> };
  views?: SavedView[];
}

/** Sets or (when empty) removes one folder's entry of a per-folder setting. */
function setForDir<T>(byDir: Record<string, T>, dir: string, value: T, empty: boolean): void {
  if (empty) delete byDir[dir];
  else byDir[dir] = value;
}

/** Applies a change in place: set fields, one folder's columns, widths and saved views (empty removes them), and the resume command of `dir` (an empty template removes it). */
export function applySettingsPatch(
  s: Settings,
  patch: Partial<Omit<Settings, 'resumeCommands'>>,
  resume?: { dir: string; command: ResumeCommand },
  table?: DirTablePatch,
): void {
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) (s as unknown as Record<string, unknown>)[k] = v;
  if (table?.columns) {
    const { columns, widths } = table.columns;
    setForDir((s.columnsByDir ??= {}), table.dir, columns, columns.length === 0);
    if (widths) setForDir((s.columnWidthsByDir ??= {}), table.dir, widths, Object.keys(widths).length === 0);
  }
  if (table?.views) setForDir((s.viewsByDir ??= {}), table.dir, table.views, table.views.length === 0);
  if (!resume) return;
  if (resume.command.template.trim())
    s.resumeCommands[resume.dir] = { template: resume.command.template, cwd: resume.command.cwd };
  else delete s.resumeCommands[resume.dir];
}
