// Prune…: a policy form with a live preview; "Move to trash" removes exactly the runs
// the preview showed (the backend re-plans and refuses if that set changed), with a
// progress bar, and the result can be undone from the trash.
import { useEffect, useMemo, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import type { ApiError } from '../../../shared/api/result';
import type { RunRecord } from '../../../shared/types';
import { defaultPruneForm, policyFromForm, type PruneForm } from '../../../shared/prune-form';
import { formatBytes, shortId } from '../../../shared/format';
import { Modal } from '../kit/Modal';
import { ErrorNote } from '../kit/ErrorNote';
import { useCall } from '../kit/useCall';
import { operationId } from '../kit/format';
import { PrunePolicyForm } from './PrunePolicyForm';
import { PrunePreviewPanel, type RunLookup } from './PrunePreviewPanel';
import { usePrunePreview } from './usePrunePreview';
import { warningText } from '../trash/restore';
import { useTrash } from '../trash/useTrash';
import './prune.css';

type Phase =
  | { kind: 'form' }
  | { kind: 'removing'; operation: string; done: number; total: number }
  | {
      kind: 'removed';
      removed: string[];
      bytes: number;
      skipped: { run_id: string; reason: string; put_back?: true }[];
    }
  | { kind: 'restoring'; done: number; total: number }
  | { kind: 'restored'; restored: string[]; failed: ApiError[]; warnings: string[] };

export function PruneDialog({
  selection,
  onClose,
  onDone,
  onUndone,
  lookup,
  statuses = [],
  runs,
}: {
  selection: string[];
  onClose(): void;
  onDone(removed: string[]): void;
  /** Its Undo brought these runs back, so nothing else offers to undo that move. */
  onUndone?(restored: string[]): void;
  /** The table's records, to show each run's description, status and age. */
  lookup?: RunLookup;
  /** Every status present in the folder, custom ones too. */
  statuses?: string[];
  /** Every run the page holds: the preview is made from them at once, then confirmed by the server. */
  runs?: () => readonly RunRecord[];
}) {
  const client = useApi();
  const trash = useTrash();
  const [form, setForm] = useState<PruneForm>(() => defaultPruneForm(selection));
  const [refresh, setRefresh] = useState(0);
  const settings = useCall('settings.get', {}, 'settings');
  const staleAfterHours = settings.value?.staleAfterHours;
  const { policy, errors } = useMemo(
    () => policyFromForm(form, selection, staleAfterHours),
    [form, selection, staleAfterHours],
  );
  const preview = usePrunePreview(policy, 250, refresh, runs);
  // The whole directory's size (for the bar) is asked only once the first preview has its
  // sizes: measuring 10k folders first held the preview up by seconds on the server.
  const [wantTotal, setWantTotal] = useState(false);
  const sized = preview.preview !== null && !preview.measuring && !preview.provisional;
  useEffect(() => {
    if (sized) setWantTotal(true);
  }, [sized]);
  const usage = useCall('du.get', wantTotal ? {} : null, wantTotal ? 'all' : 'later');
  const totalBytes = usage.value ? usage.value.reduce((s, u) => s + u.total, 0) : null;
  const [phase, setPhase] = useState<Phase>({ kind: 'form' });
  const [error, setError] = useState<ApiError | null>(null);

  const current =
    policy !== null && preview.key === JSON.stringify(policy) && !preview.loading && !preview.provisional
      ? preview.preview
      : null;
  const operation = phase.kind === 'removing' ? phase.operation : null;

  useEffect(() => {
    if (!operation) return;
    return client.on('prune.progress', (p) => {
      if (p.operation === operation)
        setPhase((ph) => (ph.kind === 'removing' ? { ...ph, done: p.done, total: p.total } : ph));
    });
  }, [client, operation]);

  const execute = async () => {
    if (!current || !policy) return;
    const expect = current.remove.map((r) => r.run_id);
    const op = operationId('prune');
    setError(null);
    setPhase({ kind: 'removing', operation: op, done: 0, total: expect.length });
    const r = await client.call('prune.execute', { policy, expect, operation: op });
    if (!r.ok) {
      setError(r.error);
      setPhase({ kind: 'form' });
      setRefresh((n) => n + 1);
      return;
    }
    setPhase({ kind: 'removed', removed: r.value.removed, bytes: r.value.bytes_freed, skipped: r.value.skipped });
    onDone(r.value.removed);
  };

  const undo = async (ids: string[]) => {
    setPhase({ kind: 'restoring', done: 0, total: ids.length });
    const out = await trash.restore(ids, (_, p) => setPhase({ kind: 'restoring', ...p }));
    setPhase({
      kind: 'restored',
      restored: out.restored.map((r) => r.entry),
      failed: out.failed.map((f) => f.error),
      warnings: out.warnings.map(warningText),
    });
    if (out.restored.length) onUndone?.(out.restored.map((r) => r.runId));
  };

  const busy = phase.kind === 'removing' || phase.kind === 'restoring';
  return (
    <Modal title="Prune runs" onClose={onClose} wide busy={busy}>
      {phase.kind === 'form' && (
        <>
          <PrunePolicyForm form={form} errors={errors} selection={selection} statuses={statuses} onChange={setForm} />
          {errors.form && (
            <p className="ry-note" role="status">
              Nothing will be removed. {errors.form}
            </p>
          )}
          <section aria-label="Preview" aria-busy={preview.loading}>
            <h3 className="ry-legend">Preview</h3>
            {preview.loading && (
              <p className="ry-muted" role="status">
                Updating preview…
              </p>
            )}
            {preview.provisional && (
              <p className="ry-muted" role="status">
                Checking the plan with the folder…
              </p>
            )}
            <ErrorNote error={preview.error} />
            {policy !== null && preview.preview && (
              <PrunePreviewPanel
                preview={preview.preview}
                totalBytes={totalBytes}
                lookup={lookup}
                measuring={preview.measuring}
              />
            )}
          </section>
          <ErrorNote error={error} />
          <div className="ry-actions ry-prune-footer">
            <button type="button" className="ry-button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="button"
              className="ry-button ry-button--danger"
              disabled={!current || current.remove.length === 0}
              onClick={() => void execute()}
            >
              Move to trash
            </button>
          </div>
        </>
      )}
      {(phase.kind === 'removing' || phase.kind === 'restoring') && (
        <div className="ry-prune-progress">
          <label className="ry-field">
            <span>
              {phase.kind === 'removing' ? 'Moving runs to the trash' : 'Restoring runs'} ({phase.done} of {phase.total}
              )
            </span>
            <progress className="ry-progress" max={Math.max(1, phase.total)} value={phase.done} />
          </label>
        </div>
      )}
      {phase.kind === 'removed' && (
        <>
          <p role="status">
            Moved {phase.removed.length} {phase.removed.length === 1 ? 'run' : 'runs'} to the trash, freeing{' '}
            {formatBytes(phase.bytes)}.
          </p>
          {phase.skipped.length > 0 && (
            <section aria-label="Runs that stayed">
              <p>
                {phase.skipped.length} {phase.skipped.length === 1 ? 'run stayed' : 'runs stayed'}: the folder changed
                since the preview.
              </p>
              <ul>
                {phase.skipped.map((s) => (
                  <li key={s.run_id}>
                    <code>{shortId(s.run_id)}</code> {s.put_back ? '(moved, then put back) ' : ''}
                    {s.reason}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <div className="ry-actions">
            {phase.removed.length > 0 && (
              <button type="button" className="ry-button" onClick={() => void undo(phase.removed)}>
                Undo
              </button>
            )}
            <button type="button" className="ry-button ry-button--primary" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      )}
      {phase.kind === 'restored' && (
        <>
          <p role="status">
            Restored {phase.restored.length} {phase.restored.length === 1 ? 'run' : 'runs'} from the trash.
          </p>
          {phase.warnings.map((w) => (
            <p key={w} className="ry-note" role="note">
              {w}
            </p>
          ))}
          {phase.failed.map((e, i) => (
            <ErrorNote key={i} error={e} />
          ))}
          <div className="ry-actions">
            <button type="button" className="ry-button ry-button--primary" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}
