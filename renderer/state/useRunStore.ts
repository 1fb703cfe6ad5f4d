// React bindings for the run store: its state, and the live wiring to the backend
// (renderer/state/liveRuns.ts).
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { ApiClient } from '../../shared/api/client';
import { LiveRuns } from './liveRuns';
import type { RunStore, RunStoreState } from './runStore';

export function useRunStoreState(store: RunStore): RunStoreState {
  return useSyncExternalStore(store.subscribe, store.getState);
}

/**
 * Subscribes to live events and returns the wiring: `reload()` fetches a fresh snapshot,
 * `setFolder()` shows another folder. `given`: wiring that start-up already made (and
 * subscribed), used as it is.
 */
export function useLiveRuns(client: ApiClient, store: RunStore, given?: LiveRuns): LiveRuns {
  const live = useMemo(() => given ?? new LiveRuns(client, store), [given, client, store]);
  useEffect(() => (live === given ? undefined : live.start()), [live, given]);
  return live;
}
