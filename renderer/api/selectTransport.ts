// Chosen once at start-up: the preload's bridge inside Electron, else the WebSocket of
// `runyard serve` on the page's own origin.
import type { Transport } from '../../shared/api/client';
import { alwaysOpen, type ConnectionMonitor } from './connection';
import { ipcTransport } from './ipcTransport';
import { readToken, socketUrl } from './token';
import { wsTransport } from './wsTransport';

export interface ChosenTransport {
  transport: Transport;
  monitor: ConnectionMonitor;
}

export function selectTransport(): ChosenTransport {
  if (window.runyard) return { transport: ipcTransport(window.runyard), monitor: alwaysOpen };
  const ws = wsTransport({
    url: () => socketUrl(readToken()),
    hasToken: () => readToken() !== null,
    probeAuth: async () => {
      const token = readToken();
      try {
        const url = new URL(window.location.href);
        if (token) url.searchParams.set('token', token);
        const res = await fetch(url.toString(), { cache: 'no-store' });
        if (res.status === 401 || res.status === 403) return 'refused';
        return res.ok ? 'ok' : 'unknown';
      } catch {
        return 'unknown';
      }
    },
  });
  return { transport: ws, monitor: ws.monitor };
}
