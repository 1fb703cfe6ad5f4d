import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/ApiContext';
import type { ApiError } from '../../../shared/api/result';
import { ErrorNote } from '../kit/ErrorNote';
import { Field } from '../kit/Field';

/** The confirm step of "Empty trash…": deleting is final, so it says so and asks. */
export function EmptyTrashForm({
  count,
  onCancel,
  onEmptied,
}: {
  count: number;
  onCancel(): void;
  onEmptied(deleted: string[]): void;
}) {
  const client = useApi();
  const [days, setDays] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const n = days.trim() === '' ? null : Number(days);
  const bad = n !== null && (!Number.isFinite(n) || n < 0);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (bad) return;
    setBusy(true);
    setError(null);
    const r = await client.call('trash.empty', n === null ? {} : { olderThanDays: n });
    setBusy(false);
    if (r.ok) onEmptied(r.value.deleted);
    else setError(r.error);
  };

  return (
    <form className="ry-trash__confirm" role="group" aria-label="Empty trash" onSubmit={(e) => void submit(e)}>
      <p>
        <strong>
          {n === null
            ? `Permanently delete all ${count} runs in the trash?`
            : `Permanently delete the runs trashed more than ${days} days ago?`}
        </strong>{' '}
        This cannot be undone.
      </p>
      <Field
        label="Only runs trashed more than this many days ago"
        hint="Empty: everything in the trash."
        error={bad ? 'Enter a number of days (0 or more).' : undefined}
      >
        {(p) => (
          <input {...p} type="number" min={0} step="any" value={days} onChange={(e) => setDays(e.target.value)} />
        )}
      </Field>
      <ErrorNote error={error} />
      <div className="ry-actions">
        <button type="button" className="ry-button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="ry-button ry-button--danger" disabled={busy || bad}>
          {busy ? 'Deleting…' : 'Delete permanently'}
        </button>
      </div>
      {busy && (
        <p className="ry-muted" role="status">
          Deleting from the trash…
        </p>
      )}
    </form>
  );
}
