// React bindings for the value cache (./valueStore.ts): forgets a run's values when its
// record changes, and keeps the loader (./valueLoader.ts) asking for what is wanted.
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { ApiClient } from '../../shared/api/client';
import type { RunStore } from './runStore';
import { useRunStoreState } from './useRunStore';
import { ValueLoader } from './valueLoader';
import type { ValueStore, ValueStoreState } from './valueStore';

export function useValueState(values: ValueStore): ValueStoreState {
  return useSyncExternalStore(values.subscribe, values.getState);
}

/** Keeps `paths` loaded for every run of `runs`; returns the cache's state. */
export function useRunValues(
  client: ApiClient,
  runs: RunStore,
  values: ValueStore,
  paths: readonly string[],
): ValueStoreState {
  const { version } = useRunStoreState(runs);
  const seen = useRef(version);
  // Before the loader looks: a changed run must be asked again, not served from the cache.
  useEffect(() => {
    const touched = runs.touchedSince(seen.current);
    seen.current = version;
    if (touched === null) values.clear();
    else if (touched.size) values.invalidate(touched);
  }, [runs, values, version]);
  const loader = useMemo(() => new ValueLoader(client, runs, values), [client, runs, values]);
  const key = paths.join('\n');
  useEffect(() => {
    loader.want(key ? key.split('\n') : []);
  }, [loader, key, version]);
  return useValueState(values);
}
