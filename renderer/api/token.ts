// `runyard serve` prints a URL with ?token=…. The page takes the token from the address
// once, keeps it in this origin's storage, and takes it off the address bar, so it is in
// no history entry, bookmark or copied link. Storage is per origin, i.e. per port: two
// serves never see each other's token, and no other service on the machine gets it (a
// cookie would go to every port of the host). A page opened without the token (a copied
// link, a reload, a new tab) uses the stored one; only the WebSocket URL and the token
// check's header ever carry it back, to this server.
const KEY = 'runyard.token';

type Store = Pick<Storage, 'getItem' | 'setItem'>;

export interface TokenPlace {
  loc: Pick<Location, 'href'>;
  history: Pick<History, 'replaceState' | 'state'>;
  /** localStorage first: it holds the newest token given on this origin (a restarted serve's), from any tab. */
  stores: () => Store[];
}

const browserPlace = (): TokenPlace => ({
  loc: window.location,
  history: window.history,
  stores: () => {
    const out: Store[] = [];
    // Either may be missing or throw (storage switched off): the token is then kept in memory.
    try {
      out.push(window.localStorage);
    } catch {
      /* none */
    }
    try {
      out.push(window.sessionStorage);
    } catch {
      /* none */
    }
    return out;
  },
});

let memory: string | null = null;
let taken = false;

/** The address without its `token` parameters; everything else (path, other parameters, hash) exactly as it was. */
export function withoutToken(href: string): string {
  const url = new URL(href);
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((part) => {
      if (!part) return false;
      const name = part.split('=')[0]!.replace(/\+/g, ' ');
      try {
        return decodeURIComponent(name) !== 'token';
      } catch {
        return true;
      }
    });
  return `${url.origin}${url.pathname}${kept.length ? `?${kept.join('&')}` : ''}${url.hash}`;
}

/** Moves ?token= from the address into storage, once per page; later calls do nothing. */
export function takeTokenFromUrl(place: TokenPlace = browserPlace()): void {
  if (taken) return;
  taken = true;
  const url = new URL(place.loc.href);
  if (!url.searchParams.has('token')) return;
  const given = url.searchParams.get('token');
  if (given) saveToken(given, place);
  try {
    place.history.replaceState(place.history.state, '', withoutToken(place.loc.href));
  } catch {
    /* an address the page may not rewrite: it keeps the token, the app still works */
  }
}

/** The token to offer the server: from the address once, else the stored one. */
export function readToken(place: TokenPlace = browserPlace()): string | null {
  takeTokenFromUrl(place);
  for (const s of place.stores()) {
    try {
      const t = s.getItem(KEY);
      if (t) return t;
    } catch {
      /* next */
    }
  }
  return memory;
}

/** Keeps the token for this origin; false when no storage took it (it then lasts as long as the page). */
export function saveToken(token: string, place: TokenPlace = browserPlace()): boolean {
  memory = token;
  let saved = false;
  for (const s of place.stores()) {
    try {
      s.setItem(KEY, token);
      saved = true;
    } catch {
      /* next */
    }
  }
  return saved;
}

/** For tests: forget that the address was read and what was kept in memory. */
export function resetTokenForTests(): void {
  taken = false;
  memory = null;
}

/** The WebSocket endpoint for this page: same origin, ws(s), path /api; the compact wire (shared/api/wire-pack.ts). */
export function socketUrl(token: string | null, loc: Location = window.location): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  const q = token ? `?token=${encodeURIComponent(token)}&wire=compact` : '?wire=compact';
  return `${scheme}//${loc.host}/api${q}`;
}
