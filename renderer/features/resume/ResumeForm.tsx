// The resume form. "Create child run" makes the child (run.resume). "Create and run
// command" asks the backend to make the child and start the user's command in one
// step (resume.launch), so a refused command leaves no half-made child behind.
import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/ApiContext';
import type { ResumeLaunch, RunDetail } from '../../../shared/api/models';
import type { ApiError } from '../../../shared/api/result';
import { checkpointHealth } from '../../../shared/checkpoint-paths';
import type { ResolvedCheckpoint, RunRecord } from '../../../shared/types';
import { splitTags } from '../../../shared/prune-form';
import { ErrorNote } from '../kit/ErrorNote';
import { Field } from '../kit/Field';
import { useCall } from '../kit/useCall';
import { shortId } from '../kit/format';
import { ConfigDiffList } from './ConfigDiffList';
import { CommandPreview, useRunsDir } from './ResumeCommand';

/** What the form made: the dialog shows it once the form is done. */
export interface ResumeOutcome {
  /** Null only when a launched child could not be identified (another child appeared at the same time). */
  run: RunRecord | null;
  launch: ResumeLaunch | null;
}

/** "name (2 ranks)", "name — missing rank 1 of 3", "name — files missing": the shared rule, as the Checkpoints tab says it. */
function checkpointOption(c: ResolvedCheckpoint): string {
  const h = checkpointHealth(c);
  if (h.state === 'missing') return `${c.name} — files missing`;
  if (h.state === 'incomplete') return `${c.name} — ${h.text}`;
  return h.ranks > 1 ? `${c.name} (${h.text})` : c.name;
}

function defaultCheckpoint(detail: RunDetail, wanted: string | undefined): string {
  if (wanted && detail.checkpoints.some((c) => c.name === wanted)) return wanted;
  // The newest checkpoint whose files are there is what people resume from almost always.
  const usable = detail.checkpoints.filter((c) => c.files.length > 0);
  return (usable[usable.length - 1] ?? detail.checkpoints[detail.checkpoints.length - 1])?.name ?? '';
}

export function ResumeForm({ detail, initialCheckpoint, onCancel, onDone }: {
  detail: RunDetail;
  initialCheckpoint?: string;
  onCancel(): void;
  onDone(outcome: ResumeOutcome): void;
}) {
  const client = useApi();
  const parentId = detail.run.run_id;
  const defaultTags = detail.run.tags.includes('resumed') ? detail.run.tags : [...detail.run.tags, 'resumed'];
  const [cp, setCp] = useState(() => defaultCheckpoint(detail, initialCheckpoint));
  const [description, setDescription] = useState('');
  const [tags, setTags] = useState(defaultTags.join(', '));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const dir = useRunsDir(detail.paths.run);
  const preview = useCall('resume.preview', { run_id: parentId, ...(cp ? { checkpoint: cp } : {}) }, `${parentId}|${cp}`);
  const chosen = detail.checkpoints.find((c) => c.name === cp);
  const missing = chosen !== undefined && chosen.files.length === 0;
  const parentConfig = detail.config?.parsed;
  const wantedTags = splitTags(tags);

  const fail = (e: ApiError) => { setBusy(false); setError(e); };

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const desc = description.trim();
    const r = await client.call('run.resume', { run_id: parentId, ...(desc ? { description: desc } : {}), tags: wantedTags, ...(cp ? { checkpoint: cp } : {}), copyCheckpoints: true });
    if (!r.ok) return fail(r.error);
    onDone({ run: r.value, launch: null });
  };

  const createAndRun = async () => {
    setBusy(true);
    setError(null);
    const desc = description.trim();
    const launch = await client.call('resume.launch', { run_id: parentId, ...(cp ? { checkpoint: cp } : {}), ...(desc ? { description: desc } : {}), tags: wantedTags });
    if (!launch.ok) return fail(launch.error);
    const child = await client.call('run.get', { run_id: launch.value.run_id });
    onDone({ run: child.ok ? child.value.run : null, launch: launch.value });
  };

  return (
    <form className="ry-resume" onSubmit={(e) => void create(e)}>
      <p className="ry-muted">Parent: <span className="ry-mono">{parentId}</span> — {detail.run.description}</p>
      {detail.checkpoints.length === 0 ? (
        <p className="ry-note">This run has no checkpoints; the child is created without one.</p>
      ) : (
        <Field
          label="Checkpoint"
          error={missing ? `The files of ${cp} are missing${chosen?.path ? ` (expected at ${chosen.path})` : ''}: a simulation cannot resume from it.` : undefined}
          hint={chosen?.resolved_path ? <span className="ry-mono">{chosen.resolved_path}</span> : undefined}
        >
          {(p) => (
            <select {...p} value={cp} onChange={(e) => setCp(e.target.value)} data-autofocus>
              {detail.checkpoints.map((c) => (
                <option key={c.name} value={c.name}>
                  {checkpointOption(c)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label="Description">
        {(p) => <input {...p} type="text" value={description} onChange={(e) => setDescription(e.target.value)} placeholder={`Resumed from ${shortId(parentId)}`} />}
      </Field>
      <Field label="Tags" hint="Separated by commas. By default the parent's tags plus “resumed”.">
        {(p) => <input {...p} type="text" value={tags} onChange={(e) => setTags(e.target.value)} />}
      </Field>
      <section aria-label="Config difference from the parent">
        <h3 className="ry-legend">Config difference from the parent</h3>
        <ConfigDiffList before={parentConfig} after={parentConfig} hasConfig={detail.config !== null} />
      </section>
      <CommandPreview preview={preview} dir={dir} />
      <ErrorNote error={error} />
      <div className="ry-actions">
        <button type="button" className="ry-button" onClick={onCancel}>Cancel</button>
        <button type="submit" className={`ry-button${preview.value ? '' : ' ry-button--primary'}`} disabled={busy}>Create child run</button>
        {preview.value && (
          <button type="button" className="ry-button ry-button--primary" disabled={busy} onClick={() => void createAndRun()}>Create and run command</button>
        )}
      </div>
    </form>
  );
}
