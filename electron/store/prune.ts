// `prune` on the Node side: gathers what the pure planner needs (runs, lineage,
// staleness, sizes), then moves the chosen runs into the trash under the index lock.
// The plan is made again inside the lock and only runs that both plans remove go,
// so a run that became protected meanwhile (a new child, a restarted simulation) or
// that another process already removed is left alone. Simulations do not take the
// lock, so each run is checked again right before its move, and after the batch a run
// that got a child while moving is put back (prune-guard.ts).
import fs from 'node:fs';
import path from 'node:path';
import { planPrune, withSizes, type PruneCandidate, type PrunePlan, type PrunePolicy } from '../../shared/prune-plan';
import { ACTIVE_STATUSES, type RunRecord } from '../../shared/types';
import type { UsageMeter } from './usage-meter';
import { StoreError } from './errors';
import { METADATA_FILE } from './paths';
import type { RunsDir } from './runs-dir';
import { PruneGuard, takeSnapshot } from './prune-guard';
import { readRun } from './run-read';
import { transaction } from './transaction';
import { restoreUnlocked, trashRunsUnlocked, type Progress } from './trash-ops';
import type { TrashRecord } from './trash';

const SETTLE_MS = 250;
/**
 * How long after the batch the moved runs are looked at once more: a module that saw
 * a parent just before its move makes the child folder an instant later (create_child_run).
 */
const AFTER_BATCH_MS = 300;
const PARENT = /"parent_run_id"\s*:\s*"((?:[^"\\]|\\.)*)"/;

/**
 * A metadata.json that cannot be read is usually being rewritten by a simulation
 * (FORMAT.md quirk 5): read it again shortly after. If it is still unusable, its
 * parent is fished out of the text so that the lineage rule still protects it.
 */
async function settle(store: RunsDir, runs: RunRecord[]): Promise<{ run: RunRecord; parentGuess: string | null }[]> {
  if (runs.some((r) => r.unreadable)) await new Promise((r) => setTimeout(r, SETTLE_MS));
  return runs.map((run) => {
    if (!run.unreadable) return { run, parentGuess: null };
    const again = readRun(store.dir, run.run_id, undefined, true) ?? run;
    if (!again.unreadable) return { run: again, parentGuess: null };
    let text = '';
    try {
      text = fs.readFileSync(path.join(store.dir, run.run_id, METADATA_FILE), 'utf8');
    } catch {
      // unreadable for good; no parent to protect
    }
    return { run, parentGuess: PARENT.exec(text)?.[1] ?? null };
  });
}

/**
 * `quietOnlyIfStale`: the live preview skips walking the active runs' folders unless the
 * policy has --include-stale (only then does it change a decision); walking 2,500
 * active runs took seconds at 10k, and the preview lacks only the "--include-stale would
 * take it" hint. Execution and the CLI always walk them.
 */
export async function pruneCandidates(
  store: RunsDir,
  usage: UsageMeter,
  o: { quietOnlyIfStale?: PrunePolicy; runs?: RunRecord[] } = {},
): Promise<PruneCandidate[]> {
  const settled = await settle(store, o.runs ?? store.scan().runs);
  // Measured even without --include-stale, so the plan can say when the flag would take a run.
  // Staleness decides whether a running run may go, so it is never taken from a cache.
  const skipQuiet = o.quietOnlyIfStale !== undefined && !o.quietOnlyIfStale.includeStale;
  const active = skipQuiet
    ? []
    : settled.filter((s) => ACTIVE_STATUSES.includes(s.run.status)).map((s) => s.run.run_id);
  const quiet = await usage.measureAll(active, { fresh: true });
  return settled.map(({ run, parentGuess }) => ({
    run_id: run.run_id,
    status: run.status,
    tags: run.tags,
    created_ms: run.created_ms,
    parent_run_id: run.parent_run_id ?? parentGuess,
    unreadable: run.unreadable,
    last_change_ms: quiet.get(run.run_id)?.newest_mtime_ms ?? null,
  }));
}

/**
 * The plan with the sizes of the runs it removes. Reads only. `preview`: answer at once,
 * without sizes (bytes null; the UI measures them afterwards through du.get) and without
 * the quiet-time walk when the policy cannot use it. `runs`: the records the caller already
 * holds (the server's live index), instead of reading 10k metadata.json files again;
 * execution plans anew from a fresh scan under the lock, so a stale record costs nothing.
 */
export async function makePrunePlan(
  store: RunsDir,
  policy: PrunePolicy,
  usage: UsageMeter,
  o: { now?: number; onProgress?: Progress; preview?: boolean; runs?: RunRecord[] } = {},
): Promise<PrunePlan> {
  const t = o.now ?? Date.now();
  const plan = planPrune(
    await pruneCandidates(store, usage, {
      ...(o.preview ? { quietOnlyIfStale: policy } : {}),
      ...(o.runs ? { runs: o.runs } : {}),
    }),
    policy,
    t,
  );
  if (o.preview) return plan;
  const sizes = await usage.measureAll(
    plan.remove.map((r) => r.run_id),
    { onProgress: o.onProgress },
  );
  return withSizes(plan, new Map([...sizes].map(([id, u]) => [id, u.total])));
}

export interface PruneResult {
  trashed: TrashRecord[];
  /** Runs of the confirmed plan that were not removed, and why; put_back: it was moved, then moved back. */
  skipped: { run_id: string; reason: string; put_back?: true }[];
}

/** Moves the runs of a confirmed plan to the trash, re-checking every rule under the lock. */
export async function executePrune(
  store: RunsDir,
  confirmed: Pick<PrunePlan, 'remove' | 'refused'>,
  policy: PrunePolicy,
  usage: UsageMeter,
  o: { now?: number; onProgress?: Progress } = {},
): Promise<PruneResult> {
  if (confirmed.refused.length) throw refusal(confirmed);
  return transaction(store.dir, async () => {
    const snapshot = takeSnapshot(store.dir);
    const candidates = await pruneCandidates(store, usage);
    const fresh = planPrune(candidates, policy, o.now ?? Date.now());
    if (fresh.refused.length) throw refusal(fresh);
    const now = new Set(fresh.remove.map((r) => r.run_id));
    const keepWhy = new Map(fresh.keep.map((k) => [k.run_id, k.reason]));
    const go = confirmed.remove.filter((r) => now.has(r.run_id));
    const skipped: PruneResult['skipped'] = confirmed.remove
      .filter((r) => !now.has(r.run_id))
      .map((r) => ({ run_id: r.run_id, reason: keepWhy.get(r.run_id) ?? 'already gone (another process removed it)' }));
    const guard = new PruneGuard(
      store.dir,
      snapshot,
      candidates,
      go.map((r) => r.run_id),
    );
    const beforeMove = (id: string) => {
      const reason = guard.beforeMove(id);
      if (reason !== null) skipped.push({ run_id: id, reason });
      return reason;
    };
    const trashed = trashRunsUnlocked(store, { runs: go, policy: policyRecord(policy), beforeMove }, o.onProgress);
    const back = await putBack(store, guard, trashed);
    skipped.push(...back);
    return { trashed: trashed.filter((t) => !back.some((b) => b.run_id === t.run_id && b.put_back)), skipped };
  });
}

/** Moves back, through the restore path, the runs that got a child while the batch moved. */
async function putBack(
  store: RunsDir,
  guard: PruneGuard,
  trashed: readonly TrashRecord[],
): Promise<PruneResult['skipped']> {
  const back: PruneResult['skipped'] = [];
  if (!trashed.length) return back;
  for (const wait of [0, AFTER_BATCH_MS]) {
    if (wait) await new Promise((r) => setTimeout(r, wait));
    const left = trashed.filter((t) => !back.some((b) => b.run_id === t.run_id));
    for (const { run_id, reason } of guard.afterBatch(left.map((t) => t.run_id))) {
      const entry = left.find((t) => t.run_id === run_id)!.entry;
      try {
        restoreUnlocked(store, entry);
        back.push({ run_id, reason, put_back: true });
      } catch (e) {
        // Still whole in its trash entry; the user is told where.
        back.push({
          run_id,
          reason: `${reason}, but it could not be put back from the trash (${e instanceof Error ? e.message : String(e)}); restore it with \`runyard trash restore ${entry}\``,
        });
      }
    }
  }
  return back;
}

export function refusal(plan: Pick<PrunePlan, 'refused'>): StoreError {
  const why = plan.refused.map((r) => `${r.run_id}: ${r.reason}`).join('; ');
  return new StoreError('refused', `refused, nothing was removed: ${why}`);
}

/** The policy as it goes into trash records, in the CLI's words. */
export function policyRecord(p: PrunePolicy): Record<string, unknown> {
  const out: Record<string, unknown> = { command: 'prune' };
  if (p.keep !== undefined) out.keep = p.keep;
  if (p.olderThanDays !== undefined) out.older_than_days = p.olderThanDays;
  if (p.statuses?.length) out.status = [...p.statuses];
  if (p.excludeTags?.length) out.exclude_tag = [...p.excludeTags];
  if (p.runs?.length) out.run = [...p.runs];
  if (p.includeStale) out.include_stale = true;
  if (p.staleAfterHours !== undefined) out.stale_after_hours = p.staleAfterHours;
  return out;
}
