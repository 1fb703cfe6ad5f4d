// The contract over a byte stream: one Session, one JSON WireMessage per line both ways
// (JSON.stringify never leaves a raw line break inside a message). This is what the
// workstation talks to over an ssh channel (`runyard serve --stdio`, electron/remote/).
// Like ws-transport.ts it only carries; a line that is no request is answered with a
// typed error when it has an id, and dropped otherwise.
import type { Readable, Writable } from 'node:stream';
import type { WireMessage } from '../../shared/api/client';
import { fail } from '../../shared/api/result';
import type { Backend } from '../api/backend';

const MAX_LINE = 1024 * 1024;

export class StdioTransport {
  private buffered = '';
  private readonly session;
  readonly closed: Promise<void>;

  constructor(
    private readonly backend: Backend,
    input: Readable,
    private readonly output: Writable,
  ) {
    this.session = backend.openSession((event, payload) => this.send({ type: 'event', event, payload }));
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => this.take(chunk));
    this.closed = new Promise((resolve) => {
      const end = () => {
        backend.closeSession(this.session);
        resolve();
      };
      input.once('end', end);
      input.once('close', end);
      output.once('error', end);
    });
  }

  private send(msg: WireMessage): void {
    let text: string;
    try {
      text = JSON.stringify(msg);
    } catch (e) {
      if (msg.type !== 'response') return;
      text = JSON.stringify({
        type: 'response',
        id: msg.id,
        result: fail('internal', `the answer could not be sent: ${(e as Error).message}`),
      });
    }
    this.output.write(`${text}\n`);
  }

  private take(chunk: string): void {
    this.buffered += chunk;
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 1);
      this.line(line);
    }
    // A line without end would grow without bound; it is no request of ours.
    if (this.buffered.length > MAX_LINE) this.buffered = '';
  }

  private line(text: string): void {
    if (!text.trim()) return;
    let msg: Partial<Extract<WireMessage, { type: 'request' }>> | null;
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    const id = msg && typeof msg === 'object' && typeof msg.id === 'number' ? msg.id : null;
    if (id === null) return;
    if (msg!.type !== 'request' || typeof msg!.method !== 'string') {
      this.send({
        type: 'response',
        id,
        result: fail('invalid', 'a request line needs type "request", a numeric id and a method'),
      });
      return;
    }
    void this.backend
      .request(this.session, msg!.method, msg!.params)
      .then((result) => this.send({ type: 'response', id, result }));
  }
}
