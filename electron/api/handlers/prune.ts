// Prune (plan, then execute the confirmed plan), the trash, and disk usage. The rules
// live in shared/prune-plan.ts and the moves in electron/store; this only adapts them
// to the contract and reports progress as events.
import type { PrunePreview, TrashItem } from '../../../shared/api/models';
import { plannerPolicy as toPlannerPolicy } from '../../../shared/prune-form';
import { policyWords } from '../../../shared/trash-policy-text';
import { executePrune, makePrunePlan } from '../../store/prune';
import { listTrash } from '../../store/trash';
import { emptyTrash, restoreFromTrash } from '../../store/trash-ops';
import type { HandlerTable } from '../dispatcher';

const DAY_MS = 24 * 3_600_000;


export const pruneHandlers: Pick<HandlerTable, 'prune.plan' | 'prune.execute' | 'trash.list' | 'trash.restore' | 'trash.empty' | 'du.get'> = {
  'prune.plan': async ({ policy }, { backend }): Promise<PrunePreview> => {
    const open = backend.requireDir();
    // Sizes are left for the UI to fill in (du.get): measuring every run that goes took
    // seconds at 10k runs, and the decisions do not depend on them.
    const plan = await makePrunePlan(open.store, toPlannerPolicy(policy), open.usage, { preview: true, runs: open.runs() });
    return {
      remove: plan.remove,
      keep: plan.keep.map((k) => ({ run_id: k.run_id, reason: k.reason })),
      refused: plan.refused.map((r) => ({ run_id: r.run_id, reason: r.reason })),
      bytes_freed: plan.bytes_freed,
    };
  },

  'prune.execute': async ({ policy, expect, operation }, { backend }) => {
    const open = backend.requireDir();
    const planner = toPlannerPolicy(policy);
    const plan = await makePrunePlan(open.store, planner, open.usage);
    // Only what the user saw and confirmed goes, even if the plan grew meanwhile.
    const expected = new Set(expect);
    const confirmed = { ...plan, remove: plan.remove.filter((r) => expected.has(r.run_id)) };
    // A confirmed run that the fresh plan keeps (a child appeared since the preview, say)
    // stays, and the user is told why in the dry run's words.
    const planned = new Set(confirmed.remove.map((r) => r.run_id));
    const why = new Map([...plan.keep, ...plan.refused].map((k) => [k.run_id, k.reason] as const));
    const heldBack = expect.filter((id) => !planned.has(id)).map((id) => ({ run_id: id, reason: why.get(id) ?? 'no longer in the folder' }));
    backend.broadcast('prune.progress', { operation, done: 0, total: confirmed.remove.length, run_id: null });
    const result = await executePrune(open.store, confirmed, planner, open.usage, {
      onProgress: (done, total) => backend.broadcast('prune.progress', { operation, done, total, run_id: null }),
    });
    return {
      operation,
      removed: result.trashed.map((t) => t.run_id),
      bytes_freed: result.trashed.reduce((s, t) => s + (t.bytes ?? 0), 0),
      skipped: [...heldBack, ...result.skipped],
    };
  },

  'trash.list': (_p, { backend }): TrashItem[] =>
    listTrash(backend.requireDir().dir).map(({ record, complete }) => ({
      run_id: record.run_id,
      entry: record.entry,
      kind: record.kind,
      complete,
      trashed_at: record.trashed_at,
      by: record.trashed_by,
      policy: policyWords(record.policy),
      description: record.description,
      bytes: record.bytes,
    })),

  'trash.restore': async ({ run_id }, { backend }) => {
    const { store } = backend.requireDir();
    const { record } = await restoreFromTrash(store, run_id);
    return store.get(record.run_id);
  },

  'trash.empty': async ({ olderThanDays }, { backend }) => {
    const { store } = backend.requireDir();
    const deleted = await emptyTrash(store, olderThanDays === undefined ? {} : { olderThanMs: olderThanDays * DAY_MS });
    return { deleted: deleted.map((r) => r.entry) };
  },

  'du.get': async ({ run_ids }, { backend }) => {
    const open = backend.requireDir();
    const ids = run_ids ?? open.runs().map((r) => r.run_id);
    const measured = await open.usage.measureAll(ids);
    await open.usage.save();
    return ids.flatMap((id) => {
      const u = measured.get(id);
      return u ? [{ run_id: id, results: u.results, checkpoints: u.checkpoints, logs: u.logs, other: u.other, total: u.total }] : [];
    });
  },
};
