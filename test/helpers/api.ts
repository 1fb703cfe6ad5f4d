// Real clients for the API: an in-process backend on real folders, a real
// `runyard serve` child process, and a WebSocket client speaking WireMessage frames.
import { spawn, type ChildProcess } from 'node:child_process';
import WebSocket from 'ws';
import type { EventName, Params, RequestName } from '../../shared/api/contract';
import type { WireMessage } from '../../shared/api/client';
import type { ApiResult } from '../../shared/api/result';
import { Backend, type BackendOptions } from '../../electron/api/backend';
import { SettingsStore } from '../../electron/api/settings-store';
import { CLI } from './cli';
import { tempDir } from './dirs';

export interface Received {
  event: string;
  payload: unknown;
}

/** Waits until `check` returns something truthy, polling; throws with `what` on timeout. */
export async function until<T>(check: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A backend with its own settings folder and one session that records events. */
export function inProcess(opts: Partial<BackendOptions> = {}) {
  const configDir = tempDir('runyard-config-');
  const backend = new Backend({ transport: 'websocket', settings: new SettingsStore(configDir), watch: { mode: 'poll', pollIntervalMs: 250 }, log: () => undefined, ...opts });
  const events: Received[] = [];
  const session = backend.openSession((event, payload) => events.push({ event, payload }));
  const call = <N extends RequestName>(name: N, params: Params<N> | unknown) => backend.request(session, name, params);
  return { backend, session, events, call, configDir };
}

export interface Served {
  url: string;
  origin: string;
  token: string;
  port: number;
  host: string;
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, RUNYARD_DIR: '', RUNYARD_CONFIG_DIR: tempDir('runyard-config-'), RUNYARD_CACHE_DIR: 'off', ...env },
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await Promise.race([
    until(() => /Open: (http:\/\/\S+)/.exec(out)?.[1], 'the serve URL', 20_000),
    exited.then((code) => { throw new Error(`serve exited ${code}: ${err}`); }),
  ]);
  const u = new URL(url);
  return {
    url,
    origin: u.origin,
    token: u.searchParams.get('token')!,
    port: Number(u.port),
    host: u.hostname,
    child,
    stdout: () => out,
    stderr: () => err,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
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
    ws.on('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    ws.on('error', reject);
    ws.on('open', () => resolve({
      ws,
      events,
      call: (name, params) => new Promise((res) => {
        const id = next++;
        pending.set(id, res as never);
        ws.send(JSON.stringify({ type: 'request', id, method: name, params }));
      }),
      close: () => ws.close(),
    }));
  });
}

export function eventsNamed(list: Received[], name: EventName): unknown[] {
  return list.filter((e) => e.event === name).map((e) => e.payload);
}
