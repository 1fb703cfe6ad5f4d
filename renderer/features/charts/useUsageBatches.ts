// Disk usage of many runs, asked for a batch at a time: measuring 10k run folders takes
// seconds, and the chart draws what is measured so far instead of waiting for all of it.
import { useEffect, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import type { DiskUsage } from '../../../shared/api/models';
import type { ApiError } from '../../../shared/api/result';

export interface UsageBatches {
  value: DiskUsage[] | null;
  error: ApiError | null;
  /** Runs asked about so far, of `total`. */
  asked: number;
  total: number;
}

export const USAGE_BATCH = 500;

export function useUsageBatches(ids: readonly string[], key: string): UsageBatches {
  const client = useApi();
  const [state, setState] = useState<UsageBatches>({ value: null, error: null, asked: 0, total: ids.length });
  useEffect(() => {
    let live = true;
    setState({ value: null, error: null, asked: 0, total: ids.length });
    void (async () => {
      const got: DiskUsage[] = [];
      for (let i = 0; i < ids.length && live; i += USAGE_BATCH) {
        const r = await client.call('du.get', { run_ids: ids.slice(i, i + USAGE_BATCH) });
        if (!live) return;
        if (!r.ok) {
          setState((s) => ({ ...s, error: r.error }));
          return;
        }
        got.push(...r.value);
        const asked = Math.min(ids.length, i + USAGE_BATCH);
        setState({ value: [...got], error: null, asked, total: ids.length });
      }
    })();
    return () => {
      live = false;
    };
    // `key` stands for `ids`: a new array of the same runs must not measure again.
  }, [client, key]);
  return state;
}
