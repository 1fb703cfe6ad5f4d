// Chosen once at start-up: the preload's bridge inside Electron, else the WebSocket of
// `runyard serve` on the page's own origin.
import type { Transport } from '../../shared/api/client';
import { alwaysOpen, type ConnectionMonitor } from './connection';
import { ipcTransport } from './ipcTransport';
import { readToken, socketUrl, takeTokenFromUrl } from './token';
import { wsTransport } from './wsTransport';

export interface ChosenTransport {
  transport: Transport;
  monitor: ConnectionMonitor;
}

export function selectTransport(): ChosenTransport {
  if (window.runyard) return { transport: ipcTransport(window.runyard), monitor: alwaysOpen };
  // Before the first connect: the token leaves the address bar as the page starts.
  takeTokenFromUrl();
  const ws = wsTransport({
    url: () => socketUrl(readToken()),
    hasToken: () => readToken() !== null,
    probeAuth: async () => {
      const token = readToken();
      try {
        // GET /api answers 204 for the token in this header, 401 otherwise; the static page itself needs none.
        const res = await fetch('/api', {
          cache: 'no-store',
          headers: token ? { Authorization: `Bearer ${token}` } : {},
        });
        if (res.status === 401 || res.status === 403) return 'refused';
        return res.ok ? 'ok' : 'unknown';
      } catch {
        return 'unknown';
      }
    },
  });
  return { transport: ws, monitor: ws.monitor };
}
