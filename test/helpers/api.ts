// Real clients for the API: an in-process backend on real folders, and a WebSocket
// client speaking WireMessage frames (a real `runyard serve` comes from ./serve).
import WebSocket from 'ws';
import type { EventName, Params, RequestName } from '../../shared/api/contract';
import type { WireMessage } from '../../shared/api/client';
import type { ApiResult } from '../../shared/api/result';
import { Backend, type BackendOptions } from '../../electron/api/backend';
import { SettingsStore } from '../../electron/api/settings-store';
import { tempDir } from './dirs';

export interface Received {
  event: string;
  payload: unknown;
}

/** A backend with its own settings folder and one session that records events. */
export function inProcess(opts: Partial<BackendOptions> = {}) {
  const configDir = tempDir('runyard-config-');
  const backend = new Backend({
    transport: 'websocket',
    settings: new SettingsStore(configDir),
    watch: { mode: 'poll', pollIntervalMs: 250 },
    log: () => undefined,
    ...opts,
  });
  const events: Received[] = [];
  const session = backend.openSession((event, payload) => events.push({ event, payload }));
  const call = <N extends RequestName>(name: N, params: Params<N> | unknown) => backend.request(session, name, params);
  return { backend, session, events, call, configDir };
}

export interface WsClient {
  ws: WebSocket;
  events: Received[];
  call<N extends RequestName>(name: N, params: Params<N> | unknown): Promise<ApiResult<any>>;
  close(): void;
}

/** Resolves with the client, or rejects with the HTTP status of a refused upgrade. */
export function connect(url: string, opts: { headers?: Record<string, string> } = {}): Promise<WsClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: opts.headers });
    const events: Received[] = [];
    const pending = new Map<number, (r: ApiResult<unknown>) => void>();
    let next = 1;
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as WireMessage;
      if (msg.type === 'event') events.push({ event: msg.event, payload: msg.payload });
      if (msg.type === 'response') pending.get(msg.id)?.(msg.result);
    });
    ws.on('unexpected-response', (_req, res) =>
      reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })),
    );
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws,
        events,
        call: (name, params) =>
          new Promise((res) => {
            const id = next++;
            pending.set(id, res as never);
            ws.send(JSON.stringify({ type: 'request', id, method: name, params }));
          }),
        close: () => ws.close(),
      }),
    );
  });
}

export function eventsNamed(list: Received[], name: EventName): unknown[] {
  return list.filter((e) => e.event === name).map((e) => e.payload);
}
