// The main view: the filter and facets, the toolbar, and the run table with its menu.
// What the user chose (filter, sort, selection) comes from the UI store; the runs from
// the run store; the shell hands down only what it works out once for every view.
import { useCallback, useMemo, useRef, useState, type RefObject } from 'react';
import { useAppInfo } from '../api/ApiContext';
import { FilterBox } from '../filter/FilterBox';
import { Facets } from '../filter/Facets';
import { ALL_FOLDERS } from '../state/allFolders';
import type { RunStoreState } from '../state/runStore';
import type { DiskUsageState } from '../state/useDiskUsage';
import { useRunStoreState } from '../state/useRunStore';
import type { RunViewResult } from '../state/useRunView';
import { useRunStore, useUi, useUiStore } from '../state/useUi';
import { ColumnChooser } from '../table/ColumnChooser';
import { RowMenu, type MenuItem } from '../table/RowMenu';
import { csvFileName, downloadText, tableCsv } from '../table/exportCsv';
import { RunTable } from '../table/RunTable';
import { SavedViews } from '../table/SavedViews';
import type { View } from './appState';
import { NoRuns, ScanProgressBar } from './EmptyState';
import { IndexNotice } from './IndexNotice';
import { Toolbar } from './Toolbar';
import type { RunActions } from './useRunActions';
import type { SweepTable } from './useSweepTable';
import { shortId } from '../../shared/format';

export interface RunsPageProps {
  view: RunViewResult;
  /** What is wrong with the filter, or why it shows nothing (the shell's, shared by every view). */
  filterErrors: string[];
  filterRef: RefObject<HTMLInputElement | null>;
  sweep: SweepTable;
  du: DiskUsageState;
  now: number;
  actions: RunActions;
  /** Entries in the trash, for the Trash button's badge. */
  trashCount?: number | null;
}

export function RunsPage(p: RunsPageProps) {
  const { view, actions, sweep } = p;
  const store = useRunStore();
  const s = useRunStoreState(store);
  const ui = useUiStore();
  const selection = useUi((u) => u.selection);
  const filterText = useUi((u) => u.filterText);
  const sort = useUi((u) => u.sort);
  const viewKind = useUi((u) => u.view.kind);
  const busy = useUi((u) => u.busy);
  const recent = useUi((u) => u.recent);
  const readOnly = useAppInfo()?.readOnly ?? false;
  const [menu, setMenu] = useState<{ id: string; x: number; y: number } | null>(null);
  const selected = [...selection.ids];
  const rows = view.rows;
  const onRowClick = useCallback(
    (id: string, mods: { toggle: boolean; range: boolean }) => ui.clickRow(id, rows, mods),
    [rows, ui],
  );
  const onRowMenu = useCallback(
    (id: string, x: number, y: number) => {
      ui.pointAt(id);
      setMenu({ id, x, y });
    },
    [ui],
  );
  const onOpenRun = useCallback((id: string) => ui.openRun(id), [ui]);
  const onFilterChange = useCallback((text: string) => ui.setFilter(text), [ui]);
  const onSort = useCallback((spec: typeof sort) => ui.setSort(spec), [ui]);
  const isFlashing = useCallback((id: string) => store.isFlashing(id), [store]);
  const closeMenu = useCallback(() => setMenu(null), []);
  const tableRef = useRef<HTMLDivElement>(null);
  // The sizes map is filled in place; its version says when, so the table renders again.
  const env = useMemo(
    () => ({ sizes: p.du.sizes, now: p.now, sizesVersion: p.du.version }),
    [p.du.sizes, p.now, p.du.version],
  );
  const leaveFilter = useCallback(
    ({ toFirstRow }: { toFirstRow: boolean }) => {
      if (toFirstRow) ui.cursorToRows(rows);
      tableRef.current?.focus();
    },
    [rows, ui],
  );

  const menuItems = (id: string): MenuItem[] => {
    const run = store.get(id);
    const targets = selection.ids.has(id) ? selected : [id];
    const pinned = run?.tags.includes('keep') ?? false;
    return [
      { label: 'Open', run: () => ui.openRun(id) },
      { label: 'Copy id', run: () => actions.copyId(id) },
      { label: 'Copy path', run: () => actions.copyPath(id) },
      { label: 'Resume…', run: () => ui.openDialog({ kind: 'resume', runId: id }), disabled: readOnly },
      { label: 'Edit…', run: () => ui.openDialog({ kind: 'edit', runId: id }), disabled: readOnly },
      ...(targets.length > 1
        ? [
            {
              label: `Tags of ${targets.length} runs…`,
              run: () => ui.openDialog({ kind: 'tags', runIds: targets }),
              disabled: readOnly,
            },
            {
              label: `Pin ${targets.length} runs…`,
              run: () => ui.openDialog({ kind: 'tags', runIds: targets, add: ['keep'] }),
              disabled: readOnly,
            },
            {
              label: `Unpin ${targets.length} runs…`,
              run: () => ui.openDialog({ kind: 'tags', runIds: targets, remove: ['keep'] }),
              disabled: readOnly,
            },
          ]
        : [{ label: pinned ? 'Unpin' : 'Pin', run: () => run && actions.togglePin(run), disabled: readOnly || !run }]),
      ...(targets.length >= 2
        ? [
            { label: `Compare ${targets.length} runs`, run: () => ui.openView({ kind: 'compare', runIds: targets }) },
            {
              label: `Plot results of ${targets.length} runs`,
              run: () => ui.openView({ kind: 'compare', runIds: targets, chart: true }),
            },
          ]
        : []),
      {
        label: targets.length > 1 ? `Move ${targets.length} runs to trash` : 'Move to trash',
        run: () => ui.openDialog({ kind: 'prune', selection: targets }),
        disabled: readOnly,
        danger: true,
      },
    ];
  };

  const scanning = s.scanning || s.progress !== null;
  const empty = s.loaded && s.count === 0 && !scanning;
  return (
    <div className="runs-page">
      <div className="runs-top">
        <FilterBox
          ref={p.filterRef}
          value={filterText}
          onChange={onFilterChange}
          errors={p.filterErrors}
          shown={rows.length}
          total={s.count}
          pending={view.pending}
          loadingValues={sweep.filterPaths.length ? sweep.valueState.loading : null}
          onLeave={leaveFilter}
        />
        {scanning && <ScanProgressBar progress={s.progress} />}
      </div>
      <IndexNotice dir={s.dir} />
      <Toolbar
        selected={selected.length}
        readOnly={readOnly}
        view={viewKind}
        onOpen={() => selected[0] && ui.openRun(selected[0])}
        onResume={() => selected[0] && ui.openDialog({ kind: 'resume', runId: selected[0] })}
        onPrune={() => ui.openDialog({ kind: 'prune', selection: [] })}
        onTrash={() => ui.openDialog({ kind: 'prune', selection: selected })}
        onTags={() => selected.length && ui.openDialog({ kind: 'tags', runIds: selected })}
        onCompare={() => ui.openView({ kind: 'compare', runIds: selected })}
        onView={(kind) => ui.openView({ kind } as View)}
        trashCount={p.trashCount}
      >
        <div className="toolbar-group">
          <ColumnChooser visible={sweep.columns} onChange={sweep.setColumns} allFolders={s.dir === ALL_FOLDERS} />
          <SavedViews
            views={sweep.views}
            onApply={sweep.applyView}
            onSave={sweep.saveView}
            onDelete={sweep.deleteView}
            canSave={s.dir !== null}
          />
          <button
            type="button"
            title={
              sweep.valueState.loading
                ? 'Waiting for the run values to load'
                : 'Download the table as shown (filter, columns, order) as a CSV file'
            }
            disabled={sweep.valueState.loading !== null}
            onClick={() =>
              downloadText(
                csvFileName(s.dir),
                tableCsv(rows, sweep.columns, { values: sweep.values.lookup, sizes: p.du.sizes, now: p.now }),
              )
            }
          >
            Export CSV
          </button>
        </div>
      </Toolbar>
      {empty ? (
        <div className="runs-empty">
          <NoRuns
            dir={s.dir ?? ''}
            readOnly={readOnly}
            busy={busy}
            recent={recent}
            onCreateDemo={(d) => ui.whileBusy(actions.createDemo(d))}
          />
        </div>
      ) : (
        <div className="runs-body">
          <Facets
            filterText={filterText}
            onFilterChange={onFilterChange}
            statusCounts={view.statusCounts}
            tagCounts={view.tagCounts}
          />
          {!s.loaded ? (
            <p className="muted loading" role="status">
              Reading the runs folder…
            </p>
          ) : (
            <RunTable
              rows={rows}
              visibleColumns={sweep.columns}
              widths={sweep.widths}
              onResize={sweep.resize}
              values={sweep.values}
              valuesVersion={sweep.valueState.version}
              sort={sort}
              onSort={onSort}
              selection={selection}
              onRowClick={onRowClick}
              onOpen={onOpenRun}
              onRowMenu={onRowMenu}
              isFlashing={isFlashing}
              flashTick={s.flashTick}
              env={env}
              onWindow={p.du.want}
              containerRef={tableRef}
            />
          )}
        </div>
      )}
      {(s.problems.length > 0 || s.nonRuns.some(isNotable)) && (
        <FolderNotes problems={s.problems} nonRuns={s.nonRuns} />
      )}
      {menu && (
        <RowMenu
          x={menu.x}
          y={menu.y}
          label={`Actions for run ${shortId(menu.id)}`}
          items={menuItems(menu.id)}
          onClose={closeMenu}
        />
      )}
    </div>
  );
}

/** The module's own index and `current` link belong in every runs folder; a note about only those is noise. */
const isNotable = (e: RunStoreState['nonRuns'][number]) => e.kind !== 'dotfile' && e.kind !== 'current-link';

function FolderNotes({
  problems,
  nonRuns,
}: {
  problems: RunStoreState['problems'];
  nonRuns: RunStoreState['nonRuns'];
}) {
  return (
    <details className="folder-notes">
      <summary>
        {problems.length} problem{problems.length === 1 ? '' : 's'} and {nonRuns.length} other entr
        {nonRuns.length === 1 ? 'y' : 'ies'} in this folder
      </summary>
      <ul>
        {problems.map((x, i) => (
          <li key={`p${i}`}>
            <code>{x.file}</code>: {x.message}
          </li>
        ))}
        {nonRuns.map((e) => (
          <li key={`e${e.name}`} className="muted">
            <code>{e.name}</code> ({e.kind}): {e.detail}
          </li>
        ))}
      </ul>
    </details>
  );
}
