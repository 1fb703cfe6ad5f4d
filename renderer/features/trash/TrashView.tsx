// The Trash, a view of its own beside Runs, Charts and Lineage: what pruning (or a move
// by hand) took out, when, why and by whom. Runs come back one by one or as a selection,
// with progress; emptying deletes for good after a confirm. A read-only page shows the
// list and nothing that would change it.
import { useEffect, useState } from 'react';
import type { ApiError } from '../../../shared/api/result';
import type { RunRecord } from '../../../shared/types';
import { formatBytes } from '../../../shared/format';
import { reconnectingText, useShownFolder } from '../../state/folderState';
import { ErrorNote } from '../kit/ErrorNote';
import { shortId } from '../kit/format';
import { EmptyTrashForm } from './EmptyTrashForm';
import { warningText } from './restore';
import { entryOf, TrashTable } from './TrashTable';
import type { Trash } from './useTrash';
import '../kit/kit.css';
import './trash.css';

export interface TrashViewProps {
  /** The shell's useTrash({ list: true }): the same list gives the Views tab its count. */
  trash: Trash;
  readOnly?: boolean;
  /** A run in the folder, so the runs a policy names read as their descriptions. */
  lookup?: (runId: string) => RunRecord | undefined;
  onRestored(runIds: string[]): void;
  onEmptied?(deleted: string[]): void;
}

export function TrashView({ trash, readOnly = false, lookup, onRestored, onEmptied }: TrashViewProps) {
  const list = trash.items;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const busy = trash.restoring;
  const [errors, setErrors] = useState<ApiError[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [emptying, setEmptying] = useState(false);
  // A remote folder's connection dropped: its trash cannot be read now, which is not "empty".
  const lost = reconnectingText(useShownFolder());
  const items = lost ? [] : (list.value ?? []);
  const { reload } = list;
  // What the CLI or another window did since the list was last read.
  useEffect(() => reload(), [reload]);

  /** Restores by trash entry, since the same run id can be in the trash twice. */
  const restore = async (entries: string[]) => {
    setErrors([]);
    setMessage(null);
    setWarnings([]);
    const out = await trash.restore(entries);
    setWarnings(out.warnings.map(warningText));
    const done = new Set(out.restored.map((r) => r.entry));
    const restoredIds = out.restored.map((r) => r.runId);
    setErrors(out.failed.map((f) => f.error));
    setSelected((s) => new Set([...s].filter((e) => !done.has(e))));
    if (restoredIds.length) {
      setMessage(
        `Restored ${restoredIds.length === 1 ? `run ${shortId(restoredIds[0]!)}` : `${restoredIds.length} runs`}: back in the Runs view.`,
      );
      onRestored(restoredIds);
    }
    reload();
  };

  const toggle = (entry: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(entry);
      else next.delete(entry);
      return next;
    });
  const shownSelection = new Set(items.map(entryOf).filter((e) => selected.has(e)));
  const total = items.reduce((s, i) => s + (i.bytes ?? 0), 0);

  return (
    <section className="whole-dir ry-trash" aria-labelledby="trash-title">
      <div className="ry-trash__head">
        <h2 id="trash-title" className="ry-trash__title">
          Trash
        </h2>
        <p className="ry-muted">
          {list.value && !lost
            ? `${items.length} ${items.length === 1 ? 'entry' : 'entries'}, ${formatBytes(total)}. `
            : ''}
          Pruning and “Move to trash” put runs here; restoring puts a run back exactly where it was.
        </p>
      </div>
      {readOnly && (
        <p className="ry-note" role="note">
          Read-only: this page shows the trash but cannot restore or empty it (runyard serve --read-only).
        </p>
      )}
      {lost ? (
        <p className="ry-note" role="status">
          {lost} Its trash shows again once the connection is back.
        </p>
      ) : (
        <ErrorNote error={list.error} />
      )}
      {list.status === 'loading' && !list.value && (
        <p className="ry-muted" role="status">
          Loading the trash…
        </p>
      )}
      {trash.progress && (
        <label className="ry-field ry-trash__progress">
          <span>
            Restoring runs ({trash.progress.done} of {trash.progress.total})
          </span>
          <progress className="ry-progress" max={Math.max(1, trash.progress.total)} value={trash.progress.done} />
        </label>
      )}
      {message && <p role="status">{message}</p>}
      {warnings.map((w) => (
        <p key={w} className="ry-note" role="note">
          {w}
        </p>
      ))}
      {errors.map((e, i) => (
        <ErrorNote key={i} error={e} />
      ))}
      {list.value && !lost && items.length === 0 && <p className="ry-muted">The trash is empty.</p>}
      {items.length > 0 && !readOnly && (
        <div className="ry-actions ry-trash__bar">
          <button
            type="button"
            className="ry-button"
            disabled={busy || shownSelection.size === 0}
            onClick={() => void restore([...shownSelection])}
          >
            Restore selected ({shownSelection.size})
          </button>
          <button
            type="button"
            className="ry-button ry-button--danger"
            disabled={busy || emptying}
            onClick={() => setEmptying(true)}
          >
            Empty trash…
          </button>
        </div>
      )}
      {emptying && !readOnly && (
        <EmptyTrashForm
          count={items.length}
          onCancel={() => setEmptying(false)}
          onEmptied={(deleted) => {
            setEmptying(false);
            setSelected(new Set());
            setMessage(`Deleted ${deleted.length} ${deleted.length === 1 ? 'run' : 'runs'} permanently.`);
            onEmptied?.(deleted);
            reload();
          }}
        />
      )}
      {items.length > 0 && (
        <TrashTable
          items={items}
          lookup={lookup}
          select={
            readOnly
              ? undefined
              : {
                  selected,
                  busy,
                  onToggle: toggle,
                  onAll: (on) =>
                    setSelected(on ? new Set(items.filter((i) => i.complete !== false).map(entryOf)) : new Set()),
                  onRestore: (e) => void restore([e]),
                }
          }
        />
      )}
    </section>
  );
}
