// run.get for one run, fetched again when the store reports the run changed.
import { useEffect, useState } from 'react';
import type { RunDetail } from '../../shared/api/models';
import type { ApiError } from '../../shared/api/result';
import { useApi } from '../api/ApiContext';

export type DetailState =
  | { status: 'loading'; detail: RunDetail | null }
  | { status: 'ok'; detail: RunDetail }
  | { status: 'error'; error: ApiError; detail: RunDetail | null };

export function useRunDetail(runId: string, changeKey: unknown): DetailState {
  const client = useApi();
  const [state, setState] = useState<DetailState>({ status: 'loading', detail: null });
  useEffect(() => {
    let live = true;
    setState((s) => ({ status: 'loading', detail: s.detail?.run.run_id === runId ? s.detail : null }));
    void client.call('run.get', { run_id: runId }).then((r) => {
      if (!live) return;
      setState((s) =>
        r.ok ? { status: 'ok', detail: r.value } : { status: 'error', error: r.error, detail: s.detail },
      );
    });
    return () => {
      live = false;
    };
  }, [client, runId, changeKey]);
  return state;
}
