// The desktop app's main process: one instance, one window, the shared backend over
// IPC, the menu, and OS notifications when a run finishes. Everything the UI can do
// goes through the same contract as `runyard serve`; this file only wires Electron.
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, Notification, screen, shell, type Rectangle } from 'electron';
import type { ApiEvents } from '../../shared/api/contract';
import { Backend } from '../api/backend';
import { defaultRendererDir } from '../server/static-files';
import type { WindowBounds } from '../api/settings-store';
import { registerIpc, type IpcBridge } from './ipc';
import { menuTemplate } from './menu';
import { openWithSystem } from './open-path';
import { createMainWindow, hardenContents, registerAppScheme, serveRenderer } from './window';
import { routeSshQuestions, type AskpassServer } from '../remote/askpass-server';
import { shortId } from '../../shared/format';
import { isRemoteDir } from '../../shared/remote-dir';

/** `--dir DIR` or `--dir=DIR` from a command line: a local one resolved against `cwd`, a remote one as given. */
export function dirFromArgv(argv: readonly string[], cwd = process.cwd()): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const given = a === '--dir' ? argv[i + 1] : a.startsWith('--dir=') ? a.slice(6) : undefined;
    if (given) return isRemoteDir(given) ? given : path.resolve(cwd, given);
  }
  return null;
}

/** Saved bounds only when they still overlap a screen (a monitor may have gone). */
function visibleBounds(saved: WindowBounds | undefined): WindowBounds | undefined {
  if (!saved || saved.x === undefined || saved.y === undefined) return saved;
  const r = { x: saved.x, y: saved.y, width: saved.width, height: saved.height };
  const overlaps = (a: Rectangle) =>
    r.x < a.x + a.width && r.x + r.width > a.x && r.y < a.y + a.height && r.y + r.height > a.y;
  return screen.getAllDisplays().some((d) => overlaps(d.workArea))
    ? saved
    : { width: saved.width, height: saved.height, maximized: saved.maximized };
}

export async function startDesktop(): Promise<void> {
  let win: BrowserWindow | null = null;
  let ipc: IpcBridge | null = null;
  let askpass: AskpassServer | null = null;
  const backend = new Backend({
    transport: 'ipc',
    platform: {
      pickFolder: async () => {
        const opts = {
          title: 'Open Runs Folder',
          properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[],
        };
        const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
        return r.canceled ? null : (r.filePaths[0] ?? null);
      },
      openPath: (full, reveal) => openWithSystem(shell, full, reveal),
    },
  });

  const uiCommand = (command: ApiEvents['ui.command']['command']) => backend.broadcast('ui.command', { command });
  const openDir = async (dir: string) => {
    try {
      await backend.openDir(dir);
    } catch (e) {
      dialog.showErrorBox('Runyard could not open the folder', e instanceof Error ? e.message : String(e));
    }
  };
  const rebuildMenu = () => {
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(
          {
            recentDirs: backend.settings.read().recentDirs,
            dir: backend.dir,
            isMac: process.platform === 'darwin',
            devTools: !app.isPackaged,
          },
          {
            openFolder: () => {
              void backend.platform.pickFolder!().then((dir) => (dir ? openDir(dir) : undefined));
            },
            openRecent: (dir) => void openDir(dir),
            clearRecent: () => {
              backend.settings.update((s) => {
                s.recentDirs = backend.dir ? [backend.dir] : [];
              });
              rebuildMenu();
            },
            revealFolder: () => {
              if (backend.dir) void shell.openPath(backend.dir);
            },
            uiCommand,
          },
        ),
      ),
    );
  };

  // A session of our own that listens: the menu follows the open folder, and finished runs notify.
  backend.openSession((event, payload) => {
    if (event === 'dir.opened') rebuildMenu();
    if (event === 'run.finished' && backend.settings.read().notifications && Notification.isSupported()) {
      const p = payload as ApiEvents['run.finished'];
      const n = new Notification({
        title: `Run ${p.status}`,
        body: `${p.description || p.run_id} (${shortId(p.run_id)})`,
      });
      n.on('click', () => win?.show());
      n.show();
    }
  });

  let saveTimer: NodeJS.Timeout | null = null;
  const saveBounds = () => {
    if (!win || win.isDestroyed()) return;
    const b = win.getNormalBounds();
    const maximized = win.isMaximized();
    try {
      backend.settings.update((s) => {
        s.window = { x: b.x, y: b.y, width: b.width, height: b.height, maximized };
      });
    } catch {
      // An unwritable config folder must not break the window; the next save may work.
    }
  };
  const saveSoon = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(saveBounds, 500);
  };

  const createWindow = () => {
    win = createMainWindow(visibleBounds(backend.settings.read().window));
    win.on('resize', saveSoon);
    win.on('move', saveSoon);
    win.on('maximize', saveSoon);
    win.on('unmaximize', saveSoon);
    win.on('close', () => {
      if (saveTimer) clearTimeout(saveTimer);
      saveBounds();
    });
    win.on('closed', () => {
      win = null;
    });
    // A reload starts the UI over: its old subscriptions must not keep pushing.
    win.webContents.on('did-navigate', () => ipc?.resetSession());
  };

  app.on('second-instance', (_e, argv, workingDirectory) => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    const dir = dirFromArgv(argv, workingDirectory);
    if (dir) void openDir(dir);
  });
  app.on('web-contents-created', (_e, contents) => hardenContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!win) createWindow();
  });
  app.on('will-quit', () => {
    ipc?.dispose();
    void askpass?.close();
    void backend.close();
  });

  await app.whenReady();
  serveRenderer(defaultRendererDir());
  // ssh's questions (a new host key, a passphrase) come to the window, not to a terminal the app may not have.
  askpass = await routeSshQuestions(backend.sshQuestions.ask, (line) => console.error(line));
  ipc = registerIpc(backend, () => win);
  const first = dirFromArgv(process.argv) ?? backend.settings.lastDir();
  const remote = first !== null && isRemoteDir(first);
  // Without a folder (or when the last one is gone) the UI offers to open one or make the demo.
  if (first && !remote && fs.existsSync(first)) await openDir(first);
  rebuildMenu();
  createWindow();
  // A remote folder opens with the window up: ssh may ask the user for a passphrase there.
  if (first && remote) void openDir(first);
}

registerAppScheme();
app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();
else void startDesktop();
