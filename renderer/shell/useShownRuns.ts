// What the run table shows, worked out from the runs, the filter, the sort and the chosen
// columns: the sweep table's columns and values, disk sizes when a column or the sort
// needs them, the filtered and sorted rows, and every message about the filter.
import { useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../../shared/api/client';
import type { Settings } from '../../shared/api/models';
import { absentValueHints } from '../../shared/filter-hints';
import type { RunStore } from '../state/runStore';
import type { SortSpec } from '../state/sortKeys';
import { useDiskUsage } from '../state/useDiskUsage';
import { useRunView } from '../state/useRunView';
import { ValueStore } from '../state/valueStore';
import type { SettingsPatch } from './useSettings';
import { useSweepTable } from './useSweepTable';

export function useShownRuns(p: {
  client: ApiClient;
  store: RunStore;
  settings: Settings | null;
  updateSettings: (patch: SettingsPatch) => void;
  filterText: string;
  sort: SortSpec;
  allFolders: boolean;
  /** Runs in the store. */
  count: number;
}) {
  const { client, store, settings, updateSettings, filterText, sort, allFolders, count } = p;
  const [values] = useState(() => new ValueStore());
  const chosenLayout = useSweepTable(client, store, values, settings, updateSettings, filterText, sort);
  // All folders shows which folder each run is in, first; the choice of columns stays the folder's.
  const sweep = useMemo(
    () =>
      allFolders
        ? { ...chosenLayout, columns: ['folder', ...chosenLayout.columns.filter((c) => c !== 'folder')] }
        : chosenLayout,
    [chosenLayout, allFolders],
  );
  // In All folders the client measures each run in its own folder (renderer/api/allFoldersClient.ts).
  const du = useDiskUsage(client, store, sweep.columns.includes('size') || sort.column === 'size', allFolders);
  const { wantAll } = du;
  // Sorting by size needs every size once; runs that change later are asked again as they come into view.
  useEffect(() => {
    if (sort.column === 'size') wantAll();
  }, [sort.column, wantAll]);
  const runView = useRunView(store, filterText, sort, du.sizes, du.version, values.lookup, sweep.viewValuesVersion);

  // Only when nothing matches, so the whole list is walked once per filter, not per keystroke that matches.
  const nothingShown = runView.rows.length === 0 && !runView.pending && count > 0;
  const absent = useMemo(
    () =>
      nothingShown
        ? absentValueHints(
            runView.parsed,
            Array.from(store.values(), (e) => e.run),
          )
        : [],
    [nothingShown, runView.parsed, store],
  );
  const filterErrors = useMemo(
    () => [...runView.parsed.errors, ...sweep.valueErrors, ...absent],
    [runView.parsed.errors, sweep.valueErrors, absent],
  );
  return { sweep, du, runView, filterErrors };
}
