// `runyard serve`'s HTTP server: the built UI and the /api WebSocket, both behind the
// token, with security headers on every response and Origin checked on upgrades.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Backend } from '../api/backend';
import { originAllowed, requestUrl, tokenCookie, tokenSource } from './auth';
import { securityHeaders } from './headers';
import { acceptsGzip, gzipBody, hasBuild, NO_BUILD_PAGE, staticFile } from './static-files';
import { WsTransport } from './ws-transport';

export const API_PATH = '/api';

export interface ServerOptions {
  backend: Backend;
  token: string;
  host: string;
  port: number;
  rendererDir: string;
}

export interface RunningServer {
  host: string;
  port: number;
  /** The URL to open, token included. */
  url: string;
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404, why: string): void {
  const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(why)}\r\n\r\n${why}`);
}

export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const ws = new WsTransport(opts.backend);

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const headers = securityHeaders(req);
    const send = (status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) => {
      res.writeHead(status, { ...headers, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const source = tokenSource(req, opts.token);
    if (!source) {
      send(401, 'text/plain; charset=utf-8', 'Runyard needs the token: open the full address that `runyard serve` printed (it ends in ?token=…).\n', { 'Cache-Control': 'no-store' });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, 'text/plain; charset=utf-8', 'Only GET is served here; the API is the WebSocket at /api.\n', { Allow: 'GET, HEAD' });
      return;
    }
    const extra: Record<string, string> = source === 'query' ? { 'Set-Cookie': tokenCookie(opts.token) } : {};
    const pathname = requestUrl(req).pathname;
    if (!hasBuild(opts.rendererDir)) {
      send(200, 'text/html; charset=utf-8', NO_BUILD_PAGE, { ...extra, 'Cache-Control': 'no-store' });
      return;
    }
    const file = staticFile(opts.rendererDir, pathname);
    if (!file) {
      send(404, 'text/plain; charset=utf-8', `not found: ${pathname}\n`, extra);
      return;
    }
    const cache = { 'Cache-Control': file.immutable ? 'private, max-age=31536000, immutable' : 'no-store' };
    const gz = gzipBody(file);
    if (gz && acceptsGzip(req.headers['accept-encoding'])) send(200, file.type, gz, { ...extra, ...cache, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' });
    else send(200, file.type, file.body, { ...extra, ...cache, ...(gz ? { Vary: 'Accept-Encoding' } : {}) });
  };

  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`internal error: ${(e as Error).message}\n`);
    }
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (requestUrl(req).pathname !== API_PATH) return refuseUpgrade(socket, 404, 'the API is at /api\n');
    if (!tokenSource(req, opts.token)) return refuseUpgrade(socket, 401, 'missing or wrong token\n');
    if (!originAllowed(req)) return refuseUpgrade(socket, 403, `origin ${req.headers.origin} is not this server's\n`);
    ws.upgrade(req, socket, head);
  });
  server.on('clientError', (_e, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
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
