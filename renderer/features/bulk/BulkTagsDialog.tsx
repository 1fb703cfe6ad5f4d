// Tags and pins for the selected runs, in one request and one undo. Runs whose metadata
// says a simulation is running are named and left alone unless the user ticks the box:
// the module rewrites its whole metadata on its next status change or checkpoint, and a
// tag written meanwhile would vanish without a word.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useApi } from '../../api/ApiContext';
import type { TagResult } from '../../../shared/api/models';
import type { ApiError } from '../../../shared/api/result';
import { PINNED_TAG } from '../../../shared/prune-plan';
import { splitTags } from '../../../shared/prune-form';
import { ACTIVE_STATUSES, type RunRecord } from '../../../shared/types';
import { Modal } from '../kit/Modal';
import { Field } from '../kit/Field';
import { ErrorNote } from '../kit/ErrorNote';
import { shortId } from '../kit/format';

export interface BulkTagsProps {
  runIds: string[];
  lookup(id: string): RunRecord | undefined;
  add?: string[];
  remove?: string[];
  onClose(): void;
  onDone(results: TagResult[], includeRunning: boolean): void;
}

const SHOWN_RUNNING = 8;

export function BulkTagsDialog({ runIds, lookup, add = [], remove = [], onClose, onDone }: BulkTagsProps) {
  const client = useApi();
  const [addText, setAddText] = useState(add.join(', '));
  const [removeText, setRemoveText] = useState(remove.join(', '));
  const [includeRunning, setIncludeRunning] = useState(false);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<ApiError | string | null>(null);
  const operation = useRef(`tags-${Date.now()}-${Math.random().toString(36).slice(2)}`).current;
  const running = runIds.filter((id) => {
    const r = lookup(id);
    return r !== undefined && ACTIVE_STATUSES.includes(r.status);
  });

  useEffect(
    () =>
      client.on('runs.editProgress', (p) => {
        if (p.operation === operation) setProgress({ done: p.done, total: p.total });
      }),
    [client, operation],
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const toAdd = splitTags(addText);
    const toRemove = splitTags(removeText);
    if (!toAdd.length && !toRemove.length) {
      setError('Give tags to add or to remove.');
      return;
    }
    const both = toAdd.find((t) => toRemove.includes(t));
    if (both) {
      setError(`"${both}" is both added and removed.`);
      return;
    }
    setBusy(true);
    setError(null);
    const r = await client.call('runs.editTags', {
      run_ids: runIds,
      add: toAdd,
      remove: toRemove,
      includeRunning,
      operation,
    });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    onDone(r.value, includeRunning);
    onClose();
  };

  const n = runIds.length;
  return (
    <Modal
      title={`Tags of ${n} run${n === 1 ? '' : 's'}`}
      onClose={onClose}
      busy={busy}
      dirty={addText !== add.join(', ') || removeText !== remove.join(', ')}
    >
      <form className="ry-resume" onSubmit={(e) => void submit(e)}>
        <Field label="Add tags" hint={`Separated by commas. "${PINNED_TAG}" pins: pruning never removes a pinned run.`}>
          {(p) => (
            <input {...p} type="text" value={addText} onChange={(e) => setAddText(e.target.value)} data-autofocus />
          )}
        </Field>
        <Field label="Remove tags" hint="Separated by commas.">
          {(p) => <input {...p} type="text" value={removeText} onChange={(e) => setRemoveText(e.target.value)} />}
        </Field>
        {running.length > 0 && (
          <div className="ry-note" role="note">
            <p>
              {running.length} of the selected runs {running.length === 1 ? 'says its' : 'say their'} simulation is
              running: {running.slice(0, SHOWN_RUNNING).map(shortId).join(', ')}
              {running.length > SHOWN_RUNNING ? ` and ${running.length - SHOWN_RUNNING} more` : ''}. A running
              simulation rewrites its metadata.json and would drop the change, so{' '}
              {running.length === 1 ? 'it is' : 'they are'} skipped unless you tick the box.
            </p>
            <label className="ry-check">
              <input type="checkbox" checked={includeRunning} onChange={(e) => setIncludeRunning(e.target.checked)} />
              Change the {running.length} running run{running.length === 1 ? '' : 's'} too
            </label>
          </div>
        )}
        {busy && progress && progress.total > 0 && (
          <p role="status" className="muted">
            Changed {progress.done} of {progress.total} runs…
          </p>
        )}
        <ErrorNote error={error} />
        <div className="ry-actions">
          <button type="button" className="ry-button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="ry-button ry-button--primary" disabled={busy}>
            Apply to {n - (includeRunning ? 0 : running.length)} run
            {n - (includeRunning ? 0 : running.length) === 1 ? '' : 's'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
