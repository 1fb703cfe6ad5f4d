// The application menu: the platform's standard roles plus Runyard's own commands.
// Items that the UI carries out are sent to it as `ui.command` events.
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { ApiEvents } from '../../shared/api/contract';

export interface MenuActions {
  openFolder(): void;
  openRecent(dir: string): void;
  clearRecent(): void;
  revealFolder(): void;
  uiCommand(command: ApiEvents['ui.command']['command']): void;
}

export interface MenuState {
  recentDirs: string[];
  dir: string | null;
  isMac: boolean;
  devTools: boolean;
}

export function menuTemplate(state: MenuState, act: MenuActions): MenuItemConstructorOptions[] {
  const recent: MenuItemConstructorOptions[] = state.recentDirs.length
    ? [
        ...state.recentDirs.map((dir): MenuItemConstructorOptions => ({
          label: `${path.basename(dir)} — ${path.dirname(dir)}`,
          click: () => act.openRecent(dir),
        })),
        { type: 'separator' },
        { label: 'Clear Recent', click: () => act.clearRecent() },
      ]
    : [{ label: 'No Recent Folders', enabled: false }];
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open Runs Folder…', accelerator: 'CmdOrCtrl+O', click: () => act.openFolder() },
      {
        label: 'Open Remote Folder…',
        accelerator: 'CmdOrCtrl+Shift+O',
        click: () => act.uiCommand('open-remote'),
      },
      { label: 'Open Recent', submenu: recent },
      { type: 'separator' },
      {
        label: state.isMac ? 'Reveal in Finder' : 'Reveal in File Manager',
        accelerator: 'CmdOrCtrl+Shift+R',
        enabled: state.dir !== null,
        click: () => act.revealFolder(),
      },
      { type: 'separator' },
      state.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const runs: MenuItemConstructorOptions = {
    label: 'Runs',
    submenu: [
      { label: 'Refresh', accelerator: 'CmdOrCtrl+R', click: () => act.uiCommand('refresh') },
      { label: 'Find…', accelerator: 'CmdOrCtrl+F', click: () => act.uiCommand('find') },
      { type: 'separator' },
      { label: 'Prune…', accelerator: 'CmdOrCtrl+Shift+P', click: () => act.uiCommand('prune') },
      { label: 'Undo Last Prune', accelerator: 'CmdOrCtrl+Alt+Z', click: () => act.uiCommand('undo') },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(state.devTools ? [{ type: 'separator' } as const, { role: 'toggleDevTools' } as const] : []),
    ],
  };
  return [
    ...(state.isMac ? [{ role: 'appMenu' } as const] : []),
    file,
    { role: 'editMenu' },
    runs,
    view,
    { role: 'windowMenu' },
  ];
}
