// The resume form. "Create child run" makes the child (run.resume). "Create and run
// command" asks the backend to make the child and start the user's command in one
// step (resume.launch), so a refused command leaves no half-made child behind.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useApi } from '../../api/ApiContext';
import type { ResumeLaunch, RunDetail } from '../../../shared/api/models';
import type { ApiError } from '../../../shared/api/result';
import { checkpointHealth } from '../../../shared/checkpoint-paths';
import type { ResolvedCheckpoint, RunRecord } from '../../../shared/types';
import { splitTags } from '../../../shared/prune-form';
import { applyOverrides, overridesFor, parseOverrideLines } from '../../../shared/config-overrides';
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

/** The typed overrides, and the child's config and params with them applied, or why they cannot be. */
function useOverrides(detail: RunDetail, text: string) {
  return useMemo(() => {
    try {
      const overrides = parseOverrideLines(text);
      return {
        overrides,
        config: applyOverrides(detail.config?.parsed, overridesFor(overrides, 'config')),
        params: applyOverrides(detail.params?.parsed, overridesFor(overrides, 'params')),
        hasParams: overridesFor(overrides, 'params').length > 0,
        error: null,
      };
    } catch (e) {
      return {
        overrides: {},
        config: detail.config?.parsed,
        params: detail.params?.parsed,
        hasParams: false,
        error: (e as Error).message,
      };
    }
  }, [detail, text]);
}

export function ResumeForm({
  detail,
  initialCheckpoint,
  onCancel,
  onDone,
  onDirty,
}: {
  detail: RunDetail;
  initialCheckpoint?: string;
  onCancel(): void;
  onDone(outcome: ResumeOutcome): void;
  /** Whether the user has typed anything that closing would throw away. */
  onDirty?(dirty: boolean): void;
}) {
  const client = useApi();
  const parentId = detail.run.run_id;
  const defaultTags = detail.run.tags.includes('resumed') ? detail.run.tags : [...detail.run.tags, 'resumed'];
  const [cp, setCp] = useState(() => defaultCheckpoint(detail, initialCheckpoint));
  const [description, setDescription] = useState('');
  const [tags, setTags] = useState(defaultTags.join(', '));
  const [overrideText, setOverrideText] = useState('');
  const child = useOverrides(detail, overrideText);
  const dirty = description !== '' || tags !== defaultTags.join(', ') || overrideText.trim() !== '';
  useEffect(() => {
    onDirty?.(dirty);
  }, [dirty, onDirty]);
  const running = detail.run.status === 'running' || detail.run.status === 'initialising';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const dir = useRunsDir(detail.paths.run);
  const preview = useCall(
    'resume.preview',
    { run_id: parentId, ...(cp ? { checkpoint: cp } : {}) },
    `${parentId}|${cp}`,
  );
  const chosen = detail.checkpoints.find((c) => c.name === cp);
  const missing = chosen !== undefined && chosen.files.length === 0;
  const parentConfig = detail.config?.parsed;
  const wantedTags = splitTags(tags);

  const fail = (e: ApiError) => {
    setBusy(false);
    setError(e);
  };

  const withOverrides = Object.keys(child.overrides).length ? { overrides: child.overrides } : {};

  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (child.error) return;
    setBusy(true);
    setError(null);
    const desc = description.trim();
    const r = await client.call('run.resume', {
      run_id: parentId,
      ...(desc ? { description: desc } : {}),
      tags: wantedTags,
      ...(cp ? { checkpoint: cp } : {}),
      copyCheckpoints: true,
      ...withOverrides,
    });
    if (!r.ok) return fail(r.error);
    onDone({ run: r.value, launch: null });
  };

  const createAndRun = async () => {
    setBusy(true);
    setError(null);
    const desc = description.trim();
    const launch = await client.call('resume.launch', {
      run_id: parentId,
      ...(cp ? { checkpoint: cp } : {}),
      ...(desc ? { description: desc } : {}),
      tags: wantedTags,
      ...withOverrides,
    });
    if (!launch.ok) return fail(launch.error);
    const child = await client.call('run.get', { run_id: launch.value.run_id });
    onDone({ run: child.ok ? child.value.run : null, launch: launch.value });
  };

  return (
    <form className="ry-resume" onSubmit={(e) => void create(e)}>
      <p className="ry-muted">
        Parent: <span className="ry-mono">{parentId}</span> — {detail.run.description}
      </p>
      {running && (
        <p className="ry-note" role="note">
          This run is still {detail.run.status}: its checkpoints and config may still change, and a child started now
          runs beside it.
        </p>
      )}
      {detail.checkpoints.length === 0 ? (
        <p className="ry-note">This run has no checkpoints; the child is created without one.</p>
      ) : (
        <Field
          label="Checkpoint"
          error={
            missing
              ? `The files of ${cp} are missing${chosen?.path ? ` (expected at ${chosen.path})` : ''}: a simulation cannot resume from it.`
              : undefined
          }
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
        {(p) => (
          <input
            {...p}
            type="text"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            placeholder={`Resumed from ${shortId(parentId)}`}
          />
        )}
      </Field>
      <Field label="Tags" hint="Separated by commas. By default the parent's tags plus “resumed”.">
        {(p) => <input {...p} type="text" value={tags} onChange={(e) => setTags(e.target.value)} />}
      </Field>
      <Field
        label="Overrides"
        hint="One KEY=VALUE a line, e.g. config.model.lr=0.01 or params.seed=7; VALUE is JSON if it parses, else text. The child gets the parent's config.yaml / run_params.json with these set."
        error={child.error ?? undefined}
      >
        {(p) => (
          <textarea
            {...p}
            className="ry-mono"
            value={overrideText}
            onChange={(e) => setOverrideText(e.target.value)}
            placeholder="config.model.lr=0.01"
          />
        )}
      </Field>
      <section aria-label="Config difference from the parent">
        <h3 className="ry-legend">Config difference from the parent</h3>
        <ConfigDiffList
          before={parentConfig}
          after={child.config}
          hasConfig={detail.config !== null || child.config !== parentConfig}
        />
      </section>
      {child.hasParams && (
        <section aria-label="Params difference from the parent">
          <h3 className="ry-legend">Params difference from the parent</h3>
          <ConfigDiffList before={detail.params?.parsed} after={child.params} hasConfig />
        </section>
      )}
      <details className="ry-resume-details">
        <summary>Start the simulation (optional){preview.value ? '' : ' — no command set'}</summary>
        <CommandPreview preview={preview} dir={dir} />
      </details>
      <ErrorNote error={error} />
      <div className="ry-actions ry-sticky-actions">
        <button type="button" className="ry-button" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className={`ry-button${preview.value ? '' : ' ry-button--primary'}`}
          disabled={busy || child.error !== null}
        >
          Create child run
        </button>
        {preview.value && (
          <button
            type="button"
            className="ry-button ry-button--primary"
            disabled={busy || child.error !== null}
            onClick={() => void createAndRun()}
          >
            Create and run command
          </button>
        )}
      </div>
    </form>
  );
}
