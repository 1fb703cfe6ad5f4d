// Runs folders on another machine, reached over SSH: `ssh://[user@]host[:port]/path`
// and the scp-like `[user@]host:path`, read as Git and scp read them. A host or user is
// handed to the user's ssh as an argument, so one that could be read as an option
// (`-oProxyCommand=…`) or that carries anything but host-name characters is refused
// here, before any process sees it.

export interface RemoteDir {
  user?: string;
  host: string;
  port?: number;
  /** The folder on the remote, as the remote sees it: absolute, or relative to the login folder (`~/runs` is `runs`). */
  path: string;
  /** How it was written, so that it is shown back the same way. */
  form: 'url' | 'scp';
}

export class RemoteDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RemoteDirError';
  }
}

const HOST_NAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;
const IPV6 = /^\[[0-9A-Fa-f:.]+(?:%[A-Za-z0-9_.-]+)?\]$/;
const USER = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;

/** True for what the user meant as a folder on this machine (`C:\runs`, `./a:b`, `/x:y`, `runs`). */
function looksLocal(text: string): boolean {
  if (/^[A-Za-z]:([\\/]|$)/.test(text)) return true;
  const colon = text.indexOf(':');
  if (colon < 0) return true;
  // scp's rule: a slash before the first colon makes it a local path; brackets hold an IPv6 host.
  const slash = text.search(/[\\/]/);
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    return close < 0 || text[close + 1] !== ':' || (slash >= 0 && slash < close);
  }
  return slash >= 0 && slash < colon;
}

function checkHost(host: string, given: string): string {
  if (!host) throw new RemoteDirError(`${given} names no host`);
  if (host.startsWith('-'))
    throw new RemoteDirError(`${given}: a host may not start with "-" (ssh would read it as an option)`);
  if (!HOST_NAME.test(host) && !IPV6.test(host))
    throw new RemoteDirError(`${given}: ${JSON.stringify(host)} is not a host name`);
  return host.startsWith('[') ? host.slice(1, -1) : host;
}

function checkUser(user: string | undefined, given: string): string | undefined {
  if (user === undefined) return undefined;
  if (!USER.test(user)) throw new RemoteDirError(`${given}: ${JSON.stringify(user)} is not a user name`);
  return user;
}

function checkPath(p: string, given: string): string {
  if (p === '' || p === '~' || p === '~/')
    throw new RemoteDirError(
      `${given} names no folder on the remote; add its path (${given.startsWith('ssh://') ? 'ssh://host/~/runs' : 'host:~/runs'})`,
    );
  // eslint-disable-next-line no-control-regex
  if (/[\u0000\n\r]/.test(p)) throw new RemoteDirError(`${given}: the remote path has a line break or NUL in it`);
  if (/^~[^/]/.test(p))
    throw new RemoteDirError(`${given}: ~user paths are not supported; write the folder's full path`);
  // The login shell starts in the home folder, so a path relative to it is the same folder.
  return p.startsWith('~/') ? p.slice(2) : p;
}

/** Splits `user@host` at its last "@" (a host has none, a user may not either; both are checked). */
function splitUser(authority: string): [string | undefined, string] {
  const at = authority.lastIndexOf('@');
  return at < 0 ? [undefined, authority] : [authority.slice(0, at), authority.slice(at + 1)];
}

/** The remote folder `text` names, or null for a local folder. Throws RemoteDirError for a remote one written wrong. */
export function parseRemoteDir(text: string): RemoteDir | null {
  if (/^ssh:\/\//i.test(text)) return parseUrl(text);
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text)) {
    throw new RemoteDirError(
      `${text}: only ssh:// folders can be reached (or host:path); ${text.slice(0, text.indexOf(':'))}:// is not supported`,
    );
  }
  if (looksLocal(text)) return null;
  const bracket = text.startsWith('[') || text.includes('@[');
  const colon = bracket ? text.indexOf(']:') + 1 : text.indexOf(':');
  const [user, host] = splitUser(text.slice(0, colon));
  return {
    user: checkUser(user, text),
    host: checkHost(host, text),
    path: checkPath(text.slice(colon + 1), text),
    form: 'scp',
  };
}

function parseUrl(text: string): RemoteDir {
  const rest = text.slice('ssh://'.length);
  const slash = rest.indexOf('/');
  if (slash < 0)
    throw new RemoteDirError(`${text} names no folder on the remote; add its path, such as ${text}/~/runs`);
  const [user, hostPort] = splitUser(rest.slice(0, slash));
  const m = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(hostPort)!;
  let port: number | undefined;
  if (m[2] !== undefined) {
    port = /^\d{1,5}$/.test(m[2]) ? Number(m[2]) : NaN;
    if (!(port >= 1 && port <= 65535))
      throw new RemoteDirError(`${text}: ${JSON.stringify(m[2])} is not a port number (1-65535)`);
  }
  // Git's convention: ssh://host/~/runs is relative to the home folder, ssh://host/srv/runs absolute.
  const raw = rest.slice(slash);
  const p = raw.startsWith('/~') ? raw.slice(1) : raw;
  return {
    user: checkUser(user, text),
    host: checkHost(m[1]!, text),
    ...(port ? { port } : {}),
    path: checkPath(p, text),
    form: 'url',
  };
}

export function isRemoteDir(text: string): boolean {
  try {
    return parseRemoteDir(text) !== null;
  } catch {
    return true;
  }
}

/** `user@host` as ssh takes it. */
export function sshDestination(r: RemoteDir): string {
  return r.user ? `${r.user}@${r.host}` : r.host;
}

/** The folder as the user would write it again. */
export function formatRemoteDir(r: RemoteDir): string {
  const host = r.host.includes(':') ? `[${r.host}]` : r.host;
  const who = r.user ? `${r.user}@${host}` : host;
  const rel = !r.path.startsWith('/');
  if (r.form === 'scp' && !r.port) return `${who}:${rel ? `~/${r.path}` : r.path}`;
  return `ssh://${who}${r.port ? `:${r.port}` : ''}${rel ? `/~/${r.path}` : r.path}`;
}
