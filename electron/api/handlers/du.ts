// Disk usage per run (electron/ops/disk-usage.ts).
import type { HandlerTable } from '../dispatcher';
import { usageOfRuns } from '../../ops/disk-usage';

export const duHandlers: Pick<HandlerTable, 'du.get'> = {
  'du.get': ({ run_ids }, { backend }) => {
    const open = backend.requireDir();
    return usageOfRuns(open.usage, run_ids ?? open.runs().map((r) => r.run_id));
  },
};
