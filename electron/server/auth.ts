// Who may talk to `runyard serve`'s data: whoever holds the random token printed at
// start-up, from a page of our own origin. The token travels only where the browser
// sends it to this server alone: in the WebSocket URL (`?token=`) and in the
// `Authorization` header of the page's token check. Never in a cookie: a cookie for
// 127.0.0.1 goes to every port of 127.0.0.1, i.e. to every other local service. The
// UI's static files carry no data and are served without it.
//
// Everything here reads what a client sent and must be total: a request that cannot be
// parsed is refused by the caller, never thrown out of a request handler (an exception
// there used to end the whole process).
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return crypto.randomBytes(32).toString('hex');
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

/**
 * Whether the URL's query holds the token. More than one `token` proves nothing (which
 * one counts would depend on who reads the URL). Cookies are never looked at: an old
 * `runyard_*` cookie is no credential.
 */
export function queryHasToken(url: URL, token: string): boolean {
  const given = url.searchParams.getAll('token');
  return given.length === 1 && sameSecret(given[0]!, token);
}

/**
 * Whether the request carries `Authorization: Bearer <token>`. Node keeps only the first
 * of repeated Authorization headers, so more than one proves nothing, as in the query.
 */
export function bearerHasToken(req: IncomingMessage, token: string): boolean {
  let count = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'authorization') count++;
  const m = count === 1 ? /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '') : null;
  return m !== null && sameSecret(m[1]!, token);
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
