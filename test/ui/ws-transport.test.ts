import { afterEach, describe, expect, it, vi } from 'vitest';
import { wsTransport } from '../../renderer/api/wsTransport';
import type { ConnectionState } from '../../renderer/api/connection';

/** Just enough of a browser WebSocket to drive the transport by hand. */
class FakeSocket {
  static OPEN = 1;
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
    this.onclose?.({ code: 1000, reason: '' });
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  drop(code = 1006, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

afterEach(() => {
  FakeSocket.all = [];
  vi.useRealTimers();
});

function setup(probe: 'ok' | 'refused' | 'unknown' = 'ok', hasToken = true) {
  const states: ConnectionState['kind'][] = [];
  const t = wsTransport({
    url: () => 'ws://h/api?token=T',
    hasToken: () => hasToken,
    probeAuth: async () => probe,
    WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
  });
  t.monitor.onChange((s) => states.push(s.kind));
  return { t, states, socket: () => FakeSocket.all.at(-1)! };
}

describe('WebSocket transport', () => {
  it('queues requests until open, matches responses by id and passes events on', async () => {
    const { t, socket } = setup();
    const events: [string, unknown][] = [];
    t.onEvent((name, payload) => events.push([name, payload]));
    const a = t.request('app.info', {});
    const b = t.request('dir.recent', {});
    expect(socket().sent).toEqual([]);
    socket().open();
    expect(socket().sent).toEqual([
      { type: 'request', id: 1, method: 'app.info', params: {} },
      { type: 'request', id: 2, method: 'dir.recent', params: {} },
    ]);
    socket().receive({ type: 'response', id: 2, result: { ok: true, value: ['/x'] } });
    socket().receive({ type: 'event', event: 'runs.progress', payload: { scanned: 1, total: 2, done: false } });
    socket().receive({
      type: 'response',
      id: 1,
      result: { ok: false, error: { code: 'io', message: 'disk on fire' } },
    });
    expect(await b).toEqual({ ok: true, value: ['/x'] });
    expect(await a).toEqual({ ok: false, error: { code: 'io', message: 'disk on fire' } });
    expect(events).toEqual([['runs.progress', { scanned: 1, total: 2, done: false }]]);
    t.close();
  });

  it('fails pending requests when the link drops, and reconnects with backoff', async () => {
    vi.useFakeTimers();
    const { t, states, socket } = setup();
    socket().open();
    const pending = t.request('runs.snapshot', {});
    socket().drop();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'io' } });
    expect(t.monitor.current()).toEqual({ kind: 'lost', retryInMs: 500, attempt: 1 });
    expect(await t.request('app.info', {})).toMatchObject({
      ok: false,
      error: { message: 'Not connected to runyard serve; reconnecting…' },
    });
    vi.advanceTimersByTime(500);
    expect(FakeSocket.all).toHaveLength(2);
    socket().open();
    expect(states).toEqual(['open', 'lost', 'connecting', 'open']);
    t.close();
  });

  it('reports a refused token instead of retrying', async () => {
    const { t, socket } = setup('refused');
    socket().drop();
    await vi.waitFor(() =>
      expect(t.monitor.current()).toEqual({ kind: 'unauthorised', message: 'The server refused the token.' }),
    );
    expect(FakeSocket.all).toHaveLength(1);
    t.close();
  });

  it('reports a missing token when the page has none and the upgrade fails', () => {
    const { t, socket } = setup('unknown', false);
    socket().drop();
    expect(t.monitor.current()).toMatchObject({
      kind: 'unauthorised',
      message: 'This page was opened without its access token.',
    });
    t.close();
  });
});
