// Putting runs back from the trash: the one loop the Trash view, the prune dialog's Undo
// and Ctrl+Z (or the "Moved … Undo" notice) all use. One call per entry, in order, so
// each can fail on its own (its folder name taken again, the entry incomplete) while the
// rest still come back, and the caller can show how far it got.
import type { ApiClient } from '../../../shared/api/client';
import type { ApiError } from '../../../shared/api/result';

export interface RestoreProgress {
  done: number;
  total: number;
}

export type RestoreStep = { entry: string; ok: true; runId: string } | { entry: string; ok: false; error: ApiError };

export interface RestoreOutcome {
  /** The trash entries that came back, and the run id each came back as. */
  restored: { entry: string; runId: string }[];
  failed: { entry: string; error: ApiError }[];
}

/** `entries`: trash entries or run ids (the backend takes either). `onStep` hears each answer as it comes. */
export async function restoreFromTrash(client: ApiClient, entries: readonly string[], onStep?: (step: RestoreStep, progress: RestoreProgress) => void): Promise<RestoreOutcome> {
  const out: RestoreOutcome = { restored: [], failed: [] };
  for (const entry of entries) {
    const r = await client.call('trash.restore', { run_id: entry });
    const step: RestoreStep = r.ok ? { entry, ok: true, runId: r.value.run_id } : { entry, ok: false, error: r.error };
    if (step.ok) out.restored.push({ entry, runId: step.runId });
    else out.failed.push({ entry, error: step.error });
    onStep?.(step, { done: out.restored.length + out.failed.length, total: entries.length });
  }
  return out;
}
