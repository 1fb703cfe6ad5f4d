// The runs folders the backend holds, as a row of buttons under the header: one per
// folder (its last part, the host for a remote one, its run count, "connecting…" while
// a remote one opens and "reconnecting…" while its connection is retried) and "All folders". Shown once a second
// folder is open. Plain buttons, so Tab reaches each and Enter or Space chooses it.
import { useEffect, useState } from 'react';
import type { ApiClient } from '../../shared/api/client';
import type { FolderInfo } from '../../shared/api/models';
import { ALL_FOLDERS, folderTail } from '../state/allFolders';

/** The open folders, from dir.list and kept current by its event. */
export function useFolders(client: ApiClient, epoch: number): FolderInfo[] {
  const [folders, setFolders] = useState<FolderInfo[]>([]);
  useEffect(() => {
    let live = true;
    void client.call('dir.list', {}).then((r) => {
      if (live && r.ok) setFolders(r.value);
    });
    const off = client.on('dir.list', (list) => setFolders(list));
    return () => {
      live = false;
      off();
    };
  }, [client, epoch]);
  return folders;
}

export interface FolderBarProps {
  folders: FolderInfo[];
  /** The folder shown: an id, ALL_FOLDERS, or null for the backend's current one. */
  chosen: string | null;
  canClose: boolean;
  onChoose(folder: string): void;
  onClose(folder: string): void;
}

export function FolderBar({ folders, chosen, canClose, onChoose, onClose }: FolderBarProps) {
  if (folders.length < 2) {
    // A window whose only folder is still connecting (the desktop opening its last remote folder) says so.
    const connecting = folders.find((f) => f.state === 'connecting');
    return connecting ? (
      <p className="folder-connecting" role="status">
        Connecting to <span className="mono">{connecting.dir}</span>…
      </p>
    ) : null;
  }
  const shown = chosen ?? folders.find((f) => f.current)?.dir ?? null;
  const total = folders.reduce((n, f) => n + f.runs, 0);
  return (
    <nav className="folder-bar" aria-label="Runs folders">
      <button
        type="button"
        className="folder-choice"
        aria-pressed={shown === ALL_FOLDERS}
        onClick={() => onChoose(ALL_FOLDERS)}
        title="Every open folder's runs in one table, with a Folder column"
      >
        All folders <span className="count">{total}</span>
      </button>
      {folders.map((f) => (
        <span key={f.dir} className="folder-item" data-state={f.state}>
          <button
            type="button"
            className="folder-choice"
            aria-pressed={shown === f.dir}
            onClick={() => onChoose(f.dir)}
            disabled={f.state === 'connecting'}
            title={f.message ? `${f.dir}\n${f.message}` : f.dir}
          >
            {f.kind === 'remote' && <span className="pill">{f.host}</span>} {folderTail(f.dir)}{' '}
            <span className="count">{f.runs}</span>
            {f.state === 'connecting' && <span className="pill">connecting…</span>}
            {f.state === 'reconnecting' && <span className="pill warn">reconnecting…</span>}
            {f.state === 'error' && <span className="pill warn">unreachable</span>}
          </button>
          {canClose && (
            <button
              type="button"
              className="folder-close"
              aria-label={`Close ${f.dir}`}
              title={`Stop showing ${f.dir} (nothing on disk changes)`}
              onClick={() => onClose(f.dir)}
            >
              ×
            </button>
          )}
        </span>
      ))}
    </nav>
  );
}
