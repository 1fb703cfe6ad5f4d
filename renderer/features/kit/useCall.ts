// Loading state for one read request, re-run when `key` changes. Late answers of an
// earlier key are dropped so a fast click-through never shows the wrong run.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import type { Params, RequestName, Result } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/result';

export type CallState<T> =
  | { status: 'loading'; value: T | null; error: null }
  | { status: 'ok'; value: T; error: null }
  | { status: 'error'; value: T | null; error: ApiError };

export function useCall<N extends RequestName>(
  name: N,
  params: Params<N> | null,
  key: string,
): CallState<Result<N>> & { reload(): void } {
  const client = useApi();
  const [state, setState] = useState<CallState<Result<N>>>({ status: 'loading', value: null, error: null });
  const [nonce, setNonce] = useState(0);
  const paramsRef = useRef(params);
  paramsRef.current = params;

  useEffect(() => {
    const p = paramsRef.current;
    if (p === null) return;
    let live = true;
    setState((s) => ({ status: 'loading', value: s.value, error: null }));
    client.call(name, p).then(
      (r) => {
        if (live)
          setState(
            r.ok
              ? { status: 'ok', value: r.value, error: null }
              : (s) => ({ status: 'error', value: s.value, error: r.error }),
          );
      },
      (e: unknown) => {
        if (live)
          setState((s) => ({
            status: 'error',
            value: s.value,
            error: { code: 'internal', message: e instanceof Error ? e.message : String(e) },
          }));
      },
    );
    return () => {
      live = false;
    };
  }, [client, name, key, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, reload };
}
