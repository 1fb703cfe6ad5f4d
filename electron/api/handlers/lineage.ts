// A run's lineage: ancestors, descendants and the edges between them.
import type { HandlerTable } from '../dispatcher';
import { lineageView } from '../../ops/lineage';

export const lineageHandlers: Pick<HandlerTable, 'lineage.get'> = {
  'lineage.get': ({ run_id }, { backend }) => lineageView(backend.requireDir().runs(), run_id),
};
