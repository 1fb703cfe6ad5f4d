// The app once connected: header, the current view, dialogs and notices. It owns the
// run store, the filter, sort and selection, and which view and dialog are open.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError } from '../../shared/api/result';
import { useApi, useAppInfo } from '../api/ApiContext';
import type { LiveRuns } from '../state/liveRuns';
import { RunStore } from '../state/runStore';
import { emptySelection, keepVisible, type Selection } from '../state/selection';
import { COLUMN_IDS, DEFAULT_SORT, isColumnId, type ColumnId, type SortSpec } from '../state/sortKeys';
import { useDiskUsage } from '../state/useDiskUsage';
import { useLiveRuns, useRunStoreState } from '../state/useRunStore';
import { useRunView } from '../state/useRunView';
import type { Dialog, View } from './appState';
import { Dialogs, Overlays, WholeDirViews } from './FeatureHost';
import { InPage, prefetchViews, RunDetailView } from './lazyViews';
import { ViewSwitch } from './Toolbar';
import { Header } from './Header';
import { useNotify } from './notices';
import { RunsPage } from './RunsPage';
import { useRunActions } from './useRunActions';
import { useSettings } from './useSettings';
import { useTheme } from './useTheme';
import { useClock, useShellKeys } from './useShellKeys';
import { useCopy } from '../ui/useCopy';
import { LoadError, NoFolder } from './EmptyState';

/** `live`: the store and its wiring when start-up made them (renderer/boot.ts); else the shell makes its own. */
export function AppShell({ epoch = 0, live }: { epoch?: number; live?: LiveRuns }) {
  const client = useApi();
  const info = useAppInfo();
  const notify = useNotify();
  const [store] = useState(() => live?.store ?? new RunStore());
  useEffect(() => (store === live?.store ? undefined : () => store.dispose()), [store, live]);
  const s = useRunStoreState(store);
  const reload = useLiveRuns(client, store, live);
  const readOnly = info?.readOnly ?? false;
  const { settings, update: updateSettings } = useSettings(client, readOnly, notify);
  useTheme(settings?.theme);

  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [recent, setRecent] = useState<string[]>([]);
  const [filterText, setFilterText] = useState('');
  const [sort, setSort] = useState<SortSpec>(DEFAULT_SORT);
  const [selection, setSelection] = useState<Selection>(emptySelection);
  const [view, setView] = useState<View>({ kind: 'table' });
  const [dialog, setDialog] = useState<Dialog>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const now = useClock();

  const dirKnown = s.loaded || !!info?.dir;
  const refresh = useCallback(async () => {
    const err = await reload();
    setLoadError(err);
  }, [reload]);
  const fetchRecent = useCallback(() => {
    void client.call('dir.recent', {}).then((r) => { if (r.ok) setRecent(r.value); });
  }, [client]);
  // On start and after every reconnect: the server may have changed while we were away.
  useEffect(() => {
    fetchRecent();
    if (info?.dir || store.getState().loaded) void refresh();
  }, [epoch, info?.dir, refresh, fetchRecent, store]);

  // The other views' code, once the run list is in and the browser is idle, so opening
  // one later does not wait for it. (Where there is no requestIdleCallback — Safari, jsdom
  // — each loads when first opened.)
  const listed = s.loaded && !s.scanning && s.progress === null;
  useEffect(() => {
    if (!listed || typeof requestIdleCallback !== 'function') return;
    const handle = requestIdleCallback(prefetchViews, { timeout: 10_000 });
    return () => cancelIdleCallback(handle);
  }, [listed]);

  const onOpened = useCallback(() => {
    setLoadError(null);
    fetchRecent();
  }, [fetchRecent]);
  // Another folder (from here, the desktop menu or another window): start fresh in it.
  useEffect(() => {
    setSelection(emptySelection);
    setView({ kind: 'table' });
  }, [s.dir]);
  const actions = useRunActions(client, store, notify, onOpened);
  const copy = useCopy();
  const withBusy = (p: Promise<void>) => { setBusy(true); void p.finally(() => setBusy(false)); };

  const visibleColumns = useMemo<ColumnId[]>(() => {
    const chosen = (settings?.columns ?? []).filter(isColumnId);
    return chosen.length ? chosen : [...COLUMN_IDS];
  }, [settings?.columns]);
  const du = useDiskUsage(client, store, visibleColumns.includes('size') || sort.column === 'size');
  const { wantAll } = du;
  // Sorting by size needs every size once; runs that change later are asked again as they come into view.
  useEffect(() => { if (sort.column === 'size') wantAll(); }, [sort.column, wantAll]);
  const runView = useRunView(store, filterText, sort, du.sizes, du.version);

  // Keep the selection to rows the table shows, so actions never hit hidden runs.
  useEffect(() => {
    setSelection((sel) => {
      if (sel.ids.size === 0 && sel.cursor === null) return sel;
      const shown = new Set(runView.rows.map((r) => r.run_id));
      return keepVisible(sel, shown);
    });
  }, [runView.rows]);
  // A watched run that ends is news even when its row is off screen.
  useEffect(() => client.on('run.finished', (e) => {
    notify.info(`Run ${e.run_id.slice(0, 8)} ${e.status}: ${e.description}`, { label: 'Open', run: () => setView({ kind: 'detail', runId: e.run_id }) });
  }), [client, notify]);

  useShellKeys({ client, store, view, setView, dialog, setDialog, selection, setSelection, rows: runView.rows, filterRef, actions, refresh, readOnly });

  const openRun = useCallback((id: string) => setView({ kind: 'detail', runId: id }), []);

  let body: React.ReactNode;
  if (!dirKnown) {
    body = <NoFolder canPick={info?.transport === 'ipc'} recent={recent} readOnly={readOnly} busy={busy}
      onPick={() => withBusy(actions.pickDir())} onOpen={(d) => withBusy(actions.openDir(d))} onCreateDemo={(d) => withBusy(actions.createDemo(d))} />;
  } else if (loadError && !s.loaded) {
    body = <LoadError message={loadError.message} onRetry={() => void refresh()} />;
  } else if (view.kind === 'detail') {
    body = (
      <InPage what="the run">
        <RunDetailView key={`${view.runId}:${epoch}`} runId={view.runId} run={store.get(view.runId)} now={now} tab={view.tab}
          actions={{
            onBack: () => setView({ kind: 'table' }),
            onOpenRun: openRun,
            onResume: (runId, checkpoint) => setDialog({ kind: 'resume', runId, checkpoint }),
            onEdit: (runId) => setDialog({ kind: 'edit', runId }),
            onTogglePin: actions.togglePin,
            onTrash: (ids) => setDialog({ kind: 'prune', selection: ids }),
            onCopy: copy,
            onReveal: actions.reveal,
          }} />
      </InPage>
    );
  } else if (view.kind === 'charts' || view.kind === 'lineage') {
    body = (
      <div className="whole-dir-page">
        <div className="toolbar"><ViewSwitch view={view.kind} onView={(kind) => setView({ kind })} /></div>
        <WholeDirViews view={view} rows={runView.rows} onOpenRun={openRun} />
      </div>
    );
  } else {
    body = (
      <RunsPage viewKind={view.kind}
        store={store} storeState={s} view={runView} filterText={filterText} onFilterChange={setFilterText} filterRef={filterRef}
        sort={sort} onSort={setSort} selection={selection} setSelection={setSelection} visibleColumns={visibleColumns}
        onColumns={(columns) => updateSettings({ columns })} du={du} now={now} readOnly={readOnly} busy={busy}
        recent={recent} actions={actions} onOpenRun={openRun} setDialog={setDialog} setView={setView}
        onCreateDemo={(d) => withBusy(actions.createDemo(d))}
      />
    );
  }

  return (
    <div className="app">
      <Header info={info} dir={s.dir ?? info?.dir ?? null} recent={recent} theme={settings?.theme ?? 'system'} watchMode={s.watchMode} busy={busy}
        onTheme={(theme) => updateSettings({ theme })} onPick={() => withBusy(actions.pickDir())} onOpen={(d) => withBusy(actions.openDir(d))} />
      <main className="app-main">{body}</main>
      <Overlays view={view} onClose={() => setView({ kind: 'table' })} onRestored={(ids) => notify.info(`Restored ${ids.length} run${ids.length === 1 ? '' : 's'} from the trash.`)} />
      <Dialogs dialog={dialog} store={store} onClose={() => setDialog(null)}
        onRemoved={(ids) => { actions.removed(ids); setSelection(emptySelection); }}
        onCreated={(run) => notify.info(`Created run ${run.run_id.slice(0, 8)} (${run.description}).`, { label: 'Open', run: () => openRun(run.run_id) })} />
    </div>
  );
}
