// Which of the backend's runs folders the window shows (the UI store's `folder`, kept in
// the address): the client every view uses names it in its requests, the run store
// loads it (or every folder, for All folders), and the folder bar offers the others.
// A folder the address names is waited for while it connects and said to be not open
// when it is not; one closed while shown gives way to the backend's current one.
import { useCallback, useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { ApiClient } from '../../shared/api/client';
import type { DirSnapshot, FolderInfo } from '../../shared/api/models';
import { parseRemoteDir } from '../../shared/remote-dir';
import { ApiProvider, useApi, useAppInfo } from '../api/ApiContext';
import { scopeClient } from '../api/scopedClient';
import { ALL_FOLDERS } from '../state/allFolders';
import { FoldersContext, ShownFolderContext, useFolderList, useShownFolder } from '../state/folderState';
import type { LiveRuns } from '../state/liveRuns';
import type { UiStore } from '../state/uiStore';
import { useUi } from '../state/useUi';
import { FolderBar, useFolders } from './FolderBar';
import { ConnectingGate, NotOpenGate } from './FolderGates';
import type { Notify } from './notices';

/**
 * Gives the views a client that names the folder shown, and the open folders. All folders
 * is for finding runs: what changes a run is done in the run's own folder, so there the
 * views get the read-only app they already know how to show.
 */
export function FolderScope({ epoch = 0, children }: { epoch?: number; children: ReactNode }) {
  const client = useApi();
  const info = useAppInfo();
  const folder = useUi((u) => u.folder);
  const folders = useFolders(client, epoch);
  const scoped = useMemo(() => scopeClient(client, folder), [client, folder]);
  const shownInfo = useMemo(
    () => (folder === ALL_FOLDERS && info ? { ...info, readOnly: true } : info),
    [info, folder],
  );
  const shown =
    folders && folder !== ALL_FOLDERS ? (folders.find((f) => (folder ? f.dir === folder : f.current)) ?? null) : null;
  return (
    <FoldersContext.Provider value={folders}>
      <ShownFolderContext.Provider value={shown}>
        <ApiProvider client={scoped} info={shownInfo}>
          {children}
        </ApiProvider>
      </ShownFolderContext.Provider>
    </FoldersContext.Provider>
  );
}

export interface FolderChoice {
  bar: ReactNode;
  /** Shown instead of the view while the folder named is connecting or not open. */
  gate: ReactNode;
  /** The folder shown lost its connection: its runs are as last seen. */
  stale: boolean;
  /** The folder named is not loaded yet: the backend has not said it is open and connected. */
  waiting: boolean;
  /** A folder the user opened is in: show it, unless they went elsewhere while it connected. */
  opened(snap: DirSnapshot): void;
  /** Opens a folder; a remote one connects in the background, so nothing waits for it. */
  open(dir: string, openDir: (dir: string) => Promise<void>): void;
}

export function useFolderChoice(p: {
  client: ApiClient;
  live: LiveRuns;
  ui: UiStore;
  readOnly: boolean;
  notify: Notify;
  afterOpen(): void;
}): FolderChoice {
  const { client, live, ui, readOnly, notify, afterOpen } = p;
  const folders = useFolderList();
  // All folders is never dimmed whole: the bar names each folder whose rows are as last seen.
  const shownFolder = useShownFolder();
  const folder = useUi((u) => u.folder);
  const named = folder && folder !== ALL_FOLDERS ? folder : null;
  const chosen = named ? folders?.find((f) => f.dir === named) : undefined;
  // A folder the address names is loaded once the backend holds it, connected.
  const ready = !named || (chosen !== undefined && chosen.state !== 'connecting');
  useEffect(() => {
    if (!ready || live.showing === folder) return;
    void live.setFolder(folder).then((e) => ui.setLoadError(e));
  }, [live, folder, ui, ready]);
  // A folder closed here or elsewhere while it was open: back to the backend's current one.
  const before = useRef<FolderInfo[]>([]);
  useEffect(() => {
    if (!folders) return;
    const was = before.current.find((f) => f.dir === named);
    before.current = folders;
    if (named && was && was.state !== 'connecting' && !folders.some((f) => f.dir === named)) ui.chooseFolder(null);
  }, [folders, named, ui]);

  const close = useCallback(
    (f: string) => {
      void client.call('dir.close', { dir: f }).then((r) => {
        if (!r.ok) notify.error(r.error);
        else if (ui.getState().folder === f) ui.chooseFolder(null);
      });
    },
    [client, notify, ui],
  );
  const openedFrom = useRef<string | null | undefined>(undefined);
  const opened = useCallback(
    (snap: DirSnapshot) => {
      const from = openedFrom.current;
      openedFrom.current = undefined;
      const now = ui.getState().folder;
      afterOpen();
      ui.setLoadError(null);
      if (from !== undefined && now !== from && now !== snap.dir) {
        notify.info(`Connected to ${snap.dir}.`, { label: 'Show', run: () => ui.chooseFolder(snap.dir) });
        return;
      }
      // By name, so the address says what is shown (dir=) whatever the backend calls current
      // later (another folder that finishes connecting becomes current).
      live.adopt(snap);
      ui.chooseFolder(snap.dir);
    },
    [afterOpen, live, notify, ui],
  );
  const open = useCallback(
    (dir: string, openDir: (dir: string) => Promise<void>) => {
      openedFrom.current = ui.getState().folder;
      const work = openDir(dir);
      if (!looksRemote(dir)) ui.whileBusy(work);
    },
    [ui],
  );

  const openNamed = (d: string) =>
    open(d, async () => {
      const r = await client.call('dir.open', { dir: d });
      if (!r.ok) notify.error(r.error);
    });
  let gate: ReactNode = null;
  if (named && folders && chosen?.state === 'connecting')
    gate = <ConnectingGate dir={named} canStop={!readOnly} onStop={() => close(named)} />;
  else if (named && folders && !chosen)
    gate = (
      <NotOpenGate
        dir={named}
        current={folders.find((f) => f.current)?.dir ?? null}
        canOpen={!readOnly}
        onOpen={() => openNamed(named)}
        onShowCurrent={() => ui.chooseFolder(null)}
      />
    );
  const bar = (
    <FolderBar
      folders={folders ?? []}
      chosen={folder}
      canClose={!readOnly}
      onChoose={(f) => ui.chooseFolder(f)}
      onClose={close}
    />
  );
  return { bar, gate, stale: shownFolder?.state === 'reconnecting', waiting: !ready, opened, open };
}

function looksRemote(dir: string): boolean {
  try {
    return parseRemoteDir(dir) !== null;
  } catch {
    return false;
  }
}
