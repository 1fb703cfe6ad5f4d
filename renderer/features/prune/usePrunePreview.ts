// The live preview: prune.plan for the form's policy, debounced while the user types.
// `key` says which policy a preview belongs to, so the dialog never removes runs from a
// preview of an older form state.
import { useEffect, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import type { PrunePolicy } from '../../../shared/api/contract';
import type { PrunePreview } from '../../../shared/api/models';
import type { ApiError } from '../../../shared/api/result';

export interface PreviewState {
  key: string | null;
  preview: PrunePreview | null;
  error: ApiError | null;
  loading: boolean;
}

export function usePrunePreview(policy: PrunePolicy | null, delayMs = 250, refresh = 0): PreviewState {
  const client = useApi();
  const key = policy ? JSON.stringify(policy) : null;
  const [state, setState] = useState<PreviewState>({ key: null, preview: null, error: null, loading: false });

  useEffect(() => {
    if (key === null) { setState({ key: null, preview: null, error: null, loading: false }); return; }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      void client.call('prune.plan', { policy: JSON.parse(key) as PrunePolicy }).then((r) => {
        if (!live) return;
        if (r.ok) setState({ key, preview: r.value, error: null, loading: false });
        else setState({ key, preview: null, error: r.error, loading: false });
      });
    }, delayMs);
    return () => { live = false; clearTimeout(timer); };
  }, [client, key, delayMs, refresh]);

  return state;
}
