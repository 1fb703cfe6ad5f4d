// The run's checkpoints as metadata.json lists them, each resolved to its files on disk
// (per-rank files grouped), with what is missing and a way to resume from it.
import { checkpointHealth, checkpointStem } from '../../shared/checkpoint-paths';
import type { RunDetail } from '../../shared/api/models';
import { formatBytes, formatLocal, formatRelative } from '../../shared/format';
import { timestampMs } from '../../shared/timestamps';
import type { ResolvedCheckpoint } from '../../shared/types';
import { Icon } from '../ui/Icon';

const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;

function CheckpointCard({
  cp,
  index,
  runId,
  readOnly,
  now,
  onResume,
}: {
  cp: ResolvedCheckpoint;
  index: number;
  runId: string;
  readOnly: boolean;
  now: number;
  onResume(name: string): void;
}) {
  const health = checkpointHealth(cp);
  const missing = health.state === 'missing';
  const total = cp.files.reduce((n, f) => n + f.bytes, 0);
  const created = timestampMs(cp.created_at);
  const elsewhere = cp.resolved_path !== null && !`/${cp.resolved_path.replace(/\\/g, '/')}`.includes(`/${runId}/`);
  const headingId = `cp-${index}`;
  return (
    <article className={`checkpoint${missing ? ' missing' : ''}`} aria-labelledby={headingId}>
      <header>
        <h3 id={headingId}>{cp.name}</h3>
        <span className="muted" title={formatLocal(created)}>
          {created === null ? 'no time recorded' : formatRelative(created, now)}
        </span>
        <button
          type="button"
          onClick={() => onResume(cp.name)}
          disabled={readOnly || missing}
          aria-describedby={headingId}
          title={missing ? 'The files of this checkpoint are missing' : undefined}
        >
          Resume from here
        </button>
      </header>
      <dl className="kv">
        <div>
          <dt>recorded path</dt>
          <dd>
            <code>{cp.path ?? 'none'}</code>
          </dd>
        </div>
        <div>
          <dt>resolved</dt>
          <dd>
            {cp.resolved_path ? (
              <code>{cp.resolved_path}</code>
            ) : (
              <span className="error-text">not found in this runs directory</span>
            )}
          </dd>
        </div>
      </dl>
      {missing && (
        <p className="flag-line" role="note">
          <Icon name="warning" className="flag-problem" /> Missing: no file of this checkpoint exists here. Resuming
          from it is not possible.
        </p>
      )}
      {health.state === 'incomplete' && (
        <p className="flag-line" role="note">
          <Icon name="warning" className="flag-problem" /> {health.text[0]!.toUpperCase() + health.text.slice(1)}.
        </p>
      )}
      {elsewhere && (
        <p className="hint">
          These files live in another run's folder (a child keeps writing into its parent's checkpoints/); pruning that
          run would remove them.
        </p>
      )}
      {!missing && (
        <table className="files-table" aria-label={`Files of ${cp.name}`}>
          <thead>
            <tr>
              <th scope="col">{cp.ranks.length ? 'Rank' : 'File'}</th>
              {cp.ranks.length > 0 && <th scope="col">File</th>}
              <th scope="col" className="num">
                Size
              </th>
            </tr>
          </thead>
          <tbody>
            {cp.files.map((f) => {
              const rank = checkpointStem(baseName(f.path)).rank;
              return (
                <tr key={f.path}>
                  {cp.ranks.length > 0 && <td>{rank ?? '—'}</td>}
                  <td>
                    <code title={f.path}>{baseName(f.path)}</code>
                  </td>
                  <td className="num">{formatBytes(f.bytes)}</td>
                </tr>
              );
            })}
          </tbody>
          {cp.files.length > 1 && (
            <tfoot>
              <tr>
                <th scope="row" colSpan={cp.ranks.length ? 2 : 1}>
                  {cp.files.length} files
                </th>
                <td className="num">{formatBytes(total)}</td>
              </tr>
            </tfoot>
          )}
        </table>
      )}
    </article>
  );
}

export function CheckpointsTab({
  detail,
  readOnly,
  now,
  onResume,
}: {
  detail: RunDetail;
  readOnly: boolean;
  now: number;
  onResume(checkpoint: string): void;
}) {
  if (detail.checkpoints.length === 0) return <p className="muted">This run has recorded no checkpoints.</p>;
  return (
    <div className="checkpoints">
      <p className="muted">
        Checkpoints folder: <code>{detail.paths.checkpoints}</code>
      </p>
      {detail.checkpoints.map((cp, i) => (
        <CheckpointCard
          key={cp.name}
          cp={cp}
          index={i}
          runId={detail.run.run_id}
          readOnly={readOnly}
          now={now}
          onResume={onResume}
        />
      ))}
    </div>
  );
}
