// The undo of a bulk tag edit: each changed run gets its own previous tags back, as long
// as nobody changed them since (the backend checks that under its lock).
import type { ApiClient } from '../../../shared/api/client';
import type { TagResult } from '../../../shared/api/models';
import type { ApiError } from '../../../shared/api/result';

export interface TagEdit {
  results: TagResult[];
  includeRunning: boolean;
}

export async function undoTags(
  client: ApiClient,
  edit: TagEdit,
): Promise<{ restored: number; left: TagResult[] } | { error: ApiError }> {
  const runs = edit.results
    .filter((r) => r.outcome === 'done')
    .map((r) => ({ run_id: r.run_id, tags: r.before ?? [], expect: r.after ?? [] }));
  if (runs.length === 0) return { restored: 0, left: [] };
  const r = await client.call('runs.restoreTags', { runs, includeRunning: edit.includeRunning });
  if (!r.ok) return { error: r.error };
  return {
    restored: r.value.filter((x) => x.outcome === 'done' || x.outcome === 'unchanged').length,
    left: r.value.filter((x) => x.outcome === 'skipped'),
  };
}

/** What a finished bulk edit says in its toast: how many changed, and how many were left alone and why. */
export function bulkSummary(results: readonly TagResult[]): string {
  const done = results.filter((r) => r.outcome === 'done').length;
  const same = results.filter((r) => r.outcome === 'unchanged').length;
  const skipped = results.filter((r) => r.outcome === 'skipped');
  const running = skipped.filter((r) => r.running).length;
  const parts = [`Changed the tags of ${done} run${done === 1 ? '' : 's'}.`];
  if (same) parts.push(`${same} already had them.`);
  if (running) parts.push(`${running} running run${running === 1 ? ' was' : 's were'} skipped.`);
  if (skipped.length > running)
    parts.push(`${skipped.length - running} could not be changed: ${skipped.find((r) => !r.running)?.reason ?? ''}`);
  return parts.join(' ');
}
