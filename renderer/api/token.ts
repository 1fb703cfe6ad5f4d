// `runyard serve` prints a URL with ?token=…; the token is also kept in sessionStorage
// so a reload of a URL without it (or a token typed on the "wrong token" screen) works.
const KEY = 'runyard.token';

export function readToken(loc: Location = window.location, storage: Storage = window.sessionStorage): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try { storage.setItem(KEY, fromUrl); } catch { /* private mode: the URL still has it */ }
    return fromUrl;
  }
  try { return storage.getItem(KEY); } catch { return null; }
}

export function saveToken(token: string, storage: Storage = window.sessionStorage): void {
  try { storage.setItem(KEY, token); } catch { /* ignore */ }
}

/** The WebSocket endpoint for this page: same origin, ws(s), path /api; the compact wire (shared/api/wire-pack.ts). */
export function socketUrl(token: string | null, loc: Location = window.location): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  const q = token ? `?token=${encodeURIComponent(token)}&wire=compact` : '?wire=compact';
  return `${scheme}//${loc.host}/api${q}`;
}
