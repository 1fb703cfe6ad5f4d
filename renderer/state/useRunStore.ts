// React bindings for the run store: its state, and the live wiring to the backend
// (snapshot, then runs.delta / runs.progress / dir.opened events).
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import type { ApiClient } from '../../shared/api/client';
import type { ApiError } from '../../shared/api/result';
import type { RunDelta } from '../../shared/types';
import type { RunStore, RunStoreState } from './runStore';

export function useRunStoreState(store: RunStore): RunStoreState {
  return useSyncExternalStore(store.subscribe, store.getState);
}

/**
 * Subscribes to live events and returns `reload()`, which fetches a fresh snapshot.
 * Deltas that arrive while a snapshot is on its way are kept and applied after it,
 * so nothing the server sent in between is lost.
 */
export function useLiveRuns(client: ApiClient, store: RunStore): () => Promise<ApiError | null> {
  const inFlight = useRef<RunDelta[] | null>(null);
  useEffect(() => {
    const offs = [
      client.on('runs.delta', (d) => {
        if (inFlight.current) inFlight.current.push(d);
        else store.applyDelta(d);
      }),
      client.on('runs.progress', (p) => store.setProgress(p)),
      client.on('dir.opened', (snap) => store.loadSnapshot(snap)),
    ];
    return () => { for (const off of offs) off(); };
  }, [client, store]);

  return useCallback(async () => {
    inFlight.current = [];
    const r = await client.call('runs.snapshot', {});
    const buffered = inFlight.current ?? [];
    inFlight.current = null;
    if (!r.ok) return r.error;
    store.loadSnapshot(r.value);
    for (const d of buffered) store.applyDelta(d);
    return null;
  }, [client, store]);
}
