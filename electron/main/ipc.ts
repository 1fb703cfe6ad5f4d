// The only module that touches ipcMain. One channel carries every request of the
// contract to the shared dispatcher; one carries events back. A request is answered
// only when it comes from our window's main frame showing our own UI, so a frame that
// was somehow loaded from elsewhere gets a refusal, not our API. Like the WebSocket, it
// only carries: the window's session takes big snapshots streamed (first frame, then
// runs.delta events), which the backend does, so both transports carry the same messages.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from '../../shared/api/client';
import { fail, type ApiResult } from '../../shared/api/result';
import type { Backend } from '../api/backend';
import type { Session } from '../api/session';
import { isAppUrl } from './window';

export function isOwnFrame(event: IpcMainInvokeEvent, win: BrowserWindow | null): boolean {
  if (!win || win.isDestroyed()) return false;
  const frame = event.senderFrame;
  if (!frame || event.sender !== win.webContents) return false;
  if (frame !== win.webContents.mainFrame) return false;
  return isAppUrl(frame.url);
}

export interface IpcBridge {
  /** Drops the window's subscriptions (after a reload) and starts a fresh session. */
  resetSession(): void;
  dispose(): void;
}

export function registerIpc(backend: Backend, getWindow: () => BrowserWindow | null): IpcBridge {
  const sink = (event: string, payload: unknown) => {
    const win = getWindow();
    if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, { event, payload });
  };
  const open = () => backend.openSession(sink, { streamSnapshots: true });
  let session: Session = open();

  ipcMain.handle(IPC_REQUEST_CHANNEL, async (event, message: unknown): Promise<ApiResult<unknown>> => {
    if (!isOwnFrame(event, getWindow()))
      return fail('unauthorised', "this frame is not Runyard's own window; the request was refused");
    if (!message || typeof message !== 'object') return fail('invalid', 'a request must be an object { name, params }');
    const { name, params } = message as { name?: unknown; params?: unknown };
    return backend.request(session, name, params);
  });

  return {
    resetSession: () => {
      backend.closeSession(session);
      session = open();
    },
    dispose: () => {
      ipcMain.removeHandler(IPC_REQUEST_CHANNEL);
      backend.closeSession(session);
    },
  };
}
