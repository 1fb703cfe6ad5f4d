// Which of the backend's runs folders the window shows (the UI store's `folder`, kept in
// the address): the client every view uses names it in its requests, the run store
// loads it (or every folder, for All folders), and the folder bar offers the others.
import { useEffect, useMemo, type ReactNode } from 'react';
import type { ApiClient } from '../../shared/api/client';
import { ApiProvider, useApi, useAppInfo } from '../api/ApiContext';
import { scopeClient } from '../api/scopedClient';
import { ALL_FOLDERS } from '../state/allFolders';
import type { LiveRuns } from '../state/liveRuns';
import type { UiStore } from '../state/uiStore';
import { useUi } from '../state/useUi';
import { FolderBar, useFolders } from './FolderBar';
import type { Notify } from './notices';

/**
 * Gives the views a client that names the folder shown. All folders is for finding
 * runs: what changes a run is done in the run's own folder, so there the views get
 * the read-only app they already know how to show.
 */
export function FolderScope({ children }: { children: ReactNode }) {
  const client = useApi();
  const info = useAppInfo();
  const folder = useUi((u) => u.folder);
  const scoped = useMemo(() => scopeClient(client, folder), [client, folder]);
  const shownInfo = useMemo(
    () => (folder === ALL_FOLDERS && info ? { ...info, readOnly: true } : info),
    [info, folder],
  );
  return (
    <ApiProvider client={scoped} info={shownInfo}>
      {children}
    </ApiProvider>
  );
}

export function useFolderChoice(p: {
  client: ApiClient;
  live: LiveRuns;
  ui: UiStore;
  epoch: number;
  readOnly: boolean;
  notify: Notify;
}): ReactNode {
  const { client, live, ui, epoch, readOnly, notify } = p;
  const folders = useFolders(client, epoch);
  const folder = useUi((u) => u.folder);
  useEffect(() => {
    if (live.showing === folder) return;
    void live.setFolder(folder).then((e) => ui.setLoadError(e));
  }, [live, folder, ui]);
  // A folder closed here or elsewhere: back to the backend's current one.
  useEffect(() => {
    if (folders.length && folder && folder !== ALL_FOLDERS && !folders.some((f) => f.dir === folder))
      ui.chooseFolder(null);
  }, [folders, folder, ui]);
  return (
    <FolderBar
      folders={folders}
      chosen={folder}
      canClose={!readOnly}
      onChoose={(f) => ui.chooseFolder(f)}
      onClose={(f) => {
        void client.call('dir.close', { dir: f }).then((r) => {
          if (!r.ok) notify.error(r.error);
          else if (ui.getState().folder === f) ui.chooseFolder(null);
        });
      }}
    />
  );
}
