// The live preview: prune.plan for the form's policy, debounced while the user types.
// `key` says which policy a preview belongs to, so the dialog never removes runs from a
// preview of an older form state. The plan arrives without sizes (measuring every run
// that goes took seconds at 10k runs); they are filled in afterwards from du.get, a
// batch at a time, while `measuring` is true. Given the page's runs, a preview made in
// the page (./localPlan.ts) shows at once, `provisional` until the server's plan arrives.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import type { PrunePolicy } from '../../../shared/prune-plan';
import type { PrunePreview } from '../../../shared/api/models';
import type { ApiError } from '../../../shared/api/result';
import type { RunRecord } from '../../../shared/types';
import { localPreview } from './localPlan';

export interface PreviewState {
  key: string | null;
  preview: PrunePreview | null;
  error: ApiError | null;
  loading: boolean;
  /** Sizes of runs that go are still being measured. */
  measuring?: boolean;
  /** Made in the page; the server's plan is still to come, and only it can be executed. */
  provisional?: boolean;
}

const BATCH = 500;

function withBytes(p: PrunePreview, bytes: ReadonlyMap<string, number>): PrunePreview {
  const remove = p.remove.map((r) =>
    r.bytes === null && bytes.has(r.run_id) ? { run_id: r.run_id, bytes: bytes.get(r.run_id)! } : r,
  );
  return { ...p, remove, bytes_freed: remove.reduce((s, r) => s + (r.bytes ?? 0), 0) };
}

/** `runs`: every run the page holds, for the preview made at once (read when the policy changes). */
export function usePrunePreview(
  policy: PrunePolicy | null,
  delayMs = 250,
  refresh = 0,
  runs?: () => readonly RunRecord[],
): PreviewState {
  const client = useApi();
  const key = policy ? JSON.stringify(policy) : null;
  const [state, setState] = useState<PreviewState>({ key: null, preview: null, error: null, loading: false });
  const runsRef = useRef(runs);
  runsRef.current = runs;
  const quick = useMemo(() => {
    const held = runsRef.current;
    return key !== null && held ? localPreview(held(), JSON.parse(key) as PrunePolicy, Date.now()) : null;
  }, [key]);

  useEffect(() => {
    if (key === null) {
      setState({ key: null, preview: null, error: null, loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    const measure = async (plan: PrunePreview) => {
      const ids = plan.remove.filter((r) => r.bytes === null).map((r) => r.run_id);
      for (let i = 0; i < ids.length && live; i += BATCH) {
        const r = await client.call('du.get', { run_ids: ids.slice(i, i + BATCH) });
        if (!live) return;
        // A failed measurement leaves those sizes unknown; the plan itself still holds.
        const got = new Map(r.ok ? r.value.map((u) => [u.run_id, u.total] as const) : []);
        const last = i + BATCH >= ids.length;
        setState((s) =>
          s.key === key && s.preview ? { ...s, preview: withBytes(s.preview, got), measuring: !last } : s,
        );
      }
    };
    const timer = setTimeout(() => {
      void client.call('prune.plan', { policy: JSON.parse(key) as PrunePolicy }).then((r) => {
        if (!live) return;
        if (!r.ok) {
          setState({ key, preview: null, error: r.error, loading: false });
          return;
        }
        const unmeasured = r.value.remove.some((x) => x.bytes === null);
        setState({ key, preview: r.value, error: null, loading: false, measuring: unmeasured });
        if (unmeasured) void measure(r.value);
      });
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, key, delayMs, refresh]);

  if (quick && state.key !== key)
    return { key, preview: quick, error: null, loading: false, measuring: quick.remove.length > 0, provisional: true };
  return state;
}
