// The runs folders the backend holds, as a row of buttons under the header: one per
// folder (its last part, the host for a remote one, its run count, "connecting…" while
// a remote one opens and "reconnecting…" while its connection is retried) and "All folders". Shown once a second
// folder is open. Plain buttons, so Tab reaches each and Enter or Space chooses it. A
// connecting folder can be chosen (the window then waits for it) and stopped; a folder
// shown whose connection dropped gets a notice under the bar, even when it is the only one.
import { useEffect, useState } from 'react';
import type { ApiClient } from '../../shared/api/client';
import type { FolderInfo } from '../../shared/api/models';
import { ALL_FOLDERS, folderTail } from '../state/allFolders';
import { reconnectingText } from '../state/folderState';

/** The open folders, from dir.list and kept current by its event; null until the first answer. */
export function useFolders(client: ApiClient, epoch: number): FolderInfo[] | null {
  const [folders, setFolders] = useState<FolderInfo[] | null>(null);
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

export function FolderBar(p: FolderBarProps) {
  const shown = p.chosen ?? p.folders.find((f) => f.current)?.dir ?? null;
  // What the reader must not miss: a folder shown whose connection dropped (its runs are as last seen).
  const lost = p.folders.filter((f) => f.state === 'reconnecting' && (shown === ALL_FOLDERS || f.dir === shown));
  return (
    <>
      {p.folders.length < 2 ? <OneFolderStatus {...p} /> : <FolderButtons {...p} shown={shown} />}
      {lost.map((f) => (
        <p key={f.dir} className="folder-lost" role="status">
          <strong>{reconnectingText(f)}</strong>{' '}
          {shown === ALL_FOLDERS ? (
            <>
              The runs of <span className="mono">{f.dir}</span> are as last seen until it is back.
            </>
          ) : (
            'The runs below are as last seen and may be out of date until it is back.'
          )}
        </p>
      ))}
    </>
  );
}

/** A window with one folder has no bar; one still connecting says so, with the way to stop it. */
function OneFolderStatus({ folders, canClose, onClose }: FolderBarProps) {
  const connecting = folders.find((f) => f.state === 'connecting');
  if (!connecting) return null;
  return (
    <p className="folder-connecting" role="status">
      Connecting to <span className="mono">{connecting.dir}</span>…
      {canClose && (
        <button type="button" className="folder-stop" onClick={() => onClose(connecting.dir)}>
          Stop connecting to {connecting.dir}
        </button>
      )}
    </p>
  );
}

function FolderButtons({ folders, shown, canClose, onChoose, onClose }: FolderBarProps & { shown: string | null }) {
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
      {folders.map((f) => {
        const connecting = f.state === 'connecting';
        return (
          <span key={f.dir} className="folder-item" data-state={f.state}>
            <button
              type="button"
              className="folder-choice"
              aria-pressed={shown === f.dir}
              onClick={() => onChoose(f.dir)}
              title={f.message ? `${f.dir}\n${f.message}` : f.dir}
            >
              {f.kind === 'remote' && <span className="pill">{f.host}</span>} {folderTail(f.dir)}{' '}
              <span className="count">{f.runs}</span>
              {connecting && <span className="pill">connecting…</span>}
              {f.state === 'reconnecting' && <span className="pill warn">reconnecting…</span>}
              {f.state === 'error' && <span className="pill warn">unreachable</span>}
            </button>
            {canClose && (
              <button
                type="button"
                className="folder-close"
                aria-label={connecting ? `Stop connecting to ${f.dir}` : `Close ${f.dir}`}
                title={
                  connecting
                    ? `Stop connecting to ${f.dir} (ends its ssh)`
                    : `Stop showing ${f.dir} (nothing on disk changes)`
                }
                onClick={() => onClose(f.dir)}
              >
                ×
              </button>
            )}
          </span>
        );
      })}
    </nav>
  );
}
