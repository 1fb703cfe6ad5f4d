// Everything metadata.json says about a run (extra keys too), its times, and each
// problem with what it means.
import type { RunDetail } from '../../shared/api/models';
import { formatDuration, formatLocal, formatRelative, shortId } from '../../shared/format';
import { checkpointHealth } from '../../shared/checkpoint-paths';
import { MODULE_KEYS } from '../../shared/metadata';
import type { ResolvedCheckpoint, RunRecord } from '../../shared/types';
import { runDurationMs } from '../state/sortKeys';
import { runFlags } from '../table/columns';
import { errorValueText, FailureSection } from './FailureSection';
import { problemHint } from './problemHints';

const TIME_KEYS: [keyof RunRecord & string, keyof RunRecord & string][] = [
  ['created_at', 'created_ms'],
  ['started_at', 'started_ms'],
  ['completed_at', 'completed_ms'],
];

/** completed_at is set for a failed run too (the module sets it on either): say which end it was. */
function timeLabel(key: string, status: string): string {
  if (key !== 'completed_at') return key.replace('_at', '');
  return status === 'completed' ? 'completed' : status === 'failed' ? 'failed at' : 'ended';
}

function CheckpointSummary({ checkpoints }: { checkpoints: ResolvedCheckpoint[] }) {
  if (checkpoints.length === 0) return <span className="muted">none</span>;
  return (
    <table className="checkpoint-summary" aria-label="Checkpoints">
      <thead>
        <tr>
          <th scope="col">name</th>
          <th scope="col">path</th>
          <th scope="col">ranks</th>
          <th scope="col">files</th>
        </tr>
      </thead>
      <tbody>
        {checkpoints.map((c) => {
          const h = checkpointHealth(c);
          return (
            <tr key={c.name}>
              <td>{c.name}</td>
              <td>
                <code>{c.path ?? 'none'}</code>
              </td>
              <td>{h.ranks > 0 ? h.ranks : '—'}</td>
              <td className={h.state === 'present' ? undefined : 'error-text'}>
                {h.state === 'present' ? 'present' : h.state === 'missing' ? 'missing' : h.text}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null) return 'null';
  const flat = Array.isArray(v) && v.length <= 8 && v.every((x) => typeof x !== 'object' || x === null);
  return JSON.stringify(v, null, flat ? undefined : 2);
}

export function OverviewTab({
  detail,
  run,
  now,
  onOpenRun,
}: {
  detail: RunDetail;
  run: RunRecord;
  now: number;
  onOpenRun(id: string): void;
}) {
  const meta = detail.metadata;
  const flags = runFlags(run);
  const stale = flags.find((f) => f.kind === 'stale');
  return (
    <div className="overview">
      <section aria-labelledby="ov-times">
        <h3 id="ov-times">Times</h3>
        <dl className="kv">
          {TIME_KEYS.map(([text, ms]) => (
            <div key={text}>
              <dt>{timeLabel(text, run.status)}</dt>
              <dd>
                {run[ms] === null ? (
                  <span className="muted">{run[text] === null ? 'not set' : `unreadable: ${String(run[text])}`}</span>
                ) : (
                  <>
                    <span>{formatLocal(run[ms] as number)}</span>{' '}
                    <span className="muted">({formatRelative(run[ms] as number, now)})</span>
                  </>
                )}
              </dd>
            </div>
          ))}
          <div>
            <dt>duration</dt>
            <dd>
              {formatDuration(runDurationMs(run, now))}
              {run.completed_ms === null && runDurationMs(run, now) !== null ? ' so far' : ''}
            </dd>
          </div>
        </dl>
        {run.started_at === null && (
          <p className="hint">
            The Python module never sets started_at (a known quirk); Runyard fills it in when it changes the status.
          </p>
        )}
      </section>

      {(run.status === 'failed' || errorValueText(run) !== null) && <FailureSection run={run} />}

      <section aria-labelledby="ov-family">
        <h3 id="ov-family">Family</h3>
        <dl className="kv">
          <div>
            <dt>parent</dt>
            <dd>
              {run.parent_run_id ? (
                <button type="button" className="link" onClick={() => onOpenRun(run.parent_run_id!)}>
                  {run.parent_run_id}
                </button>
              ) : (
                <span className="muted">none</span>
              )}
            </dd>
          </div>
          <div>
            <dt>children</dt>
            <dd>
              {detail.children.length === 0 ? (
                <span className="muted">none</span>
              ) : (
                detail.children.map((c) => (
                  <button key={c} type="button" className="link child-link" title={c} onClick={() => onOpenRun(c)}>
                    {shortId(c)}
                  </button>
                ))
              )}
            </dd>
          </div>
          <div>
            <dt>folder</dt>
            <dd>
              <code>{detail.paths.run}</code>
            </dd>
          </div>
        </dl>
      </section>

      {(flags.length > 0 || run.problems.length > 0) && (
        <section aria-labelledby="ov-problems" className="problems">
          <h3 id="ov-problems">Problems</h3>
          <ul>
            {stale && (
              <li>
                <strong>Stale.</strong> {stale.text} Check whether the simulation is still running on{' '}
                {run.hostname ?? 'its host'}; if it is not, set the status to failed.
              </li>
            )}
            {run.unreadable && (
              <li>
                <strong>metadata.json is unreadable.</strong> The values shown come from the index and may be out of
                date.
              </li>
            )}
            {run.problems.map((p, i) => (
              <li key={i}>
                <strong>
                  <code>{p.file}</code>:
                </strong>{' '}
                {p.message}
                <div className="hint">{problemHint(p)}</div>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="ov-meta">
        <h3 id="ov-meta">metadata.json</h3>
        {meta === null ? (
          <p className="muted">metadata.json could not be read.</p>
        ) : (
          <table className="meta-table" aria-labelledby="ov-meta">
            <tbody>
              {Object.entries(meta).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">
                    {k}
                    {!MODULE_KEYS.has(k) && (
                      <span className="extra-badge" title="An extra keyword argument given when the run was created">
                        extra
                      </span>
                    )}
                  </th>
                  <td>
                    {k === 'checkpoints' && Array.isArray(v) && v.length === detail.checkpoints.length ? (
                      <CheckpointSummary checkpoints={detail.checkpoints} />
                    ) : (
                      <pre className="meta-value">{valueText(v)}</pre>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
