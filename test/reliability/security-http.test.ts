// `runyard serve`'s HTTP and WebSocket front, attacked from the network side: malformed
// requests on both paths (sent raw, so nothing tidies them up), foreign Host headers
// (DNS rebinding), the token cookie among several serves, the security headers on every
// refusal, `--open` and `--host ""`. Serve runs as a real child process, so a request
// that ended it would be seen.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../shared/csp';
import { connect, serve, until, type Served } from '../helpers/api';
import { FIXTURE_TGZ } from '../helpers/dirs';
import { hasChromium, launchBrowser } from '../e2e/harness';
import { raw, request, WS_HEADERS, type RawAnswer } from '../helpers/raw-http';
import { recordFigures, runyard } from './support';

const figures: Record<string, unknown> = {};
const made: string[] = [];
afterAll(() => {
  recordFigures('security-http', figures);
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** A sample runs folder that lives as long as this file (tempDir's go after each test). */
function runsFolder(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'runyard-sechttp-'));
  made.push(d);
  execFileSync('tar', ['xzf', FIXTURE_TGZ, '-C', d]);
  return path.join(d, 'sample-runs');
}

const alive = (s: Served) => s.child.exitCode === null && s.child.signalCode === null;

/** The headers every answer must carry, errors and raw upgrade refusals included. */
function expectSecurityHeaders(r: RawAnswer, label: string, wsHost: string | null = null): void {
  // The WebSocket's host is added to the CSP only once the Host header has been accepted.
  expect([contentSecurityPolicy({ wsHost: null }), ...(wsHost ? [contentSecurityPolicy({ wsHost })] : [])], label).toContain(r.headers['content-security-policy']);
  expect(r.headers['content-security-policy'], label).toContain("frame-ancestors 'none'");
  expect(r.headers['x-content-type-options'], label).toBe('nosniff');
  expect(r.headers['x-frame-options'], label).toBe('DENY');
  expect(r.headers['cache-control'], label).toBe('no-store');
  expect(r.headers['referrer-policy'], label).toBe('no-referrer');
}

interface Variant {
  label: string;
  bytes: string | Buffer;
  status: number;
}

/** Sends the variants a few at a time; each must get its 4xx with the headers. */
async function sendAll(port: number, variants: Variant[]): Promise<Map<number, number>> {
  const wsHost = `127.0.0.1:${port}`;
  const seen = new Map<number, number>();
  for (let i = 0; i < variants.length; i += 6) {
    const batch = variants.slice(i, i + 6);
    const answers = await Promise.all(batch.map((v) => raw(port, v.bytes)));
    batch.forEach((v, j) => {
      const r = answers[j]!;
      expect(r.status, `${v.label}: ${JSON.stringify(r)}`).toBe(v.status);
      expectSecurityHeaders(r, v.label, wsHost);
      seen.set(r.status!, (seen.get(r.status!) ?? 0) + 1);
    });
  }
  return seen;
}

describe('runyard serve under malformed and hostile requests', () => {
  let s: Served;
  let H: string;
  let T: string;
  beforeAll(async () => {
    s = await serve(['--dir', runsFolder(), 'serve', '--port', '0']);
    H = `127.0.0.1:${s.port}`;
    T = s.token;
  });
  afterAll(async () => { await s?.stop(); });

  const get = (target: string, ...headers: string[]) => request(`GET ${target} HTTP/1.1`, `Host: ${H}`, ...headers);

  it('every malformed request on the plain HTTP path gets a 4xx with the security headers, and serve keeps serving', async () => {
    const http: Variant[] = [
      { label: 'GET // (no token)', bytes: get('//'), status: 401 },
      { label: 'malformed absolute URI', bytes: get('http://['), status: 400 },
      { label: 'absolute-form with the token', bytes: get(`http://${H}/?token=${T}`), status: 400 },
      { label: 'absolute-form to another host', bytes: get(`http://evil.example/?token=${T}`), status: 400 },
      { label: 'asterisk-form GET', bytes: get('*'), status: 400 },
      { label: 'OPTIONS *', bytes: request('OPTIONS * HTTP/1.1', `Host: ${H}`), status: 400 },
      { label: 'CONNECT', bytes: request(`CONNECT ${H} HTTP/1.1`, `Host: ${H}`), status: 405 },
      { label: 'NUL in the target', bytes: get(`/\0?token=${T}`), status: 400 },
      { label: 'NUL in a header value', bytes: get(`/?token=${T}`, 'X-A: a\0b'), status: 400 },
      { label: 'raw byte 0xff in the target', bytes: Buffer.from(get(`/\xff?token=${T}`), 'latin1'), status: 400 },
      { label: 'backslashes in the target', bytes: get(`/..\\..\\etc\\passwd?token=${T}`), status: 400 },
      { label: 'a 20 KB header', bytes: get(`/?token=${T}`, `X-Big: ${'a'.repeat(20_000)}`), status: 431 },
      { label: '3000 headers', bytes: get(`/?token=${T}`, ...Array.from({ length: 3000 }, (_, i) => `X-${i}: ${i}`)), status: 431 },
      { label: 'a 9 KB target', bytes: get(`/${'a'.repeat(9000)}?token=${T}`), status: 400 },
      { label: 'two Host headers', bytes: get(`/?token=${T}`, `Host: ${H}`), status: 400 },
      { label: 'two different Host headers', bytes: get(`/?token=${T}`, 'Host: evil.example'), status: 400 },
      { label: 'no Host (HTTP/1.1)', bytes: request(`GET /?token=${T} HTTP/1.1`), status: 400 },
      { label: 'no Host (HTTP/1.0)', bytes: request(`GET /?token=${T} HTTP/1.0`), status: 400 },
      { label: 'empty Host', bytes: request(`GET /?token=${T} HTTP/1.1`, 'Host: '), status: 421 },
      { label: 'Host with userinfo', bytes: request(`GET /?token=${T} HTTP/1.1`, `Host: ${H}@evil.example`), status: 421 },
      { label: 'Host port out of range', bytes: request(`GET /?token=${T} HTTP/1.1`, 'Host: 127.0.0.1:99999'), status: 421 },
      { label: 'Host [::1 unclosed', bytes: request(`GET /?token=${T} HTTP/1.1`, 'Host: [::1'), status: 421 },
      { label: 'invalid percent-encoding in the query, no token', bytes: get('/?x=%zz&token=%E0%A4%A'), status: 401 },
      { label: 'invalid percent-encoding in the path', bytes: get(`/%zz.js?token=${T}`), status: 404 },
      { label: 'token twice (same value)', bytes: get(`/?token=${T}&token=${T}`), status: 401 },
      { label: 'token twice (good, bad)', bytes: get(`/?token=${T}&token=x`), status: 401 },
      { label: 'token with a suffix', bytes: get(`/?token=${T}0`), status: 401 },
      { label: 'token in upper case', bytes: get(`/?token=${T.toUpperCase()}`), status: 401 },
      { label: 'cookie of invalid percent-encoding', bytes: get('/', 'Cookie: runyard_token=%zz; x=%; =%E0%A4%A; ;;'), status: 401 },
      { label: 'the old generic cookie name', bytes: get('/', `Cookie: runyard_token=${T}`), status: 401 },
      { label: '200 cookies in one 12 KB header', bytes: get('/', `Cookie: ${Array.from({ length: 200 }, (_, i) => `c${i}=${'%'.repeat(50)}`).join('; ')}`), status: 401 },
      { label: 'POST', bytes: request(`POST /?token=${T} HTTP/1.1`, `Host: ${H}`, 'Content-Length: 2', '', 'x'), status: 405 },
      { label: 'DELETE', bytes: request(`DELETE /?token=${T} HTTP/1.1`, `Host: ${H}`), status: 405 },
      { label: 'PROPFIND', bytes: request(`PROPFIND /?token=${T} HTTP/1.1`, `Host: ${H}`), status: 405 },
      { label: 'PURGE', bytes: request(`PURGE /?token=${T} HTTP/1.1`, `Host: ${H}`), status: 405 },
      { label: 'unknown method', bytes: request(`FOO /?token=${T} HTTP/1.1`, `Host: ${H}`), status: 400 },
      { label: 'lower-case method', bytes: request(`get /?token=${T} HTTP/1.1`, `Host: ${H}`), status: 400 },
      { label: 'HTTP/9.9', bytes: request(`GET /?token=${T} HTTP/9.9`, `Host: ${H}`), status: 400 },
      { label: 'HTTP/0.9 request line', bytes: `GET /?token=${T}\r\n\r\n`, status: 400 },
      { label: 'a TLS ClientHello', bytes: Buffer.from('160301020001000200030300000000000000000000', 'hex'), status: 400 },
      { label: 'a header line without a colon', bytes: get(`/?token=${T}`, 'NoColonHere'), status: 400 },
      { label: 'space before the colon', bytes: get(`/?token=${T}`, 'X-A : b'), status: 400 },
      { label: 'negative Content-Length', bytes: get(`/?token=${T}`, 'Content-Length: -1'), status: 400 },
      { label: 'Content-Length and Transfer-Encoding', bytes: get(`/?token=${T}`, 'Content-Length: 1', 'Transfer-Encoding: chunked'), status: 400 },
      { label: 'a missing asset with the token', bytes: get(`/assets/nope-${T.slice(0, 6)}.js?token=${T}`), status: 404 },
      { label: 'traversal to an asset outside', bytes: get(`/assets/%2e%2e/%2e%2e/package.json?token=${T}`), status: 404 },
    ];
    const seen = await sendAll(s.port, http);
    expect(alive(s)).toBe(true);
    const good = await raw(s.port, get(`/?token=${T}`));
    expect(good.status).toBe(200);
    figures.http_malformed_variants = http.length;
    figures.http_statuses = Object.fromEntries(seen);
  }, 60_000);

  it('every malformed or refused upgrade gets a 4xx written with the security headers, and serve keeps serving', async () => {
    const up = (target: string, ...headers: string[]) => request(`GET ${target} HTTP/1.1`, `Host: ${H}`, ...WS_HEADERS, ...headers);
    const upRaw = (line: string, ...headers: string[]) => request(line, ...WS_HEADERS, ...headers);
    const key = WS_HEADERS.filter((h) => !/^Sec-WebSocket-(Key|Version)/.test(h));
    const upgrade: Variant[] = [
      { label: 'GET // as an upgrade', bytes: up('//'), status: 404 },
      { label: 'GET // with the token', bytes: up(`//?token=${T}`), status: 404 },
      { label: 'malformed absolute URI', bytes: up('http://['), status: 400 },
      { label: 'absolute-form', bytes: up(`http://${H}/api?token=${T}`), status: 400 },
      { label: 'asterisk', bytes: up('*'), status: 400 },
      { label: 'cookie of invalid percent-encoding', bytes: up('/api', 'Cookie: runyard_token=%zz; a=%E0%A4%A'), status: 401 },
      { label: 'no token', bytes: up('/api'), status: 401 },
      { label: 'token twice', bytes: up(`/api?token=${T}&token=${T}`), status: 401 },
      { label: 'token of invalid percent-encoding', bytes: up('/api?token=%zz%'), status: 401 },
      { label: 'the old generic cookie name', bytes: up('/api', `Cookie: runyard_token=${T}`), status: 401 },
      { label: 'Host evil.example', bytes: upRaw(`GET /api?token=${T} HTTP/1.1`, 'Host: evil.example'), status: 421 },
      { label: 'rebinding name with the port', bytes: upRaw(`GET /api?token=${T} HTTP/1.1`, `Host: 127.0.0.1.nip.io:${s.port}`), status: 421 },
      { label: 'no Host', bytes: upRaw(`GET /api?token=${T} HTTP/1.1`), status: 400 },
      { label: 'two Host headers', bytes: up(`/api?token=${T}`, `Host: ${H}`), status: 400 },
      { label: 'foreign Origin', bytes: up(`/api?token=${T}`, 'Origin: http://evil.example'), status: 403 },
      { label: 'Origin null', bytes: up(`/api?token=${T}`, 'Origin: null'), status: 403 },
      { label: 'malformed Origin', bytes: up(`/api?token=${T}`, 'Origin: http://['), status: 403 },
      { label: 'Origin on another port', bytes: up(`/api?token=${T}`, `Origin: http://127.0.0.1:${s.port + 1}`), status: 403 },
      { label: 'POST upgrade', bytes: upRaw(`POST /api?token=${T} HTTP/1.1`, `Host: ${H}`), status: 405 },
      { label: 'PUT upgrade', bytes: upRaw(`PUT /api?token=${T} HTTP/1.1`, `Host: ${H}`), status: 405 },
      { label: 'CONNECT with Upgrade', bytes: upRaw(`CONNECT ${H} HTTP/1.1`, `Host: ${H}`), status: 405 },
      { label: 'Upgrade: h2c', bytes: request(`GET /api?token=${T} HTTP/1.1`, `Host: ${H}`, 'Connection: Upgrade', 'Upgrade: h2c', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='), status: 400 },
      { label: 'no Sec-WebSocket-Key', bytes: request(`GET /api?token=${T} HTTP/1.1`, `Host: ${H}`, ...key, 'Sec-WebSocket-Version: 13'), status: 400 },
      { label: 'bad Sec-WebSocket-Key', bytes: request(`GET /api?token=${T} HTTP/1.1`, `Host: ${H}`, ...key, 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: short'), status: 400 },
      { label: 'version 12', bytes: request(`GET /api?token=${T} HTTP/1.1`, `Host: ${H}`, ...key, 'Sec-WebSocket-Version: 12', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='), status: 400 },
      { label: 'no version', bytes: request(`GET /api?token=${T} HTTP/1.1`, `Host: ${H}`, ...key, 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='), status: 400 },
      { label: 'bad subprotocol list', bytes: up(`/api?token=${T}`, 'Sec-WebSocket-Protocol: a,,b'), status: 400 },
      { label: 'path /api%zz', bytes: up(`/api%zz?token=${T}`), status: 404 },
      { label: 'path /API', bytes: up(`/API?token=${T}`), status: 404 },
      { label: 'path /api/', bytes: up(`/api/?token=${T}`), status: 404 },
      { label: 'NUL in the target', bytes: up(`/api\0?token=${T}`), status: 400 },
      { label: 'backslash in the target', bytes: up(`/api\\?token=${T}`), status: 400 },
      { label: 'a 20 KB header', bytes: up(`/api?token=${T}`, `X-Big: ${'a'.repeat(20_000)}`), status: 431 },
      { label: 'raw byte 0xff in the target', bytes: Buffer.from(up(`/api\xff?token=${T}`), 'latin1'), status: 400 },
    ];
    const seen = await sendAll(s.port, upgrade);
    expect(alive(s)).toBe(true);
    const ws = await connect(`ws://${H}/api?token=${T}`, { headers: { origin: `http://${H}` } });
    expect((await ws.call('app.info', {})).ok).toBe(true);
    ws.close();
    figures.upgrade_malformed_variants = upgrade.length;
    figures.upgrade_statuses = Object.fromEntries(seen);
  }, 60_000);

  it('answers only the Host names it can be reached by: loopback names on any port (SSH tunnels), never a rebinding name', async () => {
    const page = (host: string | null) => raw(s.port, request(`GET /?token=${T} HTTP/1.1`, ...(host === null ? [] : [`Host: ${host}`])));
    const upgrade = (host: string | null) => raw(s.port, request(`GET /api?token=${T} HTTP/1.1`, ...(host === null ? [] : [`Host: ${host}`, `Origin: http://${host}`]), ...WS_HEADERS));
    const good = [H, `localhost:${s.port}`, 'localhost:9000', 'LOCALHOST:9000', '127.0.0.1', `127.0.0.2:${s.port}`, `[::1]:${s.port}`, 'localhost.'];
    const bad = ['evil.example', `evil.example:${s.port}`, `127.0.0.1.nip.io:${s.port}`, `localtest.me:${s.port}`, `localhost.evil.example:${s.port}`, `0.0.0.0:${s.port}`, `[::ffff:127.0.0.1]:${s.port}`, `${os.hostname()}.evil.example`, 'xn--80ak6aa92e.com', ''];
    for (const h of good) {
      expect((await page(h)).status, `page ${h}`).toBe(200);
      expect((await upgrade(h)).status, `upgrade ${h}`).toBe(101);
    }
    for (const h of bad) {
      for (const [what, r] of [['page', await page(h)], ['upgrade', await upgrade(h)]] as const) {
        expect(r.status, `${what} ${h}`).toBe(421);
        expectSecurityHeaders(r, `${what} ${h}`);
        expect(r.body, `${what} ${h}`).not.toContain(T);
      }
    }
    for (const r of [await page(null), await upgrade(null)]) {
      expect(r.status).toBe(400);
      expectSecurityHeaders(r, 'no Host');
    }
    expect(alive(s)).toBe(true);
    figures.host_names_allowed = good.length;
    figures.host_names_refused = bad.length + 1;
  }, 30_000);

  it('a good page keeps its cache rules: no-store for the page, long-lived only for hashed assets', async () => {
    const page = await raw(s.port, request(`GET /?token=${T} HTTP/1.1`, `Host: ${H}`));
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toBe(contentSecurityPolicy({ wsHost: H }));
    const asset = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    if (asset) {
      const a = await raw(s.port, request(`GET /${asset}?token=${T} HTTP/1.1`, `Host: ${H}`));
      expect(a.status).toBe(200);
      expect(a.headers['cache-control']).toMatch(/immutable/);
    }
  });
});

describe('the token cookie among several serves', () => {
  it('two serves on one machine, logged in from one cookie jar, each keep their own cookie; neither takes the other\'s', async () => {
    // A browser keeps cookies per host name, not per port: this jar does the same.
    const jar = new Map<string, string>();
    const dirA = runsFolder();
    const dirB = runsFolder();
    const load = async (s: Served, query = '') => {
      const r = await raw(s.port, request(`GET /${query} HTTP/1.1`, `Host: 127.0.0.1:${s.port}`, ...(jar.size ? [`Cookie: ${[...jar].map(([k, v]) => `${k}=${v}`).join('; ')}`] : [])));
      const set = r.headers['set-cookie'];
      if (set) {
        const [pair] = set.split(';');
        const eq = pair!.indexOf('=');
        jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
      }
      return { r, set };
    };
    const [first, b, c] = await Promise.all([serve(['--dir', dirA, 'serve', '--port', '0']), serve(['--dir', dirB, 'serve', '--port', '0']), serve(['--dir', dirA, 'serve', '--port', '0'])]);
    let a = first;
    try {
      const la = await load(a, `?token=${a.token}`);
      const lb = await load(b, `?token=${b.token}`);
      const lc = await load(c, `?token=${c.token}`);
      for (const l of [la, lb, lc]) {
        expect(l.r.status).toBe(200);
        expect(l.set).toMatch(/^runyard_\d+_[0-9a-f]{16}=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=\/$/);
      }
      const names = [la, lb, lc].map((l) => l.set!.split('=')[0]!);
      // Another folder and the same folder on another port: three names, no generic one.
      expect(new Set(names).size).toBe(3);
      expect(names).not.toContain('runyard_token');
      expect(jar.size).toBe(3);
      // Reloads without the token: each serve finds its own cookie in the shared jar.
      for (const s of [a, b, c]) expect((await load(s)).r.status, `reload ${s.port}`).toBe(200);
      for (const s of [a, b, c]) {
        const ws = await connect(`ws://127.0.0.1:${s.port}/api?wire=compact`, { headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), origin: `http://127.0.0.1:${s.port}` } });
        expect((await ws.call('app.info', {})).ok).toBe(true);
        ws.close();
      }
      // One serve's cookie, offered to the other under either name, lets nobody in.
      const only = (s: Served, name: string, value: string) => raw(s.port, request(`GET / HTTP/1.1`, `Host: 127.0.0.1:${s.port}`, `Cookie: ${name}=${value}`));
      expect((await only(b, names[0]!, a.token)).status).toBe(401);
      expect((await only(b, names[1]!, a.token)).status).toBe(401);
      expect((await only(a, names[2]!, c.token)).status).toBe(401);
      // The same serve started again (same port, same folder) replaces its stale cookie instead of adding one.
      const port = a.port;
      await a.stop();
      a = await serve(['--dir', dirA, 'serve', '--port', String(port)]);
      const again = await load(a, `?token=${a.token}`);
      expect(again.set!.split('=')[0]).toBe(names[0]);
      expect(jar.size).toBe(3);
      expect((await load(a)).r.status).toBe(200);
      figures.cookie_serves = 3;
    } finally {
      await Promise.all([a.stop(), b.stop(), c.stop()]);
    }
  }, 60_000);
});

describe('--open and --host', () => {
  it('--open never puts the token on a command line: the opener gets a private page that leads to the address', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'runyard-opener-'));
    made.push(work);
    const opener = path.join(work, 'fake-browser.sh');
    fs.writeFileSync(opener, `#!/bin/sh\ncat /proc/$$/cmdline | tr '\\0' '\\n' > "${work}/argv"\nstat -c '%a' "$1" > "${work}/mode"\nstat -c '%a' "$(dirname "$1")" > "${work}/dirmode"\ncp "$1" "${work}/page.html"\n`, { mode: 0o755 });
    const s = await serve(['--dir', runsFolder(), 'serve', '--port', '0', '--open'], { RUNYARD_BROWSER: opener, XDG_RUNTIME_DIR: work });
    try {
      await until(() => fs.existsSync(path.join(work, 'page.html')) && fs.readFileSync(path.join(work, 'page.html'), 'utf8').includes('</html>'), 'the fake browser to run', 10_000);
      const argv = fs.readFileSync(path.join(work, 'argv'), 'utf8').trim().split('\n');
      expect(argv.join(' ')).not.toContain(s.token);
      expect(argv.at(-1)).toMatch(/runyard-open-[^/]+\/open\.html$/);
      expect(fs.readFileSync(path.join(work, 'mode'), 'utf8').trim()).toBe('600');
      expect(fs.readFileSync(path.join(work, 'dirmode'), 'utf8').trim()).toBe('700');
      // Nor on serve's own command line.
      expect(fs.readFileSync(`/proc/${s.child.pid}/cmdline`, 'utf8')).not.toContain(s.token);
      const page = fs.readFileSync(path.join(work, 'page.html'), 'utf8');
      const target = /http-equiv="refresh" content="0;url=([^"]+)"/.exec(page)?.[1];
      expect(target).toBe(s.url);
      const followed = await raw(s.port, request(`GET ${new URL(target!).pathname}${new URL(target!).search} HTTP/1.1`, `Host: 127.0.0.1:${s.port}`));
      expect(followed.status).toBe(200);
      expect(followed.headers['set-cookie']).toMatch(/HttpOnly/);
      const page0 = argv.at(-1)!;
      expect(fs.existsSync(page0)).toBe(true);
      // A real browser opened on the page by its path lands on the app, logged in.
      if (hasChromium) {
        const browser = await launchBrowser();
        try {
          const tab = await browser.newPage();
          await tab.goto(pathToFileURL(page0).href);
          await tab.waitForURL((u) => u.origin === s.origin, { timeout: 15_000 });
          expect((await tab.context().cookies(s.origin)).map((c) => c.name)).toEqual([expect.stringMatching(new RegExp(`^runyard_${s.port}_`))]);
          figures.open_page_followed_by_chromium = true;
        } finally {
          await browser.close();
        }
      } else {
        process.stderr.write('SKIPPED (part): no Chromium, the redirect page was not opened in a browser\n');
      }
      await s.stop();
      // Gone with serve.
      expect(fs.existsSync(page0)).toBe(false);
    } finally {
      await s.stop();
    }
  }, 30_000);

  it('--host 0.0.0.0 answers this machine\'s own names and addresses, and still no rebinding name', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'runyard-opener-'));
    made.push(work);
    const opener = path.join(work, 'fake-browser.sh');
    fs.writeFileSync(opener, `#!/bin/sh\ncp "$1" "${work}/page.html"\n`, { mode: 0o755 });
    const s = await serve(['--dir', runsFolder(), 'serve', '--port', '0', '--host', '0.0.0.0', '--open'], { RUNYARD_BROWSER: opener, XDG_RUNTIME_DIR: work });
    try {
      // --open sends this machine's browser to an address the server answers (not 0.0.0.0).
      await until(() => fs.existsSync(path.join(work, 'page.html')) && fs.readFileSync(path.join(work, 'page.html'), 'utf8').includes('</html>'), 'the fake browser to run', 10_000);
      const target = new URL(/content="0;url=([^"]+)"/.exec(fs.readFileSync(path.join(work, 'page.html'), 'utf8'))![1]!);
      expect((await raw(s.port, request(`GET ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`))).status).toBe(200);
      const status = async (host: string) => (await raw(s.port, request(`GET /?token=${s.token} HTTP/1.1`, `Host: ${host}`))).status;
      const own = Object.values(os.networkInterfaces()).flat().filter((i) => i && i.family === 'IPv4').map((i) => `${i!.address}:${s.port}`);
      for (const h of [`${os.hostname()}:${s.port}`, `127.0.0.1:${s.port}`, 'localhost:9000', ...own]) expect(await status(h), h).toBe(200);
      for (const h of ['evil.example', `${os.hostname()}.evil.example:${s.port}`, `10.99.99.99:${s.port}`]) expect(await status(h), h).toBe(421);
    } finally {
      await s.stop();
    }
  }, 30_000);

  it('--host "" and a blank --host are usage errors, not "listen everywhere"', async () => {
    const hosts = ['', '   ', '\t', ' 127.0.0.1'];
    const dir = runsFolder();
    const runs = await Promise.all(hosts.map((host) => runyard(['--dir', dir, 'serve', '--port', '0', '--host', host], { timeoutMs: 10_000 })));
    for (const [i, host] of hosts.entries()) {
      const r = runs[i]!;
      expect(r.code, JSON.stringify(host)).toBe(2);
      expect(r.stderr.trim().split('\n'), JSON.stringify(host)).toHaveLength(1);
      expect(r.stderr, JSON.stringify(host)).toMatch(/^runyard: --host /);
      expect(r.stdout).not.toMatch(/Open:/);
    }
  }, 30_000);
});
