// Which Host headers `runyard serve` answers: the names it can be reached by, so that a
// DNS-rebinding page (evil.example resolving to 127.0.0.1 after it loaded) gets nothing.
// Rebinding needs a host name the attacker controls; a loopback name or an address
// literal cannot be rebound. The port is not checked: an SSH tunnel's local end may use
// another port than the served one (`ssh -L 9000:127.0.0.1:8642`), and the port says
// nothing about who resolved the name.
import net from 'node:net';
import os from 'node:os';

export interface HostName {
  /** Lower case; an IPv6 address without its brackets. */
  name: string;
  port: number | null;
}

/** `name`, `name:port`, `[v6]` or `[v6]:port`, or null for anything else. Never throws. */
export function parseHost(header: string | undefined): HostName | null {
  if (typeof header !== 'string' || header.length === 0 || header.length > 300) return null;
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+))(?::(\d{1,5}))?$/.exec(header);
  if (!m) return null;
  const port = m[3] === undefined ? null : Number(m[3]);
  if (port !== null && (port < 1 || port > 65535)) return null;
  if (m[1] !== undefined) return net.isIPv6(m[1]) ? { name: m[1].toLowerCase(), port } : null;
  const name = m[2]!.toLowerCase().replace(/\.$/, '');
  return name ? { name, port } : null;
}

const isLoopbackName = (name: string) =>
  name === 'localhost' || name === '::1' || (net.isIPv4(name) && name.startsWith('127.'));
const isWildcard = (host: string) => host === '0.0.0.0' || host === '::' || host === '';

/**
 * The check for one serve listening on `listenHost`:
 * - on loopback: localhost, 127.x.x.x and [::1], any port;
 * - on another address or name given with --host: that one, and loopback names (the
 *   machine itself may still reach it that way if it listens there);
 * - on every address (0.0.0.0, ::): loopback names, this machine's host name and the
 *   addresses of its interfaces.
 */
export function hostChecker(listenHost: string): (header: string | undefined) => boolean {
  const allowed = new Set<string>();
  const own = listenHost.toLowerCase().replace(/^\[|\]$/g, '');
  if (isWildcard(own)) {
    allowed.add(os.hostname().toLowerCase());
    for (const list of Object.values(os.networkInterfaces()))
      for (const i of list ?? []) allowed.add(i.address.toLowerCase().replace(/%.*$/, ''));
  } else {
    allowed.add(own);
  }
  return (header) => {
    const h = parseHost(header);
    return h !== null && (isLoopbackName(h.name) || allowed.has(h.name));
  };
}
