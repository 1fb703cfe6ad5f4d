// Putting runs back from the trash: the one loop the Trash view, the prune dialog's Undo
// and Ctrl+Z (or the "Moved … Undo" notice) all use. One call per entry, in order, so
// each can fail on its own (its folder name taken again, the entry incomplete) while the
// rest still come back, and the caller can show how far it got.
import type { ApiClient } from '../../../shared/api/client';
import type { ApiError } from '../../../shared/api/result';
import { shortId } from '../../../shared/format';

export interface RestoreProgress {
  done: number;
  total: number;
}

export type RestoreStep = { entry: string; ok: true; runId: string } | { entry: string; ok: false; error: ApiError };

export interface RestoreWarning {
  runId: string;
  /** The backend's words, as `runyard trash restore` prints them ("its parent … is in the trash …"). */
  text: string;
}

export interface RestoreOutcome {
  /** The trash entries that came back, and the run id each came back as. */
  restored: { entry: string; runId: string }[];
  failed: { entry: string; error: ApiError }[];
  /** What the user should still do, e.g. restore a parent that stays in the trash. */
  warnings: RestoreWarning[];
}

/** "Run 1a2b3c4d: its parent … is in the trash …", for a notice. */
export const warningText = (w: RestoreWarning): string => `Run ${shortId(w.runId)}: ${w.text}`;

/** `entries`: trash entries or run ids (the backend takes either). `onStep` hears each answer as it comes. */
export async function restoreFromTrash(
  client: ApiClient,
  entries: readonly string[],
  onStep?: (step: RestoreStep, progress: RestoreProgress) => void,
): Promise<RestoreOutcome> {
  const out: RestoreOutcome = { restored: [], failed: [], warnings: [] };
  const said: { at: number; warning: RestoreWarning }[] = [];
  for (const entry of entries) {
    const r = await client.call('trash.restore', { run_id: entry });
    const step: RestoreStep = r.ok ? { entry, ok: true, runId: r.value.run_id } : { entry, ok: false, error: r.error };
    if (r.ok)
      for (const text of r.value.warnings ?? [])
        said.push({ at: out.restored.length, warning: { runId: r.value.run_id, text } });
    if (step.ok) out.restored.push({ entry, runId: step.runId });
    else out.failed.push({ entry, error: step.error });
    onStep?.(step, { done: out.restored.length + out.failed.length, total: entries.length });
  }
  // A child restored before its parent is told "its parent is in the trash (ENTRY)"; when
  // the same batch brought that entry back afterwards, the warning no longer holds.
  out.warnings = said
    .filter(({ at, warning }) => !out.restored.slice(at).some((r) => warning.text.includes(`(${r.entry})`)))
    .map((s) => s.warning);
  return out;
}
