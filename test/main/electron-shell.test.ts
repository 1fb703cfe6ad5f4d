// The Electron glue with a mocked `electron` module (Electron cannot run here): the
// preload exposes exactly the contract, the window meets the security checklist, IPC
// answers only our own window's main frame, every request has a main-process handler,
// and main.ts wires it all (single instance, menu, remembered bounds, notifications).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from '../../shared/api/client';
import { requestNames } from '../../shared/api/contract';
import { contentSecurityPolicy } from '../../shared/csp';
import { Backend } from '../../electron/api/backend';
import { SettingsStore } from '../../electron/api/settings-store';
import { sampleRuns, tempDir } from '../helpers/dirs';
import { until } from '../helpers/poll';

type Listener = (...args: any[]) => unknown;

const m = vi.hoisted(() => {
  class Emitter {
    listeners = new Map<string, Listener[]>();
    on(e: string, f: Listener) {
      this.listeners.set(e, [...(this.listeners.get(e) ?? []), f]);
      return this;
    }
    once(e: string, f: Listener) {
      return this.on(e, f);
    }
    emit(e: string, ...args: unknown[]) {
      return (this.listeners.get(e) ?? []).map((f) => f(...args));
    }
  }
  class WebContents extends Emitter {
    mainFrame = { url: 'app://runyard/' };
    sent: [string, unknown][] = [];
    openHandler: Listener | null = null;
    send(channel: string, msg: unknown) {
      this.sent.push([channel, msg]);
    }
    setWindowOpenHandler(h: Listener) {
      this.openHandler = h;
    }
  }
  class BrowserWindow extends Emitter {
    static all: BrowserWindow[] = [];
    webContents = new WebContents();
    loaded: string | null = null;
    constructor(readonly options: Record<string, any>) {
      super();
      BrowserWindow.all.push(this);
    }
    loadURL(u: string) {
      this.loaded = u;
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    show() {}
    maximize() {}
    isMaximized() {
      return false;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
    getNormalBounds() {
      return { x: 40, y: 50, width: 1111, height: 777 };
    }
  }
  const notifications: { title: string; body: string }[] = [];
  class Notification {
    static isSupported() {
      return true;
    }
    constructor(readonly opts: { title: string; body: string }) {
      notifications.push(opts);
    }
    on() {}
    show() {}
  }
  const app = Object.assign(new Emitter(), {
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    enableSandbox: vi.fn(),
    isPackaged: false,
  });
  const ipcHandlers = new Map<string, Listener>();
  return {
    app,
    BrowserWindow,
    Notification,
    notifications,
    ipcMain: {
      handle: vi.fn((ch: string, f: Listener) => ipcHandlers.set(ch, f)),
      removeHandler: vi.fn((ch: string) => ipcHandlers.delete(ch)),
      handlers: ipcHandlers,
    },
    ipcRenderer: { invoke: vi.fn(async () => ({ ok: true, value: null })), on: vi.fn(), removeListener: vi.fn() },
    contextBridge: { exposeInMainWorld: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: vi.fn() },
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
      },
    },
    Menu: { buildFromTemplate: vi.fn((t: unknown) => ({ template: t })), setApplicationMenu: vi.fn() },
    dialog: { showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })), showErrorBox: vi.fn() },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    shell: { openPath: vi.fn(async () => ''), showItemInFolder: vi.fn() },
  };
});
vi.mock('electron', () => ({ ...m, default: m }));

beforeAll(() => {
  process.env.RUNYARD_CACHE_DIR = 'off';
});

afterEach(() => {
  m.BrowserWindow.all.length = 0;
  m.ipcMain.handlers.clear();
  m.notifications.length = 0;
  vi.clearAllMocks();
});

const ownEvent = (win: InstanceType<typeof m.BrowserWindow>) => ({
  sender: win.webContents,
  senderFrame: win.webContents.mainFrame,
});

describe('preload', () => {
  it('exposes exactly window.runyard = { request, onEvent }, backed by the two contract channels', async () => {
    await import('../../electron/main/preload');
    expect(m.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = m.contextBridge.exposeInMainWorld.mock.calls[0] as unknown as [string, Record<string, Listener>];
    expect(key).toBe('runyard');
    expect(Object.keys(api).sort()).toEqual(['onEvent', 'request']);
    await api.request!('run.get', { run_id: 'abc' });
    expect(m.ipcRenderer.invoke).toHaveBeenCalledWith(IPC_REQUEST_CHANNEL, {
      name: 'run.get',
      params: { run_id: 'abc' },
    });
    const got: unknown[] = [];
    const off = api.onEvent!((event: string, payload: unknown) => got.push([event, payload])) as () => void;
    const [channel, handler] = m.ipcRenderer.on.mock.calls[0] as unknown as [string, Listener];
    expect(channel).toBe(IPC_EVENT_CHANNEL);
    handler({ sender: 'hidden' }, { event: 'runs.delta', payload: { added: [] } });
    expect(got).toEqual([['runs.delta', { added: [] }]]);
    off();
    expect(m.ipcRenderer.removeListener).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, handler);
  });

  it('is bundled with nothing but electron, and only one module each touches ipcMain and ipcRenderer', () => {
    const bundle = fs.readFileSync(path.resolve(__dirname, '../../dist/electron/preload.cjs'), 'utf8');
    expect([...bundle.matchAll(/require\("([^"]+)"\)/g)].map((x) => x[1])).toEqual(['electron']);
    const files = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((d) =>
          d.isDirectory() ? files(path.join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [path.join(dir, d.name)] : [],
        );
    const users = (word: RegExp) =>
      ['electron', 'renderer', 'shared']
        .flatMap((d) => files(path.resolve(__dirname, '../..', d)))
        .filter((f) => word.test(fs.readFileSync(f, 'utf8')))
        .map((f) => path.relative(path.resolve(__dirname, '../..'), f));
    expect(users(/\bipcMain\b/)).toEqual(['electron/main/ipc.ts']);
    expect(users(/\bipcRenderer\b/)).toEqual(['electron/main/preload.ts']);
  });
});

describe('the window', () => {
  it('meets the security checklist', async () => {
    const { windowOptions, createMainWindow, WINDOW_CSP } = await import('../../electron/main/window');
    const web = windowOptions('/x/preload.cjs').webPreferences!;
    expect(web).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/x/preload.cjs',
    });

    const win = createMainWindow() as unknown as InstanceType<typeof m.BrowserWindow>;
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(win.loaded).toBe('app://runyard/');

    // No navigation, no window.open, no webviews.
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://runyard/other']) {
      const e = { preventDefault: vi.fn() };
      win.webContents.emit('will-navigate', e, url);
      expect(e.preventDefault, url).toHaveBeenCalled();
    }
    expect(win.webContents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const wv = { preventDefault: vi.fn() };
    win.webContents.emit('will-attach-webview', wv);
    expect(wv.preventDefault).toHaveBeenCalled();

    // A strict CSP on every response, and no permission prompts.
    for (const part of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"])
      expect(WINDOW_CSP).toContain(part);
    expect(WINDOW_CSP).not.toMatch(/unsafe-eval/);
    // The same policy as `runyard serve` (shared/csp.ts), without a ws: source: the window talks over IPC.
    expect(WINDOW_CSP).toBe(contentSecurityPolicy());
    expect(WINDOW_CSP).not.toMatch(/ws:/);
    expect(WINDOW_CSP).toContain("img-src 'self' data: blob:");
    const onHeaders = m.session.defaultSession.webRequest.onHeadersReceived.mock.calls[0]![0] as Listener;
    const cb = vi.fn();
    onHeaders({ responseHeaders: { 'X-Other': ['1'] } }, cb);
    expect(cb).toHaveBeenCalledWith({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [WINDOW_CSP] } });
    const perm = vi.fn();
    (m.session.defaultSession.setPermissionRequestHandler.mock.calls[0]![0] as Listener)(null, 'geolocation', perm);
    expect(perm).toHaveBeenCalledWith(false);
  });

  it('serves only the built UI under app://runyard, with the CSP', async () => {
    const { serveRenderer, WINDOW_CSP } = await import('../../electron/main/window');
    const ui = tempDir();
    fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>UI</title>');
    fs.writeFileSync(path.join(path.dirname(ui), 'outside.txt'), 'secret');
    serveRenderer(ui);
    const handle = m.protocol.handle.mock.calls[0]![1] as (r: { url: string }) => Response;
    const page = handle({ url: 'app://runyard/' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(WINDOW_CSP);
    expect(await page.text()).toContain('<title>UI</title>');
    for (const url of [
      'app://runyard/%2e%2e/outside.txt',
      'app://runyard/..%2foutside.txt',
      'app://elsewhere/index.html',
    ]) {
      const r = handle({ url });
      expect(await r.text(), url).not.toContain('secret');
    }
  });
});

describe('IPC', () => {
  async function wired() {
    const { registerIpc } = await import('../../electron/main/ipc');
    const backend = new Backend({ transport: 'ipc', settings: new SettingsStore(tempDir()), log: () => undefined });
    const win = new m.BrowserWindow({});
    const bridge = registerIpc(backend, () => win as never);
    const handler = m.ipcMain.handlers.get(IPC_REQUEST_CHANNEL)!;
    return { backend, win, bridge, handler };
  }

  it("answers our own window's main frame", async () => {
    const { backend, win, handler, bridge } = await wired();
    expect(await handler(ownEvent(win), { name: 'app.info', params: {} })).toMatchObject({
      ok: true,
      value: { transport: 'ipc', canUseShell: false },
    });
    bridge.dispose();
    expect(m.ipcMain.handlers.has(IPC_REQUEST_CHANNEL)).toBe(false);
    await backend.close();
  });

  it('refuses requests from a foreign frame, a sub-frame, or another window', async () => {
    const { backend, win, handler } = await wired();
    const other = new m.BrowserWindow({});
    const cases = [
      { sender: win.webContents, senderFrame: { url: 'https://evil.example/' } },
      { sender: win.webContents, senderFrame: { url: 'app://runyard/' } },
      { sender: win.webContents, senderFrame: null },
      { sender: other.webContents, senderFrame: other.webContents.mainFrame },
    ];
    win.webContents.mainFrame.url = 'app://runyard/';
    for (const event of cases) {
      expect(await handler(event, { name: 'app.info', params: {} })).toMatchObject({
        ok: false,
        error: { code: 'unauthorised' },
      });
    }
    win.webContents.mainFrame.url = 'https://evil.example/';
    expect(await handler(ownEvent(win), { name: 'app.info', params: {} })).toMatchObject({
      ok: false,
      error: { code: 'unauthorised' },
    });
    await backend.close();
  });

  it('has a main-process handler for every request, and validates each one', async () => {
    const { backend, win, handler } = await wired();
    for (const name of requestNames) {
      const r = await handler(ownEvent(win), { name, params: { bogus: true } });
      expect(r, name).toMatchObject({
        ok: false,
        error: {
          code: 'invalid',
          message: expect.stringMatching(new RegExp(`^invalid parameters for ${name.replace('.', '\\.')}: .*"bogus"`)),
        },
      });
    }
    expect(await handler(ownEvent(win), 'not an object')).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await handler(ownEvent(win), { name: 'fs.readFile', params: {} })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/unknown request/) },
    });
    await backend.close();
  });

  it('pushes events to the window on the event channel', async () => {
    const { backend, win } = await wired();
    backend.broadcast('ui.command', { command: 'find' });
    expect(win.webContents.sent).toEqual([[IPC_EVENT_CHANNEL, { event: 'ui.command', payload: { command: 'find' } }]]);
    await backend.close();
  });
});

describe('main process', () => {
  async function startMain(argv: string[], configDir: string) {
    vi.resetModules();
    const saved = { argv: process.argv, cfg: process.env.RUNYARD_CONFIG_DIR };
    process.argv = [...process.argv.slice(0, 2), ...argv];
    process.env.RUNYARD_CONFIG_DIR = configDir;
    try {
      await import('../../electron/main/main');
      await until('the window or quit', () => m.BrowserWindow.all.length > 0 || m.app.quit.mock.calls.length > 0);
    } finally {
      process.argv = saved.argv;
      if (saved.cfg === undefined) delete process.env.RUNYARD_CONFIG_DIR;
      else process.env.RUNYARD_CONFIG_DIR = saved.cfg;
    }
    return m.BrowserWindow.all[0];
  }
  const quit = () => m.app.emit('will-quit');

  it('quits at once when another instance holds the lock', async () => {
    m.app.requestSingleInstanceLock.mockReturnValueOnce(false);
    const win = await startMain([], tempDir());
    expect(m.app.quit).toHaveBeenCalled();
    expect(win).toBeUndefined();
  });

  it('opens --dir in a sandboxed window with the app menu, and notifies when a run finishes', async () => {
    const dir = sampleRuns();
    const config = tempDir();
    const win = (await startMain(['--dir', dir], config))!;
    expect(m.app.enableSandbox).toHaveBeenCalled();
    expect(m.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([expect.objectContaining({ scheme: 'app' })]);
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    const handler = m.ipcMain.handlers.get(IPC_REQUEST_CHANNEL)!;
    expect(await handler(ownEvent(win), { name: 'app.info', params: {} })).toMatchObject({
      ok: true,
      value: { dir, transport: 'ipc', canUseShell: true },
    });

    const template = m.Menu.buildFromTemplate.mock.calls.at(-1)![0] as {
      label?: string;
      role?: string;
      submenu?: { label?: string; accelerator?: string; submenu?: { label?: string }[] }[];
    }[];
    const file = template.find((t) => t.label === 'File')!;
    expect(file.submenu).toContainEqual(
      expect.objectContaining({ label: 'Open Runs Folder…', accelerator: 'CmdOrCtrl+O' }),
    );
    // No folder picker takes ssh://: a menu item of its own opens the UI's field for one.
    const remoteItem = file.submenu!.find((i) => i.label === 'Open Remote Folder…') as
      { accelerator?: string; click(): void } | undefined;
    expect(remoteItem?.accelerator).toBe('CmdOrCtrl+Shift+O');
    remoteItem!.click();
    expect(win.webContents.sent).toContainEqual([
      IPC_EVENT_CHANNEL,
      { event: 'ui.command', payload: { command: 'open-remote' } },
    ]);
    expect(file.submenu!.find((i) => i.label === 'Open Recent')!.submenu![0]!.label).toContain(path.basename(dir));
    expect(file.submenu!.some((i) => /^Reveal in/.test(i.label ?? ''))).toBe(true);
    expect(template.map((t) => t.role).filter(Boolean)).toEqual(expect.arrayContaining(['editMenu', 'windowMenu']));

    // A running run completes on disk: the user gets an OS notification.
    const running = '8d116ece-1738-47d9-bd9c-172411e20b8f';
    const file2 = path.join(dir, running, 'metadata.json');
    fs.writeFileSync(file2, fs.readFileSync(file2, 'utf8').replace('"status": "running"', '"status": "completed"'));
    await until('a notification', () => m.notifications.find((n) => n.body.includes(running.slice(0, 8))), 15_000);
    expect(m.notifications[0]!.title).toBe('Run completed');

    // Size and position survive a restart.
    win.emit('close');
    expect(JSON.parse(fs.readFileSync(path.join(config, 'settings.json'), 'utf8')).window).toEqual({
      x: 40,
      y: 50,
      width: 1111,
      height: 777,
      maximized: false,
    });
    quit();
    m.BrowserWindow.all.length = 0;
    const again = (await startMain([], config))!;
    expect(again.options).toMatchObject({ x: 40, y: 50, width: 1111, height: 777 });
    // Without --dir it opens the last folder.
    const h2 = m.ipcMain.handlers.get(IPC_REQUEST_CHANNEL)!;
    expect(await h2(ownEvent(again), { name: 'app.info', params: {} })).toMatchObject({ ok: true, value: { dir } });
    quit();
  });

  it('opens a remote --dir after the window is up, so ssh has a window to ask in; a failure is shown, not thrown', async () => {
    const saved = process.env.RUNYARD_SSH_COMMAND;
    // An ssh that asks nothing and fails, as a refused login does.
    process.env.RUNYARD_SSH_COMMAND = 'false';
    const windowsAtError: number[] = [];
    m.dialog.showErrorBox.mockImplementation(() => void windowsAtError.push(m.BrowserWindow.all.length));
    try {
      const win = (await startMain(['--dir', 'ssh://alice@cluster.example.org/scratch/runs'], tempDir()))!;
      await until('the error box', () => m.dialog.showErrorBox.mock.calls.length > 0);
      // It came over the window: the window was made before the connection was tried.
      expect(windowsAtError).toEqual([1]);
      const [title, message] = m.dialog.showErrorBox.mock.calls[0]! as unknown as [string, string];
      expect(title).toBe('Runyard could not open the folder');
      expect(message).toMatch(/^cannot open ssh:\/\/alice@cluster\.example\.org\/scratch\/runs: /);
      const handler = m.ipcMain.handlers.get(IPC_REQUEST_CHANNEL)!;
      expect(await handler(ownEvent(win), { name: 'dir.list', params: {} })).toEqual({ ok: true, value: [] });
    } finally {
      if (saved === undefined) delete process.env.RUNYARD_SSH_COMMAND;
      else process.env.RUNYARD_SSH_COMMAND = saved;
      quit();
    }
  });

  it('starts without a folder when there is none to open, so the UI can offer one', async () => {
    const win = (await startMain([], tempDir()))!;
    const handler = m.ipcMain.handlers.get(IPC_REQUEST_CHANNEL)!;
    expect(await handler(ownEvent(win), { name: 'app.info', params: {} })).toMatchObject({
      ok: true,
      value: { dir: null },
    });
    expect(await handler(ownEvent(win), { name: 'runs.snapshot', params: {} })).toMatchObject({
      ok: false,
      error: { code: 'refused' },
    });
    // ssh started from the app asks its questions through the app's askpass, and they come to the window.
    const { sshPromptEnv } = await import('../../electron/remote/bootstrap');
    const askpass = { ...sshPromptEnv() };
    expect(askpass).toMatchObject({ SSH_ASKPASS_REQUIRE: 'force', SSH_ASKPASS: expect.stringMatching(/askpass$/) });
    const sshAsks = new Promise<{ code: number; answer: string }>((resolve) => {
      execFile(
        askpass.SSH_ASKPASS!,
        ["Enter passphrase for key '/home/ada/.ssh/id_ed25519': "],
        {
          env: { ...process.env, ...askpass, RUNYARD_ASKPASS_FOLDER: 'ssh://cluster/runs' },
        },
        (err, stdout) => resolve({ code: err ? Number(err.code) : 0, answer: stdout }),
      );
    });
    const pushed = () =>
      win.webContents.sent
        .map(([, msg]) => msg as { event: string; payload: { id: string; kind: string; folder: string }[] })
        .filter((msg) => msg.event === 'ssh.questions' && msg.payload.length);
    const [question] = (await until('the question in the window', () => pushed()[0]))!.payload;
    expect(question).toMatchObject({ kind: 'secret', folder: 'ssh://cluster/runs' });
    expect(
      await handler(ownEvent(win), { name: 'ssh.answer', params: { id: question!.id, answer: 'correct horse' } }),
    ).toEqual({ ok: true, value: { answered: true } });
    expect(await sshAsks).toEqual({ code: 0, answer: 'correct horse\n' });
    quit();
    expect(fs.existsSync(path.dirname(askpass.SSH_ASKPASS!))).toBe(false);
  });
});
