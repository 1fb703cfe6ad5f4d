// The main view: the filter and facets, the toolbar, and the run table with its menu.
import { useCallback, useMemo, useRef, useState, type Dispatch, type RefObject, type SetStateAction } from 'react';
import { FilterBox } from '../filter/FilterBox';
import { Facets } from '../filter/Facets';
import type { RunStore, RunStoreState } from '../state/runStore';
import { clickSelect, moveCursor, type Selection } from '../state/selection';
import type { ColumnId, SortSpec } from '../state/sortKeys';
import type { DiskUsageState } from '../state/useDiskUsage';
import type { RunViewResult } from '../state/useRunView';
import { ColumnChooser } from '../table/ColumnChooser';
import { RowMenu, type MenuItem } from '../table/RowMenu';
import { RunTable } from '../table/RunTable';
import type { Dialog, View } from './appState';
import { NoRuns, ScanProgressBar } from './EmptyState';
import { Toolbar } from './Toolbar';
import type { RunActions } from './useRunActions';

export interface RunsPageProps {
  store: RunStore;
  storeState: RunStoreState;
  view: RunViewResult;
  filterText: string;
  onFilterChange(text: string): void;
  filterRef: RefObject<HTMLInputElement | null>;
  sort: SortSpec;
  onSort(s: SortSpec): void;
  selection: Selection;
  setSelection: Dispatch<SetStateAction<Selection>>;
  visibleColumns: ColumnId[];
  onColumns(cols: ColumnId[]): void;
  du: DiskUsageState;
  now: number;
  readOnly: boolean;
  busy: boolean;
  recent: string[];
  actions: RunActions;
  onOpenRun(id: string): void;
  setDialog(d: Dialog): void;
  setView(v: View): void;
  viewKind: View['kind'];
  onCreateDemo(dir: string): void;
}

export function RunsPage(p: RunsPageProps) {
  const { store, storeState: s, view, selection, setSelection, actions, readOnly } = p;
  const [menu, setMenu] = useState<{ id: string; x: number; y: number } | null>(null);
  const selected = [...selection.ids];
  const rows = view.rows;
  const onRowClick = useCallback((id: string, mods: { toggle: boolean; range: boolean }) => setSelection((sel) => clickSelect(sel, id, rows, mods)), [rows, setSelection]);
  const onRowMenu = useCallback((id: string, x: number, y: number) => {
    setSelection((sel) => (sel.ids.has(id) ? { ...sel, cursor: id } : { ids: new Set([id]), anchor: id, cursor: id }));
    setMenu({ id, x, y });
  }, [setSelection]);
  const isFlashing = useCallback((id: string) => store.isFlashing(id), [store]);
  const closeMenu = useCallback(() => setMenu(null), []);
  const tableRef = useRef<HTMLDivElement>(null);
  // The sizes map is filled in place; its version says when, so the table renders again.
  const env = useMemo(() => ({ sizes: p.du.sizes, now: p.now, sizesVersion: p.du.version }), [p.du.sizes, p.now, p.du.version]);
  const leaveFilter = useCallback(({ toFirstRow }: { toFirstRow: boolean }) => {
    if (toFirstRow) setSelection((sel) => (sel.cursor !== null && rows.some((r) => r.run_id === sel.cursor) ? sel : moveCursor(sel, rows, 1, false)));
    tableRef.current?.focus();
  }, [rows, setSelection]);

  const menuItems = (id: string): MenuItem[] => {
    const run = store.get(id);
    const targets = selection.ids.has(id) ? selected : [id];
    const pinned = run?.tags.includes('keep') ?? false;
    return [
      { label: 'Open', run: () => p.onOpenRun(id) },
      { label: 'Copy id', run: () => actions.copyId(id) },
      { label: 'Copy path', run: () => actions.copyPath(id) },
      { label: 'Resume…', run: () => p.setDialog({ kind: 'resume', runId: id }), disabled: readOnly },
      { label: 'Edit…', run: () => p.setDialog({ kind: 'edit', runId: id }), disabled: readOnly },
      { label: pinned ? 'Unpin' : 'Pin', run: () => run && actions.togglePin(run), disabled: readOnly || !run },
      ...(targets.length >= 2 ? [{ label: `Compare ${targets.length} runs`, run: () => p.setView({ kind: 'compare', runIds: targets }) }] : []),
      { label: targets.length > 1 ? `Move ${targets.length} runs to trash` : 'Move to trash', run: () => p.setDialog({ kind: 'prune', selection: targets }), disabled: readOnly, danger: true },
    ];
  };

  const scanning = s.scanning || s.progress !== null;
  const empty = s.loaded && s.count === 0 && !scanning;
  return (
    <div className="runs-page">
      <div className="runs-top">
        <FilterBox ref={p.filterRef} value={p.filterText} onChange={p.onFilterChange} errors={view.parsed.errors} shown={rows.length} total={s.count} pending={view.pending} onLeave={leaveFilter} />
        {scanning && <ScanProgressBar progress={s.progress} />}
      </div>
      <Toolbar
        selected={selected.length} readOnly={readOnly} view={p.viewKind}
        onOpen={() => selected[0] && p.onOpenRun(selected[0])}
        onResume={() => selected[0] && p.setDialog({ kind: 'resume', runId: selected[0] })}
        onPrune={() => p.setDialog({ kind: 'prune', selection: [] })}
        onTrash={() => p.setDialog({ kind: 'prune', selection: selected })}
        onCompare={() => p.setView({ kind: 'compare', runIds: selected })}
        onView={(kind) => p.setView({ kind } as View)}
      >
        <ColumnChooser visible={p.visibleColumns} onChange={p.onColumns} />
      </Toolbar>
      {empty ? <div className="runs-empty"><NoRuns dir={s.dir ?? ''} readOnly={readOnly} busy={p.busy} recent={p.recent} onCreateDemo={p.onCreateDemo} /></div> : (
        <div className="runs-body">
          <Facets filterText={p.filterText} onFilterChange={p.onFilterChange} statusCounts={view.statusCounts} tagCounts={view.tagCounts} />
          {!s.loaded ? <p className="muted loading" role="status">Reading the runs folder…</p> : (
            <RunTable
              rows={rows} visibleColumns={p.visibleColumns} sort={p.sort} onSort={p.onSort} selection={selection}
              onRowClick={onRowClick} onOpen={p.onOpenRun} onRowMenu={onRowMenu} isFlashing={isFlashing} flashTick={s.flashTick}
              env={env} onWindow={p.du.want} containerRef={tableRef}
            />
          )}
        </div>
      )}
      {(s.problems.length > 0 || s.nonRuns.some(isNotable)) && <FolderNotes problems={s.problems} nonRuns={s.nonRuns} />}
      {menu && <RowMenu x={menu.x} y={menu.y} label={`Actions for run ${menu.id.slice(0, 8)}`} items={menuItems(menu.id)} onClose={closeMenu} />}
    </div>
  );
}

/** The module's own index and `current` link belong in every runs folder; a note about only those is noise. */
const isNotable = (e: RunStoreState['nonRuns'][number]) => e.kind !== 'dotfile' && e.kind !== 'current-link';

function FolderNotes({ problems, nonRuns }: { problems: RunStoreState['problems']; nonRuns: RunStoreState['nonRuns'] }) {
  return (
    <details className="folder-notes">
      <summary>{problems.length} problem{problems.length === 1 ? '' : 's'} and {nonRuns.length} other entr{nonRuns.length === 1 ? 'y' : 'ies'} in this folder</summary>
      <ul>
        {problems.map((x, i) => <li key={`p${i}`}><code>{x.file}</code>: {x.message}</li>)}
        {nonRuns.map((e) => <li key={`e${e.name}`} className="muted"><code>{e.name}</code> ({e.kind}): {e.detail}</li>)}
      </ul>
    </details>
  );
}
