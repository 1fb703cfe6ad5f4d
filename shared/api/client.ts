// The renderer's one typed client. A transport only moves JSON; the client gives
// every call its types. Which transport is used is decided once, at start-up.
import type { ApiEvents, EventName, Params, RequestName, Result } from './contract';
import type { ApiResult } from './result';

export interface Transport {
  request(name: string, params: unknown): Promise<ApiResult<unknown>>;
  /** Called for every pushed event; returns an unsubscribe. */
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}

export interface ApiClient {
  call<N extends RequestName>(name: N, params: Params<N>): Promise<ApiResult<Result<N>>>;
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

export function createClient(transport: Transport): ApiClient {
  return {
    call: (name, params) => transport.request(name, params) as never,
    on: (event, listener) =>
      transport.onEvent((name, payload) => {
        if (name === event) listener(payload as never);
      }),
  };
}

/** The wire format of the WebSocket transport (IPC uses the same payloads on two channels). */
export type WireMessage =
  | { type: 'request'; id: number; method: string; params: unknown }
  | { type: 'response'; id: number; result: ApiResult<unknown> }
  | { type: 'event'; event: string; payload: unknown };

/** The IPC channel names; the preload exposes exactly `window.runyard = { request, onEvent }`. */
export const IPC_REQUEST_CHANNEL = 'runyard:request';
export const IPC_EVENT_CHANNEL = 'runyard:event';
