// The trash: what pruning moved out, when, by whom and under which policy. Runs can be
// restored one by one or as a selection; emptying deletes for good, after a confirm.
import { useState } from 'react';
import type { TrashItem } from '../../../shared/api/models';
import type { ApiError } from '../../../shared/api/result';
import { timestampMs } from '../../../shared/timestamps';
import { formatBytes } from '../../../shared/format';
import { Modal } from '../kit/Modal';
import { ErrorNote } from '../kit/ErrorNote';
import { localTime, relativeTime, shortId } from '../kit/format';
import { EmptyTrashForm } from './EmptyTrashForm';
import { warningText } from './restore';
import { useTrash } from './useTrash';
import './trash.css';

export function TrashView({ onClose, onRestored }: { onClose(): void; onRestored(ids: string[]): void }) {
  const trash = useTrash({ list: true });
  const list = trash.items;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const busy = trash.restoring;
  const [errors, setErrors] = useState<ApiError[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [emptying, setEmptying] = useState(false);
  const items = list.value ?? [];

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
        `Restored ${restoredIds.length === 1 ? `run ${shortId(restoredIds[0]!)}` : `${restoredIds.length} runs`}.`,
      );
      onRestored(restoredIds);
    }
    list.reload();
  };

  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const restorable = items.filter((i) => i.complete !== false);
  const allOn = restorable.length > 0 && restorable.every((i) => selected.has(entryOf(i)));

  return (
    <Modal title="Trash" onClose={onClose} wide busy={busy}>
      <ErrorNote error={list.error} />
      {list.status === 'loading' && !list.value && (
        <p className="ry-muted" role="status">
          Loading the trash…
        </p>
      )}
      {list.value && items.length === 0 && <p className="ry-muted">The trash is empty.</p>}
      {message && <p role="status">{message}</p>}
      {warnings.map((w) => (
        <p key={w} className="ry-note" role="note">
          {w}
        </p>
      ))}
      {errors.map((e, i) => (
        <ErrorNote key={i} error={e} />
      ))}
      {items.length > 0 && (
        <>
          <div className="ry-actions ry-trash__bar">
            <span className="ry-muted ry-trash__summary">
              {items.length} {items.length === 1 ? 'run' : 'runs'},{' '}
              {formatBytes(items.reduce((s, i) => s + (i.bytes ?? 0), 0))}
            </span>
            <button
              type="button"
              className="ry-button"
              disabled={busy || selected.size === 0}
              onClick={() => void restore([...selected])}
            >
              Restore selected ({selected.size})
            </button>
            <button
              type="button"
              className="ry-button ry-button--danger"
              disabled={busy}
              onClick={() => setEmptying(true)}
            >
              Empty trash…
            </button>
          </div>
          {emptying && (
            <EmptyTrashForm
              count={items.length}
              onCancel={() => setEmptying(false)}
              onEmptied={(deleted) => {
                setEmptying(false);
                setMessage(`Deleted ${deleted.length} ${deleted.length === 1 ? 'run' : 'runs'} permanently.`);
                list.reload();
              }}
            />
          )}
          <div className="ry-scroll" tabIndex={0} role="region" aria-label="Trashed runs, scrollable">
            <table className="ry-table" aria-label="Trashed runs">
              <thead>
                <tr>
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label="Select all"
                      checked={allOn}
                      onChange={(e) => setSelected(e.target.checked ? new Set(restorable.map(entryOf)) : new Set())}
                    />
                  </th>
                  <th scope="col">Run</th>
                  <th scope="col">Trashed</th>
                  <th scope="col">By</th>
                  <th scope="col">Policy</th>
                  <th scope="col">Size</th>
                  <th scope="col">
                    <span className="ry-visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <TrashRow
                    key={entryOf(item)}
                    item={item}
                    busy={busy}
                    checked={selected.has(entryOf(item))}
                    onToggle={toggle}
                    onRestore={(e) => void restore([e])}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <div className="ry-actions">
        <button type="button" className="ry-button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}

const entryOf = (i: TrashItem) => i.entry ?? i.run_id;

function TrashRow({
  item,
  busy,
  checked,
  onToggle,
  onRestore,
}: {
  item: TrashItem;
  busy: boolean;
  checked: boolean;
  onToggle(id: string, on: boolean): void;
  onRestore(id: string): void;
}) {
  const when = timestampMs(item.trashed_at) ?? Date.parse(item.trashed_at);
  const entry = entryOf(item);
  const rowId = `trash-${entry}`;
  const broken = item.complete === false;
  return (
    <tr>
      <td>
        <input
          type="checkbox"
          aria-label={`Select ${item.run_id}`}
          checked={checked}
          disabled={broken}
          onChange={(e) => onToggle(entry, e.target.checked)}
        />
      </td>
      <td id={rowId}>
        <span className="ry-mono" title={item.run_id}>
          {shortId(item.run_id)}
        </span>{' '}
        {item.description}
        {item.kind === 'checkpoints' && <span className="ry-muted"> (checkpoint files only)</span>}
        {broken && <div className="ry-error">Incomplete: an operation was interrupted, so it cannot be restored.</div>}
      </td>
      <td title={localTime(when)}>{relativeTime(when)}</td>
      <td>{item.by}</td>
      <td className="ry-trash__policy">{item.policy}</td>
      <td>{formatBytes(item.bytes)}</td>
      <td>
        <button
          type="button"
          className="ry-button"
          disabled={busy || broken}
          aria-describedby={rowId}
          onClick={() => onRestore(entry)}
        >
          Restore
        </button>
      </td>
    </tr>
  );
}
