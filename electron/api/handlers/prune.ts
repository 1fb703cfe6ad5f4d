// Prune: plan, then execute the confirmed plan, reporting progress as events
// (electron/ops/prune.ts).
import type { HandlerTable } from '../dispatcher';
import type { PrunePreview } from '../../../shared/api/models';
import { pruneConfirmed, prunePreview } from '../../ops/prune';

export const pruneHandlers: Pick<HandlerTable, 'prune.plan' | 'prune.execute'> = {
  'prune.plan': ({ policy }, { backend }): Promise<PrunePreview> => {
    const open = backend.requireDir();
    return prunePreview(open.store, policy, open.usage, open.runs());
  },

  'prune.execute': async ({ policy, expect, operation }, { backend }) => {
    const open = backend.requireDir();
    const done = await pruneConfirmed(open.store, policy, open.usage, expect, (n, total) =>
      backend.broadcast('prune.progress', { operation, done: n, total, run_id: null }),
    );
    return { operation, ...done };
  },
};
