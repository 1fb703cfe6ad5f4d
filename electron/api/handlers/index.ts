// The index.* requests: check .run_index.json against the run folders, and repair it
// (electron/ops/index-health.ts). Not a barrel: the table of all handlers is
// electron/api/handler-table.ts.
import type { HandlerTable } from '../dispatcher';
import { indexCheck, indexRepair } from '../../ops/index-health';

export const indexCheckHandlers: Pick<HandlerTable, 'index.check' | 'index.repair'> = {
  'index.check': (_p, { backend }) => indexCheck(backend.requireDir().store),

  'index.repair': (_p, { backend }) => indexRepair(backend.requireDir().store),
};
