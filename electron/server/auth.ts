// Who may talk to `runyard serve`: whoever holds the random token printed at start-up,
// from a page of our own origin. The token travels in the URL (`?token=`) or in the
// HttpOnly cookie set when the page was loaded with it, so the UI's scripts and styles
// load without the token in every asset URL.
//
// Everything here reads what a client sent and must be total: a request that cannot be
// parsed is refused by the caller, never thrown out of a request handler (an exception
// there used to end the whole process).
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return crypto.randomBytes(32).toString('hex');
}

/**
 * The cookie's name for one serve. Browsers keep cookies per host name, not per port, so
 * a fixed name was overwritten by a second serve on the same machine (other port or
 * folder) and collided with anything else on 127.0.0.1. The name is derived from the
 * port and the folder: two serves never share it, and a restart of the same serve
 * replaces its own stale cookie instead of piling up new ones.
 */
export function cookieName(port: number, dir: string): string {
  const id = crypto.createHash('sha256').update(`${port}\0${dir}`).digest('hex').slice(0, 16);
  return `runyard_${port}_${id}`;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * Path and query of an origin-form request target (`/path?query`), or null for anything
 * else: absolute-form (`http://host/`, we are no proxy), authority-form (CONNECT), `*`,
 * or characters a browser never sends. The target is appended to a fixed origin rather
 * than resolved against it, so `//x` is the path `//x`, not the host `x`.
 */
export function requestUrl(req: IncomingMessage): URL | null {
  const target = req.url ?? '';
  // eslint-disable-next-line no-control-regex
  if (!target.startsWith('/') || target.length > 8192 || /[\u0000-\u0020\u007f-\uffff\\]/.test(target)) return null;
  try {
    return new URL(`http://runyard.invalid${target}`);
  } catch {
    return null;
  }
}

/** Values of the cookie `name`, raw: the token is hex and never needs decoding. */
function cookieValues(req: IncomingMessage, name: string): string[] {
  const header = req.headers.cookie;
  if (typeof header !== 'string' || !name) return [];
  const out: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) out.push(part.slice(eq + 1).trim());
  }
  return out;
}

/**
 * How the request proved it has the token, if it did. A query with more than one
 * `token` proves nothing (which one counts would depend on who reads the URL); the
 * cookie still may, as it does for a page whose URL holds a token of an earlier start.
 */
export function tokenSource(url: URL, req: IncomingMessage, token: string, cookie: string): 'query' | 'cookie' | null {
  const given = url.searchParams.getAll('token');
  if (given.length === 1 && sameSecret(given[0]!, token)) return 'query';
  if (cookieValues(req, cookie).some((v) => sameSecret(v, token))) return 'cookie';
  return null;
}

export function tokenCookie(name: string, token: string): string {
  return `${name}=${token}; HttpOnly; SameSite=Strict; Path=/`;
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
