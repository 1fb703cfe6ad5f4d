// The desktop transport: the preload's `window.runyard`, nothing else.
import type { Transport } from '../../shared/api/client';
import type { ApiResult } from '../../shared/api/result';

export interface RunyardBridge {
  request(name: string, params: unknown): Promise<ApiResult<unknown>>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    runyard?: RunyardBridge;
  }
}

export function ipcTransport(bridge: RunyardBridge): Transport {
  return {
    request: async (name, params) => {
      try {
        return await bridge.request(name, params);
      } catch (e) {
        // The bridge should answer with values; a rejection means IPC itself broke.
        return {
          ok: false,
          error: {
            code: 'internal',
            message: `The app could not reach its backend: ${e instanceof Error ? e.message : String(e)}`,
          },
        };
      }
    },
    onEvent: (listener) => bridge.onEvent(listener),
  };
}
