// Pruning: plan, then execute the confirmed plan. The rules live in shared/prune-plan.ts
// and the moves in electron/store/prune.ts; the CLI and the API's prune.* come through here.
import type { PruneExecuted, PrunePreview } from '../../shared/api/models';
import type { PrunePlan, PrunePolicy } from '../../shared/prune-plan';
import type { RunRecord } from '../../shared/types';
import type { UsageMeter } from '../store/usage-meter';
import { executePrune, makePrunePlan, refusal, type PruneResult } from '../store/prune';
import type { RunsDir } from '../store/runs-dir';

export { refusal };
export type { PruneResult };

type Progress = (done: number, total: number) => void;

/** The API's prune.execute answer, but for its operation id. */
export type PruneDone = Omit<PruneExecuted, 'operation'>;

/** What a policy would move to the trash, keep and refuse, with sizes measured (the usage cache is saved). */
export async function prunePlan(
  store: RunsDir,
  policy: PrunePolicy,
  usage: UsageMeter,
  o: { onProgress?: Progress } = {},
): Promise<PrunePlan> {
  const plan = await makePrunePlan(store, policy, usage, { onProgress: o.onProgress });
  await usage.save();
  return plan;
}

/**
 * The preview the UI shows. Sizes are left for the UI to fill in (du.get): measuring
 * every run that goes took seconds at 10k runs, and the decisions do not depend on them.
 */
export async function prunePreview(
  store: RunsDir,
  policy: PrunePolicy,
  usage: UsageMeter,
  runs: RunRecord[],
): Promise<PrunePreview> {
  const plan = await makePrunePlan(store, policy, usage, { preview: true, runs });
  return {
    remove: plan.remove,
    keep: plan.keep.map((k) => ({ run_id: k.run_id, reason: k.reason })),
    refused: plan.refused.map((r) => ({ run_id: r.run_id, reason: r.reason })),
    bytes_freed: plan.bytes_freed,
  };
}

/** Moves a confirmed plan's runs to the trash, every rule checked again under the lock. */
export const pruneExecute = (
  store: RunsDir,
  confirmed: Pick<PrunePlan, 'remove' | 'refused'>,
  policy: PrunePolicy,
  usage: UsageMeter,
  o: { onProgress?: Progress } = {},
): Promise<PruneResult> => executePrune(store, confirmed, policy, usage, o);

/**
 * Executes what the user saw and confirmed (`expect`), even if the plan grew meanwhile. A
 * confirmed run that the fresh plan keeps (a child appeared since the preview, say) stays,
 * and the user is told why in the dry run's words.
 */
export async function pruneConfirmed(
  store: RunsDir,
  policy: PrunePolicy,
  usage: UsageMeter,
  expect: readonly string[],
  onProgress: Progress,
): Promise<PruneDone> {
  const plan = await makePrunePlan(store, policy, usage);
  const expected = new Set(expect);
  const confirmed = { ...plan, remove: plan.remove.filter((r) => expected.has(r.run_id)) };
  const planned = new Set(confirmed.remove.map((r) => r.run_id));
  const why = new Map([...plan.keep, ...plan.refused].map((k) => [k.run_id, k.reason] as const));
  const heldBack = expect
    .filter((id) => !planned.has(id))
    .map((id) => ({ run_id: id, reason: why.get(id) ?? 'no longer in the folder' }));
  onProgress(0, confirmed.remove.length);
  const result = await executePrune(store, confirmed, policy, usage, { onProgress });
  return {
    removed: result.trashed.map((t) => t.run_id),
    bytes_freed: result.trashed.reduce((s, t) => s + (t.bytes ?? 0), 0),
    skipped: [...heldBack, ...result.skipped],
  };
}
