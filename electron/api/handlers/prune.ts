// Prune (plan, then execute the confirmed plan), the trash, and disk usage: the
// operations are electron/ops/; this adapts them to the contract and reports progress
// as events.
import type { PrunePreview, TrashItem } from '../../../shared/api/models';
import { usageOfRuns } from '../../ops/disk-usage';
import { plannerPolicy } from '../../../shared/prune-form';
import { pruneConfirmed, prunePreview } from '../../ops/prune';
import { daysToMs, trashEmpty, trashList, trashRestoreRun } from '../../ops/trash';
import type { HandlerTable } from '../dispatcher';

export const pruneHandlers: Pick<
  HandlerTable,
  'prune.plan' | 'prune.execute' | 'trash.list' | 'trash.restore' | 'trash.empty' | 'du.get'
> = {
  'prune.plan': ({ policy }, { backend }): Promise<PrunePreview> => {
    const open = backend.requireDir();
    return prunePreview(open.store, plannerPolicy(policy), open.usage, open.runs());
  },

  'prune.execute': async ({ policy, expect, operation }, { backend }) => {
    const open = backend.requireDir();
    const done = await pruneConfirmed(open.store, plannerPolicy(policy), open.usage, expect, (n, total) =>
      backend.broadcast('prune.progress', { operation, done: n, total, run_id: null }),
    );
    return { operation, ...done };
  },

  'trash.list': (_p, { backend }): TrashItem[] => trashList(backend.requireDir().dir),

  'trash.restore': ({ run_id }, { backend }) => trashRestoreRun(backend.requireDir().store, run_id),

  'trash.empty': async ({ olderThanDays }, { backend }) => {
    const deleted = await trashEmpty(backend.requireDir().store, { olderThanMs: daysToMs(olderThanDays) });
    return { deleted: deleted.map((r) => r.entry) };
  },

  'du.get': ({ run_ids }, { backend }) => {
    const open = backend.requireDir();
    return usageOfRuns(open.usage, run_ids ?? open.runs().map((r) => r.run_id));
  },
};
