// Value columns and their values for the open folder (electron/ops/values.ts). The runs
// are the live index's, so a run that appeared a moment ago has its values too.
import type { RunRecord } from '../../../shared/types';
import { readRunValues, valueColumns, valueReader, ValuePathError } from '../../ops/values';
import { readValueSeries, SeriesRequestError } from '../../ops/value-series';
import { ApiFailure } from '../errors';
import type { HandlerTable } from '../dispatcher';

function chosen(all: RunRecord[], ids: readonly string[] | undefined): RunRecord[] {
  if (!ids) return all;
  const want = new Set(ids);
  return all.filter((r) => want.has(r.run_id));
}

export const valueHandlers: Pick<HandlerTable, 'values.columns' | 'values.get' | 'values.series'> = {
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

  'values.series': ({ run_ids, file, column }, { backend }) => {
    const open = backend.requireDir();
    const byId = new Map(open.live.runs().map((r) => [r.run_id, r]));
    const unknown = run_ids.filter((id) => !byId.has(id));
    if (unknown.length) throw new ApiFailure('not-found', `no run ${unknown.slice(0, 3).join(', ')} in ${open.dir}`);
    try {
      return readValueSeries(
        open.dir,
        [...new Set(run_ids)].map((id) => byId.get(id)!),
        { file, column },
      );
    } catch (e) {
      if (e instanceof SeriesRequestError) throw new ApiFailure('invalid', e.message);
      throw e;
    }
  },
};
