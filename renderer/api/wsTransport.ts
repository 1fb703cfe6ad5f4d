// The browser transport for `runyard serve`: one WebSocket, requests matched to
// responses by id, events fanned out. It reconnects with backoff; requests made while
// connecting wait, requests made while the link is lost fail at once with a message.
import type { Transport, WireMessage } from '../../shared/api/client';
import type { ApiResult } from '../../shared/api/result';
import { unpackMessage } from '../../shared/api/wire-pack';
import type { ConnectionMonitor, ConnectionState } from './connection';

export interface WsOptions {
  url: () => string;
  /** Asks the server over HTTP whether the token is accepted; browsers hide a refused upgrade's status. */
  probeAuth?: () => Promise<'ok' | 'refused' | 'unknown'>;
  hasToken: () => boolean;
  WebSocketImpl?: typeof WebSocket;
}

const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];
/** Close codes by the 4401/4403 convention for "not allowed" (1008 is also "too slow", so not here). */
const AUTH_CLOSE_CODES = new Set([4401, 4403]);

export function wsTransport(opts: WsOptions): Transport & { monitor: ConnectionMonitor; close(): void } {
  const Impl = opts.WebSocketImpl ?? WebSocket;
  const pending = new Map<number, (r: ApiResult<unknown>) => void>();
  const queue: WireMessage[] = [];
  const eventListeners = new Set<(name: string, payload: unknown) => void>();
  const stateListeners = new Set<(s: ConnectionState) => void>();
  let state: ConnectionState = { kind: 'connecting' };
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const setState = (s: ConnectionState) => {
    state = s;
    for (const l of stateListeners) l(s);
  };
  const failAll = (message: string) => {
    for (const [id, resolve] of pending) {
      pending.delete(id);
      resolve({ ok: false, error: { code: 'io', message } });
    }
  };

  const connect = () => {
    if (closed) return;
    retryTimer = null;
    setState({ kind: 'connecting' });
    let opened = false;
    const ws = new Impl(opts.url());
    socket = ws;
    ws.onopen = () => {
      opened = true;
      attempt = 0;
      setState({ kind: 'open' });
      for (const m of queue.splice(0)) ws.send(JSON.stringify(m));
    };
    ws.onmessage = (ev) => {
      let msg: WireMessage;
      try {
        msg = unpackMessage(JSON.parse(String(ev.data)) as WireMessage);
      } catch {
        return;
      }
      if (msg.type === 'response') {
        const resolve = pending.get(msg.id);
        pending.delete(msg.id);
        if (!msg.result.ok && msg.result.error.code === 'unauthorised')
          setState({ kind: 'unauthorised', message: msg.result.error.message });
        resolve?.(msg.result);
      } else if (msg.type === 'event') {
        for (const l of eventListeners) l(msg.event, msg.payload);
      }
    };
    ws.onclose = (ev) => {
      if (socket !== ws) return;
      socket = null;
      failAll('The connection to runyard serve was lost; the request did not complete.');
      if (closed) return;
      if (AUTH_CLOSE_CODES.has(ev.code))
        return setState({ kind: 'unauthorised', message: ev.reason || 'The server refused the token.' });
      if (!opened && !opts.hasToken())
        return setState({ kind: 'unauthorised', message: 'This page was opened without its access token.' });
      const scheduleRetry = () => {
        const delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]!;
        attempt++;
        setState({ kind: 'lost', retryInMs: delay, attempt });
        retryTimer = setTimeout(connect, delay);
      };
      if (opened || !opts.probeAuth) return scheduleRetry();
      void opts.probeAuth().then((verdict) => {
        if (closed) return;
        if (verdict === 'refused') setState({ kind: 'unauthorised', message: 'The server refused the token.' });
        else scheduleRetry();
      });
    };
  };

  const monitor: ConnectionMonitor = {
    current: () => state,
    onChange: (l) => {
      stateListeners.add(l);
      return () => {
        stateListeners.delete(l);
      };
    },
    retry: () => {
      if (retryTimer) clearTimeout(retryTimer);
      if (socket) return;
      attempt = 0;
      connect();
    },
  };

  connect();

  return {
    monitor,
    request: (method, params) =>
      new Promise((resolve) => {
        const msg: WireMessage = { type: 'request', id: nextId++, method, params };
        if (state.kind === 'lost' || state.kind === 'unauthorised') {
          resolve({ ok: false, error: { code: 'io', message: 'Not connected to runyard serve; reconnecting…' } });
          return;
        }
        pending.set(msg.id, resolve);
        if (socket && socket.readyState === Impl.OPEN) socket.send(JSON.stringify(msg));
        else queue.push(msg);
      }),
    onEvent: (listener) => {
      eventListeners.add(listener);
      return () => {
        eventListeners.delete(listener);
      };
    },
    close: () => {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close();
      failAll('The connection was closed.');
    },
  };
}
