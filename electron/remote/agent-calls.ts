// The requests in flight on one agent connection and the lines that answer them: each
// request gets an id, each answer settles the request with that id, and an event goes
// to whoever listens. What the agent sends that fits no request is reported, a few per
// connection, and a request whose answer cannot be read fails rather than waits.
import type { Writable } from 'node:stream';
import { fail, type ApiResult } from '../../shared/api/result';
import { readAgentLine } from './agent-wire';

type Pending = (result: ApiResult<unknown>) => void;

export interface AgentCallsSink {
  event(name: string, payload: unknown): void;
  /** A line for the user: something the agent sent was ignored. */
  report(line: string): void;
}

/** Reported per connection at most: a flood of bad lines must not flood the log. */
const MAX_REPORTS = 5;

export class AgentCalls {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private reports = 0;

  constructor(
    private readonly label: string,
    private readonly sink: AgentCallsSink,
  ) {}

  send(stdin: Writable, method: string, params: unknown): Promise<ApiResult<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      stdin.write(`${JSON.stringify({ type: 'request', id, method, params })}\n`);
    });
  }

  /** One line from the agent. */
  take(line: string): void {
    const msg = readAgentLine(line);
    if ('bad' in msg) {
      const resolve = this.pending.get(msg.id ?? 0);
      this.pending.delete(msg.id ?? 0);
      resolve?.(fail('io', `the agent on ${this.label} sent ${msg.bad}`));
      return this.ignored(msg.bad);
    }
    if (msg.type === 'response') {
      const resolve = this.pending.get(msg.id);
      if (!resolve) return this.ignored(`an answer to no request in flight (id ${msg.id})`);
      this.pending.delete(msg.id);
      resolve(msg.result);
      return;
    }
    try {
      this.sink.event(msg.event, msg.payload);
    } catch (e) {
      // What reads events trusts their fields; a shape the checks let by must not end the backend.
      this.ignored(`a ${msg.event} event that could not be used (${(e as Error).message})`);
    }
  }

  /** The connection ended: every request still waiting fails, and a new connection may report afresh. */
  failAll(why: string): void {
    for (const [id, resolve] of this.pending) {
      this.pending.delete(id);
      resolve(fail('io', `${why} (${this.label}); the request may or may not have been done there`));
    }
    this.reports = 0;
  }

  private ignored(why: string): void {
    if (++this.reports > MAX_REPORTS) return;
    const more = this.reports === MAX_REPORTS ? ' (further ones are not reported)' : '';
    this.sink.report(`runyard: ignored a message from the agent on ${this.label}: ${why}${more}`);
  }
}
