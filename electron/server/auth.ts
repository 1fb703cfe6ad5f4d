// Who may talk to `runyard serve`: whoever holds the random token printed at start-up,
// from a page of our own origin. The token travels in the URL (`?token=`) or in the
// HttpOnly cookie set when the page was loaded with it, so the UI's scripts and styles
// load without the token in every asset URL.
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE = 'runyard_token';

export function newToken(): string {
  return crypto.randomBytes(32).toString('hex');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export function requestUrl(req: IncomingMessage): URL {
  // The host part is irrelevant here; only path and query are read.
  return new URL(req.url ?? '/', 'http://runyard.invalid');
}

function cookieValue(req: IncomingMessage, name: string): string[] {
  const header = req.headers.cookie ?? '';
  return header.split(';').map((c) => c.trim()).filter((c) => c.startsWith(`${name}=`)).map((c) => decodeURIComponent(c.slice(name.length + 1)));
}

/** How the request proved it has the token, if it did. */
export function tokenSource(req: IncomingMessage, token: string): 'query' | 'cookie' | null {
  const q = requestUrl(req).searchParams.get('token');
  if (q !== null && sameSecret(q, token)) return 'query';
  if (cookieValue(req, COOKIE).some((v) => sameSecret(v, token))) return 'cookie';
  return null;
}

export function tokenCookie(token: string): string {
  return `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/**
 * A browser always sends Origin on a WebSocket upgrade; it must be the origin the page
 * came from, i.e. the Host it used to reach us (through an SSH tunnel that is the local
 * end's host and port). Non-browser clients send none and still need the token.
 */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  if (!host) return false;
  try {
    const o = new URL(origin);
    return (o.protocol === 'http:' || o.protocol === 'https:') && o.host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

/** Host header as it may appear in our CSP, or null when it has odd characters. */
export function cspHost(req: IncomingMessage): string | null {
  const host = req.headers.host ?? '';
  return /^[A-Za-z0-9.\-[\]:]{1,260}$/.test(host) ? host : null;
}
