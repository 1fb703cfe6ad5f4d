// Editing a run's tags, description and status; "Pinned" is the tag `keep`, which
// pruning always respects.
import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/ApiContext';
import type { Params } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/result';
import { ACTIVE_STATUSES, KNOWN_STATUSES, type RunRecord } from '../../../shared/types';
import { PINNED_TAG } from '../../../shared/prune-plan';
import { splitTags } from '../../../shared/prune-form';
import { Modal } from '../kit/Modal';
import { Field } from '../kit/Field';
import { ErrorNote } from '../kit/ErrorNote';
import { shortId } from '../kit/format';

const sameSet = (a: readonly string[], b: readonly string[]) =>
  new Set(a).size === new Set(b).size && a.every((x) => b.includes(x));

export function EditRunDialog({ run, onClose }: { run: RunRecord; onClose(): void }) {
  const client = useApi();
  const [description, setDescription] = useState(run.description);
  const [status, setStatus] = useState(run.status);
  const [tagText, setTagText] = useState(run.tags.filter((t) => t !== PINNED_TAG).join(', '));
  const [pinned, setPinned] = useState(run.tags.includes(PINNED_TAG));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const statuses = (KNOWN_STATUSES as readonly string[]).includes(run.status)
    ? KNOWN_STATUSES
    : [...KNOWN_STATUSES, run.status];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const others = splitTags(tagText).filter((t) => t !== PINNED_TAG);
    const tags = pinned ? [...others, PINNED_TAG] : others;
    const params: Params<'run.edit'> = { run_id: run.run_id };
    // Only what changed is sent, so an untouched field never overwrites a simulation's write.
    if (!sameSet(tags, run.tags)) params.tags = tags;
    if (description.trim() !== run.description) params.description = description.trim();
    if (status !== run.status) params.status = status;
    if (Object.keys(params).length === 1) {
      onClose();
      return;
    }
    setBusy(true);
    setError(null);
    const r = await client.call('run.edit', params);
    setBusy(false);
    if (r.ok) onClose();
    else setError(r.error);
  };

  return (
    <Modal title={`Edit run ${shortId(run.run_id)}`} onClose={onClose} busy={busy}>
      <form className="ry-resume" onSubmit={(e) => void submit(e)}>
        <Field label="Description">
          {(p) => (
            <textarea {...p} value={description} onChange={(e) => setDescription(e.target.value)} data-autofocus />
          )}
        </Field>
        <Field label="Tags" hint="Separated by commas.">
          {(p) => <input {...p} type="text" value={tagText} onChange={(e) => setTagText(e.target.value)} />}
        </Field>
        <label className="ry-check">
          <input type="checkbox" checked={pinned} onChange={(e) => setPinned(e.target.checked)} />
          Pinned (tag “keep”: pruning never removes it)
        </label>
        <Field
          label="Status"
          hint={
            status !== run.status && ACTIVE_STATUSES.includes(run.status)
              ? 'A simulation may still be writing this run and can overwrite the status.'
              : undefined
          }
        >
          {(p) => (
            <select {...p} value={status} onChange={(e) => setStatus(e.target.value)}>
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ErrorNote error={error} />
        <div className="ry-actions">
          <button type="button" className="ry-button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="ry-button ry-button--primary" disabled={busy}>
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}
