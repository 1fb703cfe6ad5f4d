// A raw HTTP/1.1 client over net.Socket: the bytes go out exactly as written, so nothing
// normalises a malformed request line, header or target on the way to the server.
import net from 'node:net';

export interface RawAnswer {
  /** null: no status line came back before the socket closed or the time ran out. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** The socket was closed by the server (not by our timeout). */
  closed: boolean;
}

/** Sends `bytes`, reads the first response (head and Content-Length body), then closes. */
export function raw(port: number, bytes: string | Buffer, timeoutMs = 5000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const text = buf.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const head = end < 0 ? text : text.slice(0, end);
      const [line, ...lines] = head.split('\r\n');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(line ?? '');
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      resolve({ status: m ? Number(m[1]) : null, headers, body: end < 0 ? '' : text.slice(end + 4), closed });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      const text = buf.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const len = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, end));
      // A 101 has no body; a response with a length is whole once the body is in.
      if (/^HTTP\/1\.1 101/.test(text) || (len && buf.length >= end + 4 + Number(len[1]))) finish(false);
    });
    sock.on('error', () => finish(true));
    sock.on('close', () => finish(true));
    sock.on('connect', () => sock.write(bytes));
  });
}

/** A request from lines; `\r\n` between them and the blank line after are added. */
export const request = (...lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;

/** The headers of a WebSocket handshake that ws would accept. */
export const WS_HEADERS = [
  'Connection: Upgrade',
  'Upgrade: websocket',
  'Sec-WebSocket-Version: 13',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
];
