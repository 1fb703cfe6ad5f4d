// The only module that touches ipcRenderer. It exposes exactly the contract's two
// doors, `request` and `onEvent`, and nothing of Electron or Node: the renderer cannot
// send on other channels or see the IPC event objects.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL, type Transport } from '../../shared/api/client';

const api: Transport = {
  request: (name, params) => ipcRenderer.invoke(IPC_REQUEST_CHANNEL, { name: String(name), params }),
  onEvent: (listener) => {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
    const handler = (_e: IpcRendererEvent, message: { event: string; payload: unknown }) =>
      listener(message.event, message.payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('runyard', api);
