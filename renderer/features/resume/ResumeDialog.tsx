// Resume…: choose the parent's checkpoint, describe the child, see how its config differs
// from the parent's, then create it, or create it and start the user's resume command
// (shown filled in before it runs).
import { useState } from 'react';
import type { RunDetail } from '../../../shared/api/models';
import type { RunRecord } from '../../../shared/types';
import { Modal } from '../kit/Modal';
import { ErrorNote } from '../kit/ErrorNote';
import { useCall } from '../kit/useCall';
import { shortId } from '../kit/format';
import { ConfigDiffList } from './ConfigDiffList';
import { ResumeForm, type ResumeOutcome } from './ResumeForm';
import './resume.css';

export function ResumeDialog({
  runId,
  checkpoint,
  onClose,
  onCreated,
}: {
  runId: string;
  checkpoint?: string;
  onClose(): void;
  onCreated(run: RunRecord): void;
}) {
  const parent = useCall('run.get', { run_id: runId }, runId);
  const [outcome, setOutcome] = useState<ResumeOutcome | null>(null);
  const [dirty, setDirty] = useState(false);
  return (
    <Modal title={`Resume run ${shortId(runId)}`} onClose={onClose} wide dirty={dirty && !outcome}>
      <ErrorNote error={parent.error} />
      {parent.status === 'loading' && !parent.value && (
        <p role="status" className="ry-muted">
          Loading run…
        </p>
      )}
      {parent.value && !outcome && (
        <ResumeForm
          detail={parent.value}
          initialCheckpoint={checkpoint}
          onCancel={onClose}
          onDirty={setDirty}
          onDone={(o) => {
            setOutcome(o);
            if (o.run) onCreated(o.run);
          }}
        />
      )}
      {parent.value && outcome && <ResumeResult parent={parent.value} outcome={outcome} onClose={onClose} />}
    </Modal>
  );
}

function ResumeResult({ parent, outcome, onClose }: { parent: RunDetail; outcome: ResumeOutcome; onClose(): void }) {
  const { run, launch } = outcome;
  return (
    <>
      {run ? (
        <p role="status">
          Created child run <span className="ry-mono">{run.run_id}</span> ({run.description}).
        </p>
      ) : (
        <p role="status">
          Created a child run of <span className="ry-mono">{shortId(parent.run.run_id)}</span>; it appears in the table.
        </p>
      )}
      {launch && (
        <>
          <p>
            Started{launch.pid !== null ? ` (process ${launch.pid})` : ''} in{' '}
            <span className="ry-mono">{launch.cwd}</span>. Output goes to <span className="ry-mono">{launch.log}</span>{' '}
            in the child run’s folder.
          </p>
          <pre className="ry-code" aria-label="Command that ran">
            {launch.command}
          </pre>
        </>
      )}
      {run && <ChildConfigDiff parent={parent} childId={run.run_id} />}
      <div className="ry-actions">
        <button type="button" className="ry-button ry-button--primary" onClick={onClose}>
          Close
        </button>
      </div>
    </>
  );
}

/** After creation: the child's own config.yaml, if something wrote one, against the parent's. */
function ChildConfigDiff({ parent, childId }: { parent: RunDetail; childId: string }) {
  const child = useCall('run.get', { run_id: childId }, childId);
  if (!child.value) return <ErrorNote error={child.error} />;
  const after = child.value.config ? child.value.config.parsed : parent.config?.parsed;
  return (
    <section aria-label="Config difference from the parent">
      <h3 className="ry-legend">Config difference from the parent</h3>
      <ConfigDiffList
        before={parent.config?.parsed}
        after={after}
        hasConfig={parent.config !== null || child.value.config !== null}
      />
    </section>
  );
}
