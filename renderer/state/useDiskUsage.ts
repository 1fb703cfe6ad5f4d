// Run sizes are expensive to compute (a walk of each folder), so they are asked for
// only for runs in view, in batches, once each; a run that changes is asked again.
// Sorting by size asks for all of them at once.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../../shared/api/client';
import type { RunStore } from './runStore';

const BATCH_DELAY_MS = 120;
const BATCH_MAX = 500;

export interface DiskUsageState {
  sizes: ReadonlyMap<string, number>;
  version: number;
  /** Ask for these ids (already known or asked ids are skipped). */
  want(ids: string[]): void;
  /** Ask for every run's size. */
  wantAll(): void;
}

/** `byKey`: the store holds several folders' runs (All folders), so "every run" is asked for by the store's keys. */
export function useDiskUsage(client: ApiClient, store: RunStore, enabled: boolean, byKey = false): DiskUsageState {
  const sizes = useRef(new Map<string, number>()).current;
  const asked = useRef(new Set<string>()).current;
  const queue = useRef(new Set<string>()).current;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [version, setVersion] = useState(0);
  const seenVersion = useRef(store.getState().version);

  const apply = useCallback(
    (list: { run_id: string; total: number }[]) => {
      for (const u of list) sizes.set(u.run_id, u.total);
      if (list.length) setVersion((v) => v + 1);
    },
    [sizes],
  );

  const flush = useCallback(() => {
    timer.current = null;
    const ids = [...queue].slice(0, BATCH_MAX);
    for (const id of ids) queue.delete(id);
    if (queue.size) timer.current = setTimeout(flush, BATCH_DELAY_MS);
    if (ids.length === 0) return;
    void client.call('du.get', { run_ids: ids }).then((r) => {
      if (r.ok) apply(r.value);
      else for (const id of ids) asked.delete(id);
    });
  }, [client, queue, asked, apply]);

  const want = useCallback(
    (ids: string[]) => {
      if (!enabled) return;
      let added = false;
      for (const id of ids) {
        if (asked.has(id)) continue;
        asked.add(id);
        queue.add(id);
        added = true;
      }
      if (added && !timer.current) timer.current = setTimeout(flush, BATCH_DELAY_MS);
    },
    [enabled, asked, queue, flush],
  );

  const wantAll = useCallback(() => {
    const every = byKey ? { run_ids: Array.from(store.values(), (e) => e.id) } : {};
    void client.call('du.get', every).then((r) => {
      if (!r.ok) return;
      for (const u of r.value) asked.add(u.run_id);
      apply(r.value);
    });
  }, [client, asked, apply, byKey, store]);

  // A run that changed (new checkpoint, more logs) has a new size; forget the old one.
  useEffect(
    () =>
      store.subscribe(() => {
        const s = store.getState();
        if (s.version === seenVersion.current) return;
        const touched = store.touchedSince(seenVersion.current);
        seenVersion.current = s.version;
        if (touched === null) {
          asked.clear();
          sizes.clear();
          return;
        }
        for (const id of touched) asked.delete(id);
      }),
    [store, asked, sizes],
  );

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return { sizes, version, want, wantAll };
}
