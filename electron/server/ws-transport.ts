// The contract over a WebSocket: one Session per connection, WireMessage frames both
// ways. Malformed frames get a typed error when they carry an id and are dropped
// otherwise; a slow or dead client is dropped instead of buffering without end. It only
// carries: which request or event a frame holds is the backend's business (a big
// snapshot's streaming and the order of events are in electron/api/session.ts), and the
// compact wire is only an encoding of the same messages.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { WireMessage } from '../../shared/api/client';
import { fail } from '../../shared/api/result';
import { packMessage, WIRE_COMPACT } from '../../shared/api/wire-pack';
import type { Backend } from '../api/backend';
import { requestUrl } from './auth';
import { writeRaw } from './headers';

const MAX_FRAME = 1024 * 1024;
const MAX_BUFFERED = 32 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

export class WsTransport {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME, perMessageDeflate: false });
  private readonly heartbeat: NodeJS.Timeout;
  private readonly alive = new WeakMap<WebSocket, boolean>();

  constructor(private readonly backend: Backend) {
    this.wss.on('connection', (ws, req: IncomingMessage) =>
      this.connected(ws, requestUrl(req)?.searchParams.get('wire') === WIRE_COMPACT),
    );
    // A handshake ws refuses (bad key, version, protocols) is answered with our headers, not ws's bare ones.
    this.wss.on('wsClientError', (err: Error, socket: Duplex) =>
      writeRaw(socket, 400, `${err.message}\n`, { 'Sec-WebSocket-Version': '13' }),
    );
    // SSH tunnels and laptops that sleep leave half-open sockets; pings find them.
    this.heartbeat = setInterval(() => {
      for (const ws of this.wss.clients) {
        if (this.alive.get(ws) === false) ws.terminate();
        else {
          this.alive.set(ws, false);
          ws.ping();
        }
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  /** `compact`: the browser's wire, with run lists packed; it also takes big snapshots streamed. */
  private connected(ws: WebSocket, compact: boolean): void {
    this.alive.set(ws, true);
    ws.on('pong', () => this.alive.set(ws, true));
    // A big snapshot alone is tens of megabytes: events sent while it drains must not count
    // the client as too slow, so the allowance grows with the largest answer sent.
    let largest = 0;
    const send = (msg: WireMessage) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > Math.max(MAX_BUFFERED, 2 * largest)) {
        ws.close(1008, 'client too slow');
        return;
      }
      let text: string;
      try {
        text = JSON.stringify(compact ? packMessage(msg) : msg);
      } catch (e) {
        // A value JSON cannot carry must cost one request, not the server.
        if (msg.type !== 'response') return;
        text = JSON.stringify({
          type: 'response',
          id: msg.id,
          result: fail('internal', `the answer could not be sent: ${(e as Error).message}`),
        });
      }
      largest = Math.max(largest, text.length);
      ws.send(text);
    };
    const session = this.backend.openSession((event, payload) => send({ type: 'event', event, payload }), {
      streamSnapshots: compact,
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      let msg: Partial<Extract<WireMessage, { type: 'request' }>> | null = null;
      try {
        msg = isBinary ? null : JSON.parse(data.toString());
      } catch {
        msg = null;
      }
      const id = msg && typeof msg === 'object' && typeof msg.id === 'number' ? msg.id : null;
      if (id === null) return;
      if (msg!.type !== 'request' || typeof msg!.method !== 'string') {
        send({
          type: 'response',
          id,
          result: fail('invalid', 'a request frame needs type "request", a numeric id and a method'),
        });
        return;
      }
      void this.backend
        .request(session, msg!.method, msg!.params)
        .then((result) => send({ type: 'response', id, result }));
    });
    ws.on('close', () => this.backend.closeSession(session));
    ws.on('error', () => ws.terminate());
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const ws of this.wss.clients) ws.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    for (const ws of this.wss.clients) ws.terminate();
  }
}
