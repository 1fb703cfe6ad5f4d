// Transports only carry: the Electron window (IPC, with a mocked `electron`, which
// cannot run here) and the browser (the compact WebSocket) get the same messages from
// the same backend — a big snapshot's newest runs as the answer, the rest as runs.delta
// and runs.progress events — and a live change made while those are on their way
// arrives after them. Recorded where the renderer's code meets each transport, and fed
// into the renderer's real run store, which must end up showing every run as it is now.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createClient, IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL, type Transport } from '../../shared/api/client';
import type { DirSnapshot } from '../../shared/api/models';
import type { RunDelta } from '../../shared/types';
import { Backend } from '../../electron/api/backend';
import { SettingsStore } from '../../electron/api/settings-store';
import { FIRST_FRAME_RUNS } from '../../electron/api/snapshot-stream';
import { WsTransport } from '../../electron/server/ws-transport';
import { ipcTransport } from '../../renderer/api/ipcTransport';
import { wsTransport } from '../../renderer/api/wsTransport';
import { LiveRuns } from '../../renderer/state/liveRuns';
import { RunStore } from '../../renderer/state/runStore';

import { tempDir } from '../helpers/dirs';
import { metadataOf } from '../helpers/live-runs';
import { until } from '../helpers/poll';

type Listener = (...args: any[]) => unknown;
const ipcHandlers = vi.hoisted(() => new Map<string, Listener>());
vi.mock('electron', () => {
  const m = {
    ipcMain: {
      handle: (ch: string, f: Listener) => ipcHandlers.set(ch, f),
      removeHandler: (ch: string) => ipcHandlers.delete(ch),
    },
    BrowserWindow: class {},
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
    session: {},
  };
  return { ...m, default: m };
});

const RUNS = 1000;
const LIVE = 'run-00001';

function runsFolder(): string {
  const dir = path.join(tempDir('runyard-transports-'), 'runs');
  fs.mkdirSync(dir);
  for (let i = 0; i < RUNS; i++) {
    const id = `run-${String(i).padStart(5, '0')}`;
    fs.mkdirSync(path.join(dir, id));
    const created_at = new Date(Date.UTC(2026, 9, 1) + i * 60_000).toISOString();
    fs.writeFileSync(path.join(dir, id, 'metadata.json'), JSON.stringify(metadataOf(id, 'completed', { created_at })));
  }
  return dir;
}

type Seen = { response: unknown } | { event: string; payload: unknown };

/** The transport the renderer's code uses, with what comes out of it recorded in order. */
function recorded(t: Transport): { transport: Transport; seen: Seen[] } {
  const seen: Seen[] = [];
  t.onEvent((event, payload) => seen.push({ event, payload }));
  return {
    seen,
    transport: {
      request: async (name, params) => {
        const result = await t.request(name, params);
        seen.push({ response: result });
        return result;
      },
      onEvent: (l) => t.onEvent(l),
    },
  };
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function openBackend(): Promise<Backend> {
  const backend = new Backend({
    transport: 'websocket',
    settings: new SettingsStore(tempDir('runyard-config-')),
    watch: { mode: 'poll', pollIntervalMs: 60_000 },
    log: () => undefined,
  });
  cleanups.push(() => backend.close());
  await backend.openDir(runsFolder());
  // A run changes right after the list is taken, before the list's frames are out: the
  // moment is hooked (a change on disk could not be timed to land there), the change goes
  // out as the folder's watcher sends one, to every session.
  const dir = backend.requireDir();
  const take = dir.snapshot.bind(dir);
  dir.snapshot = () => {
    const snap = take();
    const run = snap.runs.find((r) => r.run_id === LIVE)!;
    setImmediate(() =>
      backend.broadcast('runs.delta', {
        added: [],
        changed: [{ ...run, description: 'changed live' }],
        removed: [],
        problems: [],
      }),
    );
    return snap;
  };
  return backend;
}

/** The transport and how to end it (its session then hears no more broadcasts). */
interface Link {
  transport: Transport;
  close: () => unknown;
}

async function overIpc(backend: Backend): Promise<Link> {
  const { registerIpc } = await import('../../electron/main/ipc');
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const webContents = {
    mainFrame: { url: 'app://runyard/' },
    send: (channel: string, msg: { event: string; payload: unknown }) => {
      // What Electron's structured clone lets through.
      if (channel === IPC_EVENT_CHANNEL) for (const l of listeners) l(msg.event, structuredClone(msg.payload));
    },
  };
  const win = { isDestroyed: () => false, webContents };
  const bridge = registerIpc(backend, () => win as never);
  const handler = ipcHandlers.get(IPC_REQUEST_CHANNEL)!;
  // The preload's two doors, as the renderer sees them.
  const transport = ipcTransport({
    request: async (name, params) =>
      structuredClone(
        await handler({ sender: webContents, senderFrame: webContents.mainFrame }, { name, params }),
      ) as never,
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  });
  return { transport, close: () => bridge.dispose() };
}

async function overWebSocket(backend: Backend): Promise<Link> {
  const transport = new WsTransport(backend);
  const server = http.createServer();
  server.on('upgrade', (req, socket, head) => transport.upgrade(req, socket, head));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api?wire=compact`;
  const client = wsTransport({
    url: () => url,
    hasToken: () => false,
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  return {
    transport: client,
    close: async () => {
      client.close();
      await transport.close();
      server.close();
    },
  };
}

/** Loads the run list as the shell does, and waits until the store shows the live change. */
async function load(link: Link): Promise<{ seen: Seen[]; store: RunStore }> {
  const { transport, seen } = recorded(link.transport);
  const live = new LiveRuns(createClient(transport), new RunStore());
  const stop = live.start();
  try {
    expect(await live.reload()).toBeNull();
    await until(
      'the live change and the end of the list',
      () => live.store.get(LIVE)?.description === 'changed live' && !live.store.getState().scanning,
    );
    return { seen, store: live.store };
  } finally {
    stop();
    await link.close();
  }
}

describe('IPC and the WebSocket', () => {
  it('carry the same streamed snapshot, with a live change after its older frames', async () => {
    const backend = await openBackend();
    const ipc = await load(await overIpc(backend));
    const ws = await load(await overWebSocket(backend));

    const shape = (s: Seen[]) =>
      s.map((m) =>
        'response' in m
          ? 'answer'
          : m.event === 'runs.delta' && (m.payload as RunDelta).changed.length
            ? 'live change'
            : m.event,
      );
    expect(shape(ipc.seen)).toEqual(['answer', 'runs.delta', 'runs.progress', 'live change']);
    expect(ws.seen).toEqual(ipc.seen);

    const answer = (ipc.seen[0] as { response: { ok: true; value: DirSnapshot } }).response.value;
    expect(answer.scanning).toBe(true);
    expect(answer.runs.map((r) => r.run_id)).toEqual(
      Array.from({ length: FIRST_FRAME_RUNS }, (_, i) => `run-${String(RUNS - 1 - i).padStart(5, '0')}`),
    );
    const rest = (ipc.seen[1] as { payload: RunDelta }).payload.added;
    expect(rest).toHaveLength(RUNS - FIRST_FRAME_RUNS);
    expect(rest.find((r) => r.run_id === LIVE)!.description).not.toBe('changed live');
    expect(ipc.seen[2]).toEqual({
      event: 'runs.progress',
      payload: { scanned: RUNS, total: RUNS, done: true, dir: expect.any(String) },
    });

    // Both windows show every run, the changed one as it is now, and no scan in progress.
    for (const { store } of [ipc, ws]) {
      expect(store.getState()).toMatchObject({ count: RUNS, scanning: false, progress: null });
      expect(store.get(LIVE)!.description).toBe('changed live');
    }
  });
});
