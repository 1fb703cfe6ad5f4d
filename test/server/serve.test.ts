// `runyard serve` as a real child process, with real HTTP and WebSocket clients.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openerFor } from '../../electron/server/open-browser';
import { contentSecurityPolicy } from '../../shared/csp';
import { connect, eventsNamed } from '../helpers/api';
import { serve, type Served } from '../helpers/serve';
import { sampleRuns, tempDir } from '../helpers/dirs';
import { until } from '../helpers/poll';

const RUNNING = '8d116ece-1738-47d9-bd9c-172411e20b8f';
const COMPLETED = '36f675cc-81e7-4ef5-a8e2-5d940ed90475';

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

const wsUrl = (s: Served, token: string | null = s.token) =>
  `ws://127.0.0.1:${s.port}/api${token === null ? '' : `?token=${token}`}`;

describe('runyard serve', () => {
  // One server (and one copy of the sample) for the tests that only read; tests that
  // change files or need other flags start their own.
  let dir: string;
  let s: Served;
  beforeAll(async () => {
    // tempDir() folders are removed after each test; this one must outlive them.
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'runyard-serve-')), 'runs');
    fs.cpSync(sampleRuns(), dir, { recursive: true, verbatimSymlinks: true });
    s = await serve(dir);
  });
  afterAll(async () => {
    await s?.stop();
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only, and prints a URL with a long random token', async () => {
    expect(s.host).toBe('127.0.0.1');
    expect(s.token).toMatch(/^[0-9a-f]{64}$/);
    expect(s.stderr()).not.toMatch(/WARNING/);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      const refused = await new Promise<boolean>((resolve) => {
        const sock = net.connect(s.port, external.address);
        sock.on('connect', () => {
          sock.destroy();
          resolve(false);
        });
        sock.on('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    }
  });

  it("serves the UI's public files without the token, with a strict CSP, and never a cookie", async () => {
    const page = await get(`http://127.0.0.1:${s.port}/`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    const csp = String(page.headers['content-security-policy']);
    for (const part of [
      "default-src 'self'",
      `connect-src 'self' ws://127.0.0.1:${s.port}`,
      "img-src 'self' data: blob:",
      "style-src 'self' 'unsafe-inline'",
      "object-src 'none'",
      "frame-ancestors 'none'",
    ])
      expect(csp).toContain(part);
    // One policy for the browser and the desktop window (shared/csp.ts); serve adds only its WebSocket host.
    expect(csp).toBe(contentSecurityPolicy({ wsHost: `127.0.0.1:${s.port}` }));
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    // The same page whatever the address says: no token, the right one, a wrong one.
    for (const r of [page, await get(s.url), await get(`http://127.0.0.1:${s.port}/?token=${'0'.repeat(64)}`)]) {
      expect(r.status).toBe(200);
      expect(r.headers['set-cookie']).toBeUndefined();
      expect(r.body).toBe(page.body);
      expect(r.body).not.toContain(s.token);
    }
    const script = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    const asset = await get(`http://127.0.0.1:${s.port}/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toMatch(/immutable/);
    expect(asset.headers['set-cookie']).toBeUndefined();
  });

  it('answers the token check (GET /api) only for the token in an Authorization header', async () => {
    const check = (headers: Record<string, string>) => get(`http://127.0.0.1:${s.port}/api`, headers);
    const good = await check({ authorization: `Bearer ${s.token}` });
    expect(good.status).toBe(204);
    expect(good.headers['set-cookie']).toBeUndefined();
    expect(good.headers['cache-control']).toBe('no-store');
    for (const [label, headers] of [
      ['none', {}],
      ['wrong', { authorization: `Bearer ${'0'.repeat(64)}` }],
      ['not Bearer', { authorization: `Basic ${s.token}` }],
      ['a cookie of any name', { cookie: `runyard_token=${s.token}; runyard_${s.port}_0123456789abcdef=${s.token}` }],
    ] as const) {
      const r = await check(headers);
      expect(r.status, label).toBe(401);
      expect(r.headers['www-authenticate'], label).toBe('Bearer');
      expect(r.body, label).toMatch(/needs the token/);
    }
    // In the query it is no credential here: HTTP addresses end up in logs.
    expect((await get(`http://127.0.0.1:${s.port}/api?token=${s.token}`)).status).toBe(401);
  });

  it('takes no cookie as a credential on the WebSocket', async () => {
    for (const name of ['runyard_token', `runyard_${s.port}_0123456789abcdef`]) {
      await expect(connect(wsUrl(s, null), { headers: { cookie: `${name}=${s.token}` } })).rejects.toMatchObject({
        status: 401,
      });
    }
  });

  it('refuses WebSocket upgrades without the token, with a wrong one, or from a foreign Origin', async () => {
    await expect(connect(wsUrl(s, null))).rejects.toMatchObject({ status: 401 });
    await expect(connect(wsUrl(s, 'nope'))).rejects.toMatchObject({ status: 401 });
    await expect(connect(wsUrl(s), { headers: { origin: 'http://evil.example' } })).rejects.toMatchObject({
      status: 403,
    });
    await expect(connect(wsUrl(s), { headers: { origin: `http://127.0.0.1:${s.port + 1}` } })).rejects.toMatchObject({
      status: 403,
    });
    const own = await connect(wsUrl(s), { headers: { origin: s.origin } });
    const info = await own.call('app.info', {});
    expect(info).toMatchObject({
      ok: true,
      value: { transport: 'websocket', readOnly: false, canUseShell: false, dir },
    });
    own.close();
  });

  it('answers malformed requests with typed errors and keeps serving', async () => {
    const c = await connect(wsUrl(s));
    expect(await c.call('no.such.request' as never, {})).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await c.call('run.get', { run_id: 42 })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    c.ws.send('this is not JSON');
    expect((await c.call('runs.snapshot', {})).ok).toBe(true);
    c.close();
  });

  it('refuses paths that leave the run folder, through run.readFile and run.files', async () => {
    const c = await connect(wsUrl(s));
    fs.symlinkSync('/etc', path.join(dir, COMPLETED, 'logs', 'escape'));
    const bad = [
      await c.call('run.readFile', {
        run_id: COMPLETED,
        path: '../6513270e-269e-4d37-b2a7-4de452e6b438/metadata.json',
      }),
      await c.call('run.readFile', { run_id: COMPLETED, path: '/etc/passwd' }),
      await c.call('run.readFile', { run_id: COMPLETED, path: 'logs/../../../../etc/passwd' }),
      await c.call('run.readFile', { run_id: COMPLETED, path: 'logs/escape/passwd' }),
      await c.call('run.readFile', { run_id: '..', path: 'etc/passwd' }),
      await c.call('run.files', { run_id: '..', folder: '.' }),
      await c.call('run.files', { run_id: COMPLETED, folder: '../..' }),
    ];
    for (const r of bad) {
      expect(r.ok).toBe(false);
      expect(['invalid', 'refused']).toContain(r.ok ? '' : r.error.code);
    }
    expect(JSON.stringify(bad)).not.toMatch(/root:/);
    // The same run's own files are readable.
    const log = await c.call('run.readFile', { run_id: COMPLETED, path: 'logs/simulation.log', tail: true });
    expect(log).toMatchObject({ ok: true, value: { path: 'logs/simulation.log', binary: false } });
    expect(log.ok && log.value.text.length).toBeGreaterThan(0);
    const files = await c.call('run.files', { run_id: COMPLETED, folder: '.' });
    expect(files.ok && files.value.entries.map((e: { path: string }) => e.path)).toContain('results/summary.csv');
    c.close();
  });

  it('round trip: the snapshot lists the runs, a watch subscribes, and a change on disk arrives as runs.delta', async () => {
    const c = await connect(wsUrl(s));
    const snap = await c.call('runs.snapshot', {});
    expect(snap.ok).toBe(true);
    expect(snap.ok && snap.value.runs).toHaveLength(12);
    expect(snap.ok && snap.value.dir).toBe(dir);
    const watch = await c.call('run.watch', { run_id: RUNNING });
    expect(watch).toMatchObject({ ok: true, value: { subscription: expect.any(String) } });

    // The watch reports new files in the run's checkpoints/. The live index's watcher
    // becomes ready shortly after run.watch answers, so a new file is written each 500 ms
    // until one is reported.
    const sub = (watch as { value: { subscription: string } }).value.subscription;
    let day = 1;
    const ticker = setInterval(
      () =>
        fs.writeFileSync(
          path.join(dir, RUNNING, 'checkpoints', `checkpoint_2020-05-${String(day++).padStart(2, '0')}.hdf5`),
          'x',
        ),
      500,
    );
    try {
      await until(
        'a run.fileEvent',
        () =>
          eventsNamed(c.events, 'run.fileEvent').find(
            (e) =>
              (e as { subscription: string; path: string }).subscription === sub &&
              /checkpoints\/checkpoint_2020-05-\d\d\.hdf5$/.test((e as { path: string }).path),
          ),
        20_000,
      );
    } finally {
      clearInterval(ticker);
    }

    const file = path.join(dir, RUNNING, 'metadata.json');
    const meta = JSON.parse(fs.readFileSync(file, 'utf8'));
    meta.status = 'completed';
    meta.completed_at = '2026-11-01T12:00:00.000000Z';
    fs.writeFileSync(file, JSON.stringify(meta, null, 2));

    const delta = await until(
      'a runs.delta with the change',
      () =>
        eventsNamed(c.events, 'runs.delta').find((d) =>
          (d as { changed: { run_id: string; status: string }[] }).changed.some(
            (r) => r.run_id === RUNNING && r.status === 'completed',
          ),
        ),
      15_000,
    );
    expect(delta).toBeTruthy();
    await until('run.finished', () =>
      eventsNamed(c.events, 'run.finished').find((f) => (f as { run_id: string }).run_id === RUNNING),
    );
    expect(
      (await c.call('run.unwatch', { subscription: (watch as { value: { subscription: string } }).value.subscription }))
        .ok,
    ).toBe(true);
    c.close();
  });
});

describe('runyard serve --read-only', () => {
  it('refuses every request that changes something, and still answers reads', async () => {
    const dir = sampleRuns();
    const s = await serve(dir, ['--read-only']);
    try {
      expect(s.stdout()).toMatch(/read-only/);
      const c = await connect(wsUrl(s));
      const before = fs.readFileSync(path.join(dir, COMPLETED, 'metadata.json'), 'utf8');
      const attempts = await Promise.all([
        c.call('run.edit', { run_id: COMPLETED, description: 'changed' }),
        c.call('run.resume', { run_id: COMPLETED }),
        c.call('settings.set', { theme: 'dark' }),
        c.call('index.repair', {}),
        c.call('prune.execute', { policy: { keep: 0 }, expect: [COMPLETED], operation: 'op1' }),
        c.call('trash.empty', {}),
        c.call('dir.createDemo', { dir: path.join(tempDir(), 'demo') }),
        c.call('resume.launch', { run_id: COMPLETED }),
      ]);
      for (const r of attempts)
        expect(r).toMatchObject({
          ok: false,
          error: { code: 'read-only', message: expect.stringMatching(/read-only/) },
        });
      expect(fs.readFileSync(path.join(dir, COMPLETED, 'metadata.json'), 'utf8')).toBe(before);
      expect(fs.readdirSync(dir).filter((n) => !n.startsWith('.') && n !== 'current')).toHaveLength(12);
      expect(await c.call('run.get', { run_id: COMPLETED })).toMatchObject({
        ok: true,
        value: { run: { run_id: COMPLETED } },
      });
      expect(await c.call('app.info', {})).toMatchObject({ ok: true, value: { readOnly: true } });
      c.close();
    } finally {
      await s.stop();
    }
  });
});

describe('runyard serve lifecycle', () => {
  it('warns when told to listen beyond loopback', async () => {
    const s = await serve(sampleRuns(), ['--host', '0.0.0.0']);
    try {
      expect(s.stderr()).toMatch(/WARNING: listening on 0\.0\.0\.0, not loopback/);
    } finally {
      await s.stop();
    }
  });

  it('shuts down cleanly on SIGINT and SIGTERM, closing WebSocket clients', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const s = await serve(sampleRuns());
      const c = await connect(wsUrl(s));
      const closed = new Promise<number>((resolve) => c.ws.on('close', (code) => resolve(code)));
      expect(await s.stop(signal)).toBe(0);
      expect(await closed).toBe(1001);
      expect(s.stderr()).toMatch(new RegExp(`${signal}: shutting down`));
    }
  });

  it('--open hands its target to the OS opener as one argument, never to a shell', () => {
    // The target is the private page that leads to the URL (the token stays off the command line: security-http.test.ts).
    const target = '/run/user/1000/runyard-open-$(rm -rf ~)/open.html';
    expect(openerFor('linux', target, {})).toEqual({ cmd: 'xdg-open', args: [target] });
    expect(openerFor('darwin', target, {})).toEqual({ cmd: 'open', args: [target] });
    expect(openerFor('win32', target, {})).toEqual({ cmd: 'rundll32', args: ['url.dll,FileProtocolHandler', target] });
    expect(openerFor('linux', target, { RUNYARD_BROWSER: '/usr/bin/firefox' })).toEqual({
      cmd: '/usr/bin/firefox',
      args: [target],
    });
  });

  it('says so in one line when the runs folder does not exist', async () => {
    const missing = path.join(tempDir(), 'nope');
    await expect(serve(missing)).rejects.toThrow(/exited 1: runyard: there is no folder at .*nope\n$/);
  });
});

describe('the HTTP server in-process', () => {
  async function start(rendererDir: string) {
    const { Backend } = await import('../../electron/api/backend');
    const { SettingsStore } = await import('../../electron/api/settings-store');
    const { startServer } = await import('../../electron/server/http-server');
    const backend = new Backend({
      transport: 'websocket',
      settings: new SettingsStore(tempDir()),
      log: () => undefined,
    });
    return startServer({ backend, token: 't'.repeat(64), host: '127.0.0.1', port: 0, rendererDir });
  }

  it('explains how to build the UI when dist/renderer is missing', async () => {
    const server = await start(path.join(tempDir(), 'no-renderer'));
    try {
      const r = await get(server.url);
      expect(r.status).toBe(200);
      expect(r.body).toContain('npm run build');
    } finally {
      await server.close();
    }
  });

  it("serves the built UI's files and nothing outside them", async () => {
    const root = tempDir();
    const ui = path.join(root, 'renderer');
    fs.mkdirSync(path.join(ui, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>Runyard UI</title>');
    fs.writeFileSync(path.join(ui, 'assets', 'app-123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(root, 'secret.txt'), 'top secret');
    const server = await start(ui);
    const base = `http://127.0.0.1:${server.port}`;
    try {
      const js = await get(`${base}/assets/app-123.js`);
      expect(js).toMatchObject({ status: 200, body: 'console.log(1)' });
      expect(js.headers['content-type']).toMatch(/javascript/);
      expect((await get(`${base}/assets/missing.js`)).status).toBe(404);
      // Client-side routes get the app page.
      expect((await get(`${base}/runs/abc`)).body).toContain('Runyard UI');
      for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
        expect((await get(`${base}${p}`)).body, p).not.toContain('top secret');
      }
      const post = await new Promise<number>((resolve) => {
        const req = http.request(`${base}/`, { method: 'POST' }, (res) => resolve(res.statusCode!));
        req.end('x');
      });
      expect(post).toBe(405);
    } finally {
      await server.close();
    }
  });
});
