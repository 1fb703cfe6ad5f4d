// Security headers for every response of `runyard serve`, refusals and errors included,
// and those written raw to a socket (refused upgrades, requests Node could not parse).
// The CSP itself is shared with the desktop window (shared/csp.ts); only the
// WebSocket's host is added here, and only once the Host header has been accepted.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { contentSecurityPolicy } from '../../shared/csp';

export function securityHeaders(wsHost: string | null = null): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy({ wsHost }),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    // Hashed assets override this with their own; nothing else may be kept anywhere.
    'Cache-Control': 'no-store',
  };
}

/** A whole plain-text response on a socket that never became an HTTP exchange, then closed. */
export function writeRaw(socket: Duplex, status: number, body: string, extra: Record<string, string> = {}): void {
  if (socket.destroyed) return;
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const headers: Record<string, string> = {
    ...securityHeaders(),
    ...extra,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
  };
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  try {
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n${head}\r\n${body}`);
  } catch {
    socket.destroy();
  }
  // A client that never reads must not keep the socket (and its buffer) forever.
  setTimeout(() => socket.destroy(), 5000).unref();
}
