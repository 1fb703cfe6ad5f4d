// The trash: list, restore a run, empty (electron/ops/trash.ts).
import type { HandlerTable } from '../dispatcher';
import type { TrashItem } from '../../../shared/api/models';
import { daysToMs, trashEmpty, trashList, trashRestoreRun } from '../../ops/trash';

export const trashHandlers: Pick<HandlerTable, 'trash.list' | 'trash.restore' | 'trash.empty'> = {
  'trash.list': (_p, { backend }): TrashItem[] => trashList(backend.requireDir().dir),

  'trash.restore': ({ run_id }, { backend }) => trashRestoreRun(backend.requireDir().store, run_id),

  'trash.empty': async ({ olderThanDays }, { backend }) => {
    const deleted = await trashEmpty(backend.requireDir().store, { olderThanMs: daysToMs(olderThanDays) });
    return { deleted: deleted.map((r) => r.entry) };
  },
};
