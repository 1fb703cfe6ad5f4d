// The desktop window and everything that keeps it locked down (Electron's security
// checklist): an isolated, sandboxed renderer without Node, our own `app://runyard`
// origin instead of file://, a strict CSP on every response, no navigation, no new
// windows, no webviews, no permission prompts.
import path from 'node:path';
import {
  BrowserWindow,
  protocol,
  session,
  type BrowserWindowConstructorOptions,
  type Session as ElectronSession,
  type WebContents,
} from 'electron';
import { contentSecurityPolicy } from '../../shared/csp';
import { NO_BUILD_PAGE, staticFile } from '../server/static-files';
import type { WindowBounds } from '../api/settings-store';

export const APP_SCHEME = 'app';
export const APP_HOST = 'runyard';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/`;

/** No ws: source: the window reaches the backend over IPC, never a socket. */
export const WINDOW_CSP = contentSecurityPolicy();

/** Must run before app ready: makes app:// a standard, secure origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** True for a URL of our own UI. */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Serves dist/renderer under app://runyard/ with the CSP; nothing outside that folder. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const headers = { 'Content-Security-Policy': WINDOW_CSP, 'X-Content-Type-Options': 'nosniff' };
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('not found', { status: 404, headers });
    const file = staticFile(rendererDir, url.pathname);
    if (file)
      return new Response(new Uint8Array(file.body), {
        status: 200,
        headers: { ...headers, 'Content-Type': file.type },
      });
    if (url.pathname === '/' || url.pathname === '/index.html')
      return new Response(NO_BUILD_PAGE, {
        status: 200,
        headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' },
      });
    return new Response('not found', { status: 404, headers });
  });
}

export function windowOptions(preload: string, bounds?: WindowBounds): BrowserWindowConstructorOptions {
  return {
    width: bounds?.width ?? 1280,
    height: bounds?.height ?? 800,
    ...(bounds?.x !== undefined && bounds?.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 720,
    minHeight: 480,
    title: 'Runyard',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/** The same CSP on every response the session sees, as a second line behind the protocol's header. */
export function installCsp(ses: ElectronSession): void {
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [WINDOW_CSP] } });
  });
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

/** No navigation, no new windows, no webviews. */
export function hardenContents(contents: WebContents): void {
  // The UI is a single page; any navigation is a link or a script trying to leave it.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function preloadPath(): string {
  return path.join(__dirname, 'preload.cjs');
}

export function createMainWindow(bounds?: WindowBounds): BrowserWindow {
  installCsp(session.defaultSession);
  const win = new BrowserWindow(windowOptions(preloadPath(), bounds));
  hardenContents(win.webContents);
  if (bounds?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_URL);
  return win;
}
