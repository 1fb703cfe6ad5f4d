// What gets the first rows on screen sooner: the streamed snapshot's first frame picked
// without a full sort, its other frames queued behind it by the backend (with live
// events after them, and other answers not held up), and the page's script served
// compressed.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WireMessage } from '../../shared/api/client';
import type { DirSnapshot } from '../../shared/api/models';
import { ok } from '../../shared/api/result';
import { unpackMessage } from '../../shared/api/wire-pack';
import type { RunRecord } from '../../shared/types';
import { Backend } from '../../electron/api/backend';
import type { HandlerContext, HandlerTable } from '../../electron/api/dispatcher';
import { handlers } from '../../electron/api/handler-table';
import { SettingsStore } from '../../electron/api/settings-store';
import { answerSnapshot, FIRST_FRAME_RUNS, newestRuns } from '../../electron/api/snapshot-stream';
import { acceptsGzip, gzipBody, staticFile } from '../../electron/server/static-files';
import { WsTransport } from '../../electron/server/ws-transport';
import { LiveRuns } from '../../renderer/state/liveRuns';
import { RunStore } from '../../renderer/state/runStore';
import type { ApiClient } from '../../shared/api/client';
import { tempDir } from '../helpers/dirs';

function run(i: number, created: number | null): RunRecord {
  return {
    run_id: `run-${i}`,
    description: `Run ${i}`,
    status: 'completed',
    tags: [],
    created_at: null,
    started_at: null,
    completed_at: null,
    created_ms: created,
    started_ms: null,
    completed_ms: null,
    parent_run_id: null,
    user: 'u',
    hostname: 'h',
    git_commit: null,
    checkpoints: [],
    extra: {},
    problems: [],
    unreadable: false,
    mtime_ms: 1,
  };
}

const stableNewestFirst = (runs: RunRecord[]) =>
  [...runs].sort((a, b) => (b.created_ms ?? -Infinity) - (a.created_ms ?? -Infinity) || 0);

describe('the first frame of a streamed snapshot', () => {
  it('holds the newest runs in the order a full stable sort gives, ties and missing dates included', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const runs = Array.from({ length: 3000 }, (_, i) =>
      run(i, rnd() < 0.05 ? null : 1_700_000_000_000 + Math.floor(rnd() * 400) * 1000),
    );
    for (const k of [1, 7, FIRST_FRAME_RUNS, 2999, 3000, 5000]) {
      expect(newestRuns(runs, k).map((r) => r.run_id)).toEqual(
        stableNewestFirst(runs)
          .slice(0, k)
          .map((r) => r.run_id),
      );
    }
    const rising = Array.from({ length: 500 }, (_, i) => run(i, i));
    expect(newestRuns(rising, 3).map((r) => r.run_id)).toEqual(['run-499', 'run-498', 'run-497']);
  });
});

/**
 * The real backend, with the folder's list replaced by `runs` (a real folder of 5,000 runs
 * takes seconds to write), app.info by a marker, and `onSnapshot` called as the list is taken.
 */
function backendWith(runs: RunRecord[], onSnapshot: (backend: Backend) => void): Backend {
  const snap: DirSnapshot = { dir: '/d', runs, entries: [], problems: [], scanning: false, watchMode: 'native' };
  const table = {
    ...handlers,
    'app.info': () => ({ marker: 'app.info' }),
    'runs.snapshot': (_p: unknown, { session }: HandlerContext) =>
      answerSnapshot(session, () => {
        onSnapshot(backend);
        return snap;
      }),
  } as unknown as HandlerTable;
  const backend: Backend = new Backend({
    transport: 'websocket',
    settings: new SettingsStore(tempDir('runyard-config-')),
    handlers: table,
    log: () => undefined,
  });
  return backend;
}

/** A live change, told apart from the snapshot's copy of the run by its description. */
const liveChange = (r: RunRecord) => ({
  added: [],
  changed: [{ ...r, description: 'changed live' }],
  removed: [],
  problems: [],
});
const isLive = (m: WireMessage) =>
  m.type === 'event' &&
  m.event === 'runs.delta' &&
  (m.payload as { changed: RunRecord[] }).changed[0]?.description === 'changed live';

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function open(
  backend: Backend,
): Promise<{ messages: WireMessage[]; send(msg: object): void; done: Promise<void> }> {
  const transport = new WsTransport(backend);
  const server = http.createServer();
  server.on('upgrade', (req, socket, head) => transport.upgrade(req, socket, head));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push({
    close: () => {
      void transport.close();
      server.close();
      void backend.close();
    },
  });
  const ws = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/api?wire=compact`);
  const messages: WireMessage[] = [];
  let finish: () => void;
  const done = new Promise<void>((r) => (finish = r));
  ws.on('message', (d) => {
    const msg = unpackMessage(JSON.parse(String(d)) as WireMessage);
    messages.push(msg);
    if (isLive(msg)) finish();
  });
  await new Promise((r) => ws.once('open', r));
  return { messages, send: (msg) => ws.send(JSON.stringify(msg)), done };
}

describe('a streamed snapshot on the WebSocket', () => {
  it('answers what was asked with it first, then the first frame, and keeps a live change after the older frames', async () => {
    const runs = Array.from({ length: 5000 }, (_, i) => run(i, 1_700_000_000_000 + i));
    // A change that happens right after the snapshot was taken, before its frames are out.
    const backend = backendWith(runs, (b) => setImmediate(() => b.broadcast('runs.delta', liveChange(runs[1]!))));
    const c = await open(backend);
    c.send({ type: 'request', id: 1, method: 'runs.snapshot', params: {} });
    c.send({ type: 'request', id: 2, method: 'app.info', params: {} });
    await c.done;
    const kinds = c.messages.map((m) =>
      m.type === 'response' ? `response ${m.id}` : isLive(m) ? 'live change' : m.type === 'event' ? m.event : m.type,
    );
    // app.info is not held up behind the list, which is made a turn later...
    expect(kinds.slice(0, 3)).toEqual(['response 2', 'response 1', 'runs.delta']);
    const first = c.messages[1] as Extract<WireMessage, { type: 'response' }>;
    expect((first.result as { ok: true; value: DirSnapshot }).value.runs).toHaveLength(FIRST_FRAME_RUNS);
    // ...and the live change comes after every frame of the older list.
    expect(kinds.at(-1)).toBe('live change');
    const progress = c.messages
      .filter((m) => m.type === 'event' && m.event === 'runs.progress')
      .map((m) => (m as { payload: unknown }).payload);
    expect(progress.at(-1)).toEqual({ scanned: 5000, total: 5000, done: true, dir: '/d' });
  });
});

describe('the run list asked for at start-up', () => {
  function fakeClient() {
    const listeners = new Map<string, (p: unknown) => void>();
    const answers: ((snap: DirSnapshot) => void)[] = [];
    let calls = 0;
    const client = {
      call: () => {
        calls++;
        return new Promise((resolve) => answers.push((snap) => resolve(ok(snap))));
      },
      on: (event: string, l: (p: unknown) => void) => {
        listeners.set(event, l);
        return () => listeners.delete(event);
      },
    } as unknown as ApiClient;
    const snap = (runs: RunRecord[]): DirSnapshot => ({
      dir: '/d',
      runs,
      entries: [],
      problems: [],
      scanning: false,
      watchMode: 'native',
    });
    return {
      client,
      emit: (e: string, p: unknown) => listeners.get(e)?.(p),
      answer: (runs: RunRecord[]) => answers.shift()!(snap(runs)),
      calls: () => calls,
    };
  }

  it('is what the shell’s first reload gets, with changes made meanwhile applied after it; later reloads ask again', async () => {
    const f = fakeClient();
    const live = new LiveRuns(f.client, new RunStore());
    live.start();
    live.prefetch();
    f.emit('runs.delta', { added: [run(2, 2)], changed: [], removed: [], problems: [] });
    const first = live.reload();
    expect(f.calls()).toBe(1);
    f.answer([run(1, 1)]);
    expect(await first).toBeNull();
    expect([...live.store.values()].map((e) => e.run.run_id).sort()).toEqual(['run-1', 'run-2']);
    const second = live.reload();
    expect(f.calls()).toBe(2);
    f.answer([run(3, 3)]);
    await second;
    expect([...live.store.values()].map((e) => e.run.run_id)).toEqual(['run-3']);
  });

  it('is not handed out once dropped (no folder open at start-up)', () => {
    const f = fakeClient();
    const live = new LiveRuns(f.client, new RunStore());
    live.prefetch();
    live.dropPrefetch();
    void live.reload();
    expect(f.calls()).toBe(2);
  });
});

describe('static files', () => {
  it('are gzipped once per version of a file, for clients that take gzip', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'runyard-static-'));
    try {
      fs.mkdirSync(path.join(root, 'assets'));
      fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>x</title>');
      const js = `export const x = ${JSON.stringify('runyard '.repeat(2000))};\n`;
      fs.writeFileSync(path.join(root, 'assets/app.js'), js);
      fs.writeFileSync(path.join(root, 'assets/app.js.map'), '{}'.padEnd(5000, ' '));
      const file = staticFile(root, '/assets/app.js')!;
      const gz = gzipBody(file)!;
      expect(zlib.gunzipSync(gz).toString()).toBe(js);
      expect(gz.length).toBeLessThan(js.length / 10);
      expect(gzipBody(staticFile(root, '/assets/app.js')!)).toBe(gz);
      // Small files and source maps go as they are.
      expect(gzipBody(staticFile(root, '/index.html')!)).toBeNull();
      expect(gzipBody(staticFile(root, '/assets/app.js.map')!)).toBeNull();
      // A rebuild (new content, new mtime) is compressed afresh.
      fs.writeFileSync(path.join(root, 'assets/app.js'), js.replace('runyard', 'RUNYARD'));
      fs.utimesSync(path.join(root, 'assets/app.js'), new Date(), new Date(Date.now() + 5000));
      expect(zlib.gunzipSync(gzipBody(staticFile(root, '/assets/app.js')!)!).toString()).toContain('RUNYARD');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('reads Accept-Encoding as browsers and proxies write it', () => {
    expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.8, *;q=0.1')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('gzip;q=0, *')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
