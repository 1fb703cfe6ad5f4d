// The app once connected: header, the current view, dialogs and notices. It makes the
// two stores — the runs (state/runStore.ts) and what the user is looking at
// (state/uiStore.ts) — and provides them; the views read their own slices.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi, useAppInfo } from '../api/ApiContext';
import type { LiveRuns } from '../state/liveRuns';
import { RunStore } from '../state/runStore';
import { UiStore } from '../state/uiStore';
import { useLiveRuns, useRunStoreState } from '../state/useRunStore';
import { RunStoreContext, UiStoreContext, useUi, useUiStore } from '../state/useUi';
import { Dialogs, Overlays, TrashPage, WholeDirViews } from './FeatureHost';
import { InPage, prefetchViews, RunDetailView } from './lazyViews';
import { ViewSwitch } from './ViewSwitch';
import { useTrash } from '../features/trash/useTrash';
import { Header } from './Header';
import { useNotify } from './notices';
import { RunsPage } from './RunsPage';
import { useRunActions } from './useRunActions';
import { useSettings } from './useSettings';
import { useTheme } from './useTheme';
import { useShownRuns } from './useShownRuns';
import { useUrlSync } from './useUrlSync';
import type { DetailTab } from '../detail/RunDetail';
import { useClock, useShellKeys } from './useShellKeys';
import { useCopy } from '../ui/useCopy';
import { LoadError, NoFolder } from './EmptyState';
import { FilterBox } from '../filter/FilterBox';
import { shortId } from '../../shared/format';
import type { AppInfo } from '../../shared/api/models';
import { ALL_FOLDERS } from '../state/allFolders';
import { FolderScope, useFolderChoice } from './folderChoice';
import { useFinishedNotices } from './useFinishedNotices';

/** `live`: the store and its wiring when start-up made them (renderer/boot.ts); else the shell makes its own. */
export function AppShell({ epoch = 0, live }: { epoch?: number; live?: LiveRuns }) {
  const [store] = useState(() => live?.store ?? new RunStore());
  useEffect(() => (store === live?.store ? undefined : () => store.dispose()), [store, live]);
  const [ui] = useState(() => new UiStore());
  // The app as the backend describes it; inside FolderScope, All folders shows it read-only.
  const appInfo = useAppInfo();
  return (
    <RunStoreContext.Provider value={store}>
      <UiStoreContext.Provider value={ui}>
        <FolderScope epoch={epoch}>
          <Shell epoch={epoch} live={live} store={store} appInfo={appInfo} />
        </FolderScope>
      </UiStoreContext.Provider>
    </RunStoreContext.Provider>
  );
}

interface ShellProps {
  epoch: number;
  live?: LiveRuns;
  store: RunStore;
  appInfo: AppInfo | null;
}

function Shell({ epoch, live, store, appInfo }: ShellProps) {
  const client = useApi();
  const info = useAppInfo();
  const notify = useNotify();
  const ui = useUiStore();
  const s = useRunStoreState(store);
  const liveRuns = useLiveRuns(client, store, live);
  const reload = liveRuns.reload;
  const readOnly = info?.readOnly ?? false;
  const { settings, update: updateSettings } = useSettings(client, readOnly, notify);
  useTheme(settings?.theme);

  const view = useUi((u) => u.view);
  const loadError = useUi((u) => u.loadError);
  const busy = useUi((u) => u.busy);
  const recent = useUi((u) => u.recent);
  const filterText = useUi((u) => u.filterText);
  const sort = useUi((u) => u.sort);
  const filterRef = useRef<HTMLInputElement>(null);
  const now = useClock();

  const dirKnown = s.loaded || !!info?.dir;
  const refresh = useCallback(async () => {
    ui.setLoadError(await reload());
  }, [reload, ui]);
  const fetchRecent = useCallback(() => {
    void client.call('dir.recent', {}).then((r) => {
      if (r.ok) ui.setRecent(r.value);
    });
  }, [client, ui]);
  // On start and after every reconnect: the server may have changed while we were away. A
  // folder the window waits for (connecting, not open) is loaded once it can be (folderChoice.tsx).
  const waiting = useRef(false);
  useEffect(() => {
    fetchRecent();
    if (!waiting.current && (info?.dir || store.getState().loaded)) void refresh();
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
  // The trash's count (on the Trash button) and list: read again when the folder's runs come or go.
  // All folders has no one trash (the Trash view asks for a folder).
  const allFolders = s.dir === ALL_FOLDERS;
  const readOnlyApp = appInfo?.readOnly ?? false;
  const choice = useFolderChoice({ client, live: liveRuns, ui, readOnly: readOnlyApp, notify, afterOpen: fetchRecent });
  // Asked again when the connection of a remote folder is back.
  const trash = useTrash({
    list: listed && !allFolders,
    refreshKey: `${s.dir ?? ''}|${s.count}|${epoch}|${choice.stale}`,
  });
  useUrlSync(ui);
  // Another folder (from here, the desktop menu or another window): start fresh in it.
  // The first folder is not "another": the view the address named on load stays.
  const shownDir = useRef(s.dir);
  useEffect(() => {
    if (s.dir === null || s.dir === shownDir.current) return;
    // A folder chosen here (the folder bar, a run opened from All folders) set its own view.
    if (shownDir.current !== null && s.dir !== ui.getState().folder) ui.newFolder();
    shownDir.current = s.dir;
  }, [s.dir, ui]);
  waiting.current = choice.waiting;
  const actions = useRunActions(client, store, notify, choice.opened);
  const openDir = (d: string) => choice.open(d, actions.openDir);
  const copy = useCopy();
  const withBusy = (p: Promise<void>) => ui.whileBusy(p);

  const { sweep, du, runView, filterErrors } = useShownRuns({
    client,
    store,
    settings,
    updateSettings,
    filterText,
    sort,
    allFolders,
    count: s.count,
  });

  // Keep the selection to rows the table shows, so actions never hit hidden runs.
  useEffect(() => {
    ui.keepVisible(runView.rows);
  }, [runView.rows, ui]);
  useFinishedNotices(client, notify, ui);

  useShellKeys({ client, rows: runView.rows, filterRef, actions, refresh, readOnly });

  const openRun = useCallback((id: string) => ui.openRun(id), [ui]);
  const onFilterChange = useCallback((text: string) => ui.setFilter(text), [ui]);
  const onTab = useCallback((tab: DetailTab) => ui.openTab(tab), [ui]);

  let body: React.ReactNode;
  if (choice.gate) {
    body = choice.gate;
  } else if (!dirKnown) {
    body = (
      <NoFolder
        canPick={info?.transport === 'ipc'}
        recent={recent}
        readOnly={readOnly}
        busy={busy}
        onPick={() => withBusy(actions.pickDir())}
        onOpen={openDir}
        onCreateDemo={(d) => withBusy(actions.createDemo(d))}
      />
    );
  } else if (loadError && !s.loaded) {
    body = <LoadError message={loadError.message} onRetry={() => void refresh()} />;
  } else if (view.kind === 'detail') {
    body = (
      <InPage what="the run">
        <RunDetailView
          key={`${view.runId}:${epoch}:${choice.stale}`}
          runId={view.runId}
          run={store.get(view.runId)}
          now={now}
          tab={view.tab}
          onTab={onTab}
          actions={{
            onBack: () => ui.closeView(),
            onOpenRun: openRun,
            onResume: (runId, checkpoint) => ui.openDialog({ kind: 'resume', runId, checkpoint }),
            onEdit: (runId) => ui.openDialog({ kind: 'edit', runId }),
            onTogglePin: actions.togglePin,
            onTrash: (ids) => ui.openDialog({ kind: 'prune', selection: ids }),
            onCopy: copy,
            onReveal: actions.reveal,
          }}
        />
      </InPage>
    );
  } else if (view.kind === 'charts' || view.kind === 'lineage') {
    body = (
      <div className="whole-dir-page">
        <div className="runs-top">
          <FilterBox
            ref={filterRef}
            value={filterText}
            onChange={onFilterChange}
            errors={filterErrors}
            shown={runView.rows.length}
            total={s.count}
            pending={runView.pending}
            loadingValues={sweep.filterPaths.length ? sweep.valueState.loading : null}
          />
        </div>
        <div className="toolbar">
          <ViewSwitch view={view.kind} onView={(kind) => ui.openView({ kind })} trashCount={trash.count} />
        </div>
        <WholeDirViews view={view} rows={runView.rows} onOpenRun={openRun} />
      </div>
    );
  } else if (view.kind === 'trash') {
    body = (
      <div className="whole-dir-page">
        <div className="toolbar">
          <ViewSwitch view="trash" onView={(kind) => ui.openView({ kind })} trashCount={trash.count} />
        </div>
        <TrashPage
          trash={trash}
          readOnly={readOnly}
          onRestored={(ids) => actions.settled(ids, 'restored')}
          onEmptied={(ids) => actions.settled(ids, 'deleted')}
        />
      </div>
    );
  } else {
    body = (
      <RunsPage
        view={runView}
        filterErrors={filterErrors}
        filterRef={filterRef}
        sweep={sweep}
        du={du}
        now={now}
        actions={actions}
        trashCount={trash.count}
      />
    );
  }

  return (
    <div className="app">
      {/* The first thing Tab reaches: straight past the header to the runs. */}
      <a
        className="skip-link"
        href="#run-table"
        onClick={(e) => {
          e.preventDefault();
          if (view.kind !== 'table') ui.closeView();
          requestAnimationFrame(() => document.getElementById('run-table')?.focus());
        }}
      >
        Skip to the run table
      </a>
      <Header
        info={appInfo}
        dir={allFolders ? 'All folders' : choice.waiting ? ui.getState().folder : (s.dir ?? info?.dir ?? null)}
        recent={recent}
        theme={settings?.theme ?? 'system'}
        watchMode={s.watchMode}
        busy={busy}
        onTheme={(theme) => updateSettings({ theme })}
        onPick={() => withBusy(actions.pickDir())}
        onOpen={openDir}
      />
      {choice.bar}
      <main className="app-main" data-stale={choice.stale || undefined}>
        {body}
      </main>
      <Overlays />
      <Dialogs
        onRemoved={(ids) => {
          actions.removed(ids);
          ui.clearSelection();
        }}
        onUndone={(ids) => actions.settled(ids, 'restored')}
        onTagged={actions.tagged}
        onCreated={(run) =>
          notify.info(`Created run ${shortId(run.run_id)} (${run.description}).`, {
            label: 'Open',
            run: () => openRun(run.run_id),
          })
        }
      />
    </div>
  );
}
