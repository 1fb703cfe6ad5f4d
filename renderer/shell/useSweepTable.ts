// The run table as a sweep table: which columns (the address, else the folder's saved
// choice), their widths, the run values the filter, the sort and the value columns need
// (fetched and cached, state/valueStore.ts), and the folder's saved views. Changes are
// saved per runs folder in the settings (columnsByDir, columnWidthsByDir, viewsByDir).
import { useCallback, useMemo } from 'react';
import type { ApiClient } from '../../shared/api/client';
import type { SavedView, Settings } from '../../shared/api/models';
import { parseFilter, requiredPaths } from '../../shared/filter-parse';
import type { RunStore } from '../state/runStore';
import { isValueColumn, type SortSpec } from '../state/sortKeys';
import { normalizeColumns, tableLayout, type TableLayout } from '../state/tableColumns';
import { parseSort, sortText } from '../state/urlState';
import { useRunStoreState } from '../state/useRunStore';
import { useRunValues } from '../state/useRunValues';
import { useUi, useUiStore } from '../state/useUi';
import type { ValueStore, ValueStoreState } from '../state/valueStore';
import type { SettingsPatch } from './useSettings';

export interface SweepTable extends TableLayout {
  values: ValueStore;
  valueState: ValueStoreState;
  /** Changes when values the rows' filter or order depend on arrive; 0 when they depend on none. */
  viewValuesVersion: number;
  /** The value paths the filter compares. */
  filterPaths: string[];
  /** Sentences for the filter box: paths no run has, a failed fetch. */
  valueErrors: string[];
  views: SavedView[];
  setColumns(cols: string[]): void;
  resize(id: string, px: number): void;
  saveView(name: string): void;
  deleteView(name: string): void;
  applyView(v: SavedView): void;
}

const NO_VIEWS: SavedView[] = [];

export function useSweepTable(
  client: ApiClient,
  store: RunStore,
  values: ValueStore,
  settings: Settings | null,
  updateSettings: (patch: SettingsPatch) => void,
  filterText: string,
  sort: SortSpec,
): SweepTable {
  const ui = useUiStore();
  const fromAddress = useUi((u) => u.columns);
  const { dir } = useRunStoreState(store);
  const layout = useMemo(() => tableLayout(settings, dir, fromAddress), [settings, dir, fromAddress]);
  const filterKey = useMemo(() => requiredPaths(parseFilter(filterText)).join('\n'), [filterText]);
  const filterPaths = useMemo(() => (filterKey ? filterKey.split('\n') : []), [filterKey]);
  const sortsByValue = isValueColumn(sort.column);
  const paths = useMemo(
    () => [
      ...new Set([...filterPaths, ...(sortsByValue ? [sort.column] : []), ...layout.columns.filter(isValueColumn)]),
    ],
    [filterPaths, sortsByValue, sort.column, layout.columns],
  );
  const valueState = useRunValues(client, store, values, paths);
  const valueErrors = useMemo(() => {
    // Only once every run has answered: a path the first batch lacks may be in the next.
    const missing = valueState.loading ? [] : values.missing(filterPaths);
    return valueState.error ? [...missing, valueState.error] : missing;
  }, [values, filterPaths, valueState]);

  const setColumns = useCallback(
    (cols: string[]) => {
      const columns = normalizeColumns(cols);
      ui.setColumns(columns);
      if (dir) updateSettings({ dirColumns: { dir, columns } });
    },
    [ui, dir, updateSettings],
  );
  const resize = useCallback(
    (id: string, px: number) => {
      if (dir) updateSettings({ dirColumns: { dir, columns: layout.columns, widths: { ...layout.widths, [id]: px } } });
    },
    [dir, layout, updateSettings],
  );
  const views = (dir && settings?.viewsByDir?.[dir]) || NO_VIEWS;
  const saveViews = useCallback(
    (next: SavedView[]) => {
      if (dir) updateSettings({ dirViews: { dir, views: next } });
    },
    [dir, updateSettings],
  );
  const saveView = useCallback(
    (name: string) => {
      const view = { name, filter: filterText, columns: layout.columns, sort: sortText(sort) };
      saveViews([...views.filter((v) => v.name !== name), view]);
    },
    [filterText, layout.columns, sort, views, saveViews],
  );
  const deleteView = useCallback((name: string) => saveViews(views.filter((v) => v.name !== name)), [views, saveViews]);
  const applyView = useCallback(
    (v: SavedView) =>
      ui.applyTableView({ filterText: v.filter, sort: parseSort(v.sort), columns: normalizeColumns(v.columns) }),
    [ui],
  );

  return {
    ...layout,
    values,
    valueState,
    viewValuesVersion: filterPaths.length || sortsByValue ? valueState.version : 0,
    filterPaths,
    valueErrors,
    views,
    setColumns,
    resize,
    saveView,
    deleteView,
    applyView,
  };
}
