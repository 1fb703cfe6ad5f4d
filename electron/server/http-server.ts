// `runyard serve`'s HTTP server: the built UI (public code, no token needed) and what
// carries data — the /api WebSocket and the page's token check at GET /api — behind the
// token; all of it behind a Host check, with security headers on every response and
// Origin checked on upgrades. No cookie is ever set or read (see auth.ts). No request may end the process: both paths are total (a request that cannot
// be parsed is a 4xx) and wrapped, and what Node's own parser rejects is answered too.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Backend } from '../api/backend';
import { bearerHasToken, originAllowed, queryHasToken, requestUrl } from './auth';
import { securityHeaders, writeRaw } from './headers';
import { hostChecker } from './host-check';
import { acceptsGzip, gzipBody, hasBuild, NO_BUILD_PAGE, staticFile } from './static-files';
import { WsTransport } from './ws-transport';

export const API_PATH = '/api';

export interface ServerOptions {
  backend: Backend;
  token: string;
  host: string;
  port: number;
  rendererDir: string;
  /** Told of trouble that costs a connection but not the server (say, out of file descriptors). */
  onWarning?: (message: string) => void;
}

export interface RunningServer {
  host: string;
  port: number;
  /** The URL to open, token included. */
  url: string;
  close(): Promise<void>;
}

export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

interface Refusal {
  status: number;
  body: string;
  extra?: Record<string, string>;
}

const NEEDS_TOKEN =
  'Runyard needs the token (Authorization: Bearer …): open the full address that `runyard serve` printed (it ends in ?token=…).\n';

/** What every request, page or upgrade, must pass before anything else is looked at. */
function checkRequest(req: IncomingMessage, hostOk: (h: string | undefined) => boolean): { url: URL } | Refusal {
  let hosts = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') hosts++;
  if (hosts !== 1) return { status: 400, body: 'a request needs exactly one Host header\n' };
  if (!hostOk(req.headers.host))
    return {
      status: 421,
      body: 'this server does not answer to that host name; open the address `runyard serve` printed\n',
    };
  const url = requestUrl(req);
  if (!url) return { status: 400, body: 'malformed request target\n' };
  return { url };
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const ws = new WsTransport(opts.backend);
  const hostOk = hostChecker(opts.host);

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const send = (
      status: number,
      type: string,
      body: string | Buffer,
      extra: Record<string, string> = {},
      wsHost: string | null = null,
    ) => {
      res.writeHead(status, {
        ...securityHeaders(wsHost),
        'Content-Type': type,
        'Content-Length': String(Buffer.byteLength(body)),
        ...extra,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const refuse = (r: Refusal) => send(r.status, 'text/plain; charset=utf-8', r.body, r.extra);
    const checked = checkRequest(req, hostOk);
    if (!('url' in checked)) return refuse(checked);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return refuse({
        status: 405,
        body: 'Only GET is served here; the API is the WebSocket at /api.\n',
        extra: { Allow: 'GET, HEAD' },
      });
    const pathname = checked.url.pathname;
    // The page asks here whether its token is good (a refused upgrade's status is hidden
    // from scripts). In a header, not the URL: HTTP URLs end up in logs and histories.
    if (pathname === API_PATH) {
      if (!bearerHasToken(req, opts.token))
        return refuse({ status: 401, body: NEEDS_TOKEN, extra: { 'WWW-Authenticate': 'Bearer' } });
      res.writeHead(204, securityHeaders());
      return res.end();
    }
    // The Host passed the check, so it may stand in the CSP as where the WebSocket is.
    const wsHost = req.headers.host!;
    if (!hasBuild(opts.rendererDir)) return send(200, 'text/html; charset=utf-8', NO_BUILD_PAGE, {}, wsHost);
    const file = staticFile(opts.rendererDir, pathname);
    if (!file) return send(404, 'text/plain; charset=utf-8', 'not found\n', {}, wsHost);
    const cache: Record<string, string> = file.immutable
      ? { 'Cache-Control': 'private, max-age=31536000, immutable' }
      : {};
    const gz = gzipBody(file);
    if (gz && acceptsGzip(req.headers['accept-encoding']))
      send(200, file.type, gz, { ...cache, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' }, wsHost);
    else send(200, file.type, file.body, { ...cache, ...(gz ? { Vary: 'Accept-Encoding' } : {}) }, wsHost);
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (r: Refusal) => writeRaw(socket, r.status, r.body, r.extra);
    const checked = checkRequest(req, hostOk);
    if (!('url' in checked)) return refuse(checked);
    if (checked.url.pathname !== API_PATH) return refuse({ status: 404, body: 'the API is at /api\n' });
    if (!queryHasToken(checked.url, opts.token)) return refuse({ status: 401, body: 'missing or wrong token\n' });
    if (!originAllowed(req)) return refuse({ status: 403, body: "the Origin is not this server's\n" });
    if (req.method !== 'GET')
      return refuse({ status: 405, body: 'a WebSocket upgrade is a GET\n', extra: { Allow: 'GET' } });
    // The rest of the handshake (key, version, protocols) is ws's; its refusals come back through writeRaw too.
    ws.upgrade(req, socket, head);
  };

  // requireHostHeader off: Node's own 400 for a missing Host has none of our headers; checkRequest answers it.
  const server = http.createServer({ requireHostHeader: false }, (req, res) => {
    try {
      handle(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    }
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      upgrade(req, socket, head);
    } catch {
      writeRaw(socket, 500, 'internal error\n');
    }
  });
  // No listener would mean Node drops the connection without a word; we are no proxy.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    writeRaw(socket, 405, 'CONNECT is not served here\n', { Allow: 'GET, HEAD' });
  });
  // What Node's parser refuses (bad request line, NUL bytes, huge headers, bad methods).
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const answering = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (err.code === 'ECONNRESET' || answering) return socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    writeRaw(socket, status, 'malformed request\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Once listening, an error is an accept() that failed: without a listener it would end
  // the process, and the next accept may work. (libuv sheds EMFILE floods itself: 100
  // connections against a descriptor limit 10 above serve's own use reached no error.)
  let warned = 0;
  server.on('error', (e: NodeJS.ErrnoException) => {
    if (Date.now() - warned < 10_000) return;
    warned = Date.now();
    opts.onWarning?.(`a connection could not be accepted (${e.code ?? e.message}); still serving`);
  });
  const addr = server.address() as AddressInfo;
  let closing: Promise<void> | null = null;
  return {
    host: addr.address,
    port: addr.port,
    url: `http://${urlHost(opts.host)}:${addr.port}/?token=${opts.token}`,
    close: () => {
      closing ??= (async () => {
        await ws.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await opts.backend.close();
      })();
      return closing;
    },
  };
}
