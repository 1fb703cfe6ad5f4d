// Value columns and their values for the open folder (electron/ops/values.ts). The runs
// are the live index's, so a run that appeared a moment ago has its values too.
import type { RunRecord } from '../../../shared/types';
import { readRunValues, valueColumns, valueReader, ValuePathError } from '../../ops/values';
import { ApiFailure } from '../errors';
import type { HandlerTable } from '../dispatcher';

function chosen(all: RunRecord[], ids: readonly string[] | undefined): RunRecord[] {
  if (!ids) return all;
  const want = new Set(ids);
  return all.filter((r) => want.has(r.run_id));
}

export const valueHandlers: Pick<HandlerTable, 'values.columns' | 'values.get'> = {
  'values.columns': ({ run_ids }, { backend }) => {
    const open = backend.requireDir();
    return valueColumns(valueReader(open.dir), chosen(open.live.runs(), run_ids));
  },

  'values.get': ({ paths, run_ids }, { backend }) => {
    const open = backend.requireDir();
    try {
      return readRunValues(valueReader(open.dir), chosen(open.live.runs(), run_ids), paths);
    } catch (e) {
      if (e instanceof ValuePathError) throw new ApiFailure('invalid', e.message);
      throw e;
    }
  },
};
