// The filtered, sorted, counted view of the store for the current filter text and sort.
// The filter text is deferred, so typing stays responsive while 100k rows are matched.
import { useDeferredValue, useMemo, useRef } from 'react';
import { parseFilter, type ParsedFilter } from '../../shared/filter-parse';
import type { ValueLookup } from '../../shared/values';
import type { RunStore } from './runStore';
import { computeView, type RunView } from './runView';
import type { SortSpec } from './sortKeys';
import { useRunStoreState } from './useRunStore';

export interface RunViewResult extends RunView {
  parsed: ParsedFilter;
  /** True while the shown rows still belong to an older filter text. */
  pending: boolean;
}

export function useRunView(
  store: RunStore,
  filterText: string,
  sort: SortSpec,
  sizes: ReadonlyMap<string, number>,
  sizesVersion: number,
  values?: ValueLookup,
  /** Changes when values the filter or the sort uses arrive; 0 when neither uses any. */
  valuesVersion = 0,
): RunViewResult {
  const deferred = useDeferredValue(filterText);
  const parsed = useMemo(() => parseFilter(deferred), [deferred]);
  const { version } = useRunStoreState(store);
  const prev = useRef<RunView | null>(null);
  const view = useMemo(() => {
    // `version` is read so the view recomputes when runs change.
    void version;
    const v = computeView(store, { filter: parsed, sort, sizes, sizesVersion, values, valuesVersion }, prev.current);
    prev.current = v;
    return v;
  }, [store, version, parsed, sort, sizes, sizesVersion, values, valuesVersion]);
  return { ...view, parsed, pending: deferred !== filterText };
}
