// The user's resume command for this runs directory, shown filled in before anything
// runs. The template lives in the user's own settings (per runs directory), never in
// the shared folder, so a folder cannot make anyone's machine run a command. Where the
// template calls a shell, the values are shell-quoted, and both the form and the
// preview say so.
import { useMemo, useState } from 'react';
import { TemplateError, parseTemplate, quotingNotes } from '../../../shared/resume-template';
import { useApi, useAppInfo } from '../../api/ApiContext';
import type { ApiError } from '../../../shared/api/result';
import { ErrorNote } from '../kit/ErrorNote';
import { Field } from '../kit/Field';
import { useCall, type CallState } from '../kit/useCall';

const PLACEHOLDERS: [string, string][] = [
  ['{run_id}', 'the new child run’s id (known once it is created)'],
  ['{parent_run_id}', 'the run it resumes from'],
  ['{checkpoint_path}', 'the resolved path of the chosen checkpoint file'],
  ['{checkpoint_name}', 'the checkpoint’s name, e.g. checkpoint_2026-10-20'],
  ['{runs_dir}', 'this runs directory'],
];

/** The runs directory: the one the app has open, else the folder holding the run. */
export function useRunsDir(runPath: string): string {
  const info = useAppInfo();
  if (info?.dir) return info.dir;
  const trimmed = runPath.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return cut > 0 ? trimmed.slice(0, cut) : trimmed;
}

export type PreviewCall = CallState<{ command: string; cwd: string; notes?: string[] } | null> & { reload(): void };

/** The filled-in command, or (when none is set) the form to set one. */
export function CommandPreview({ preview, dir }: { preview: PreviewCall; dir: string }) {
  const [editing, setEditing] = useState(false);
  const noTemplate = preview.status === 'ok' && preview.value === null;
  return (
    <section className="ry-resume-command" aria-label="Resume command">
      <ErrorNote error={preview.error} />
      {preview.status === 'loading' && !preview.value && (
        <p className="ry-muted" role="status">
          Preparing the command…
        </p>
      )}
      {(noTemplate || editing) && (
        <TemplateForm
          dir={dir}
          firstTime={noTemplate}
          onSaved={() => {
            setEditing(false);
            preview.reload();
          }}
          onCancel={noTemplate ? undefined : () => setEditing(false)}
        />
      )}
      {preview.value && !editing && (
        <>
          <p>
            “Create and run command” creates the child run, then runs this in{' '}
            <span className="ry-mono">{preview.value.cwd}</span>, detached, with its output going to the child run’s
            logs/:
          </p>
          <pre className="ry-code" aria-label="Command to run">
            {preview.value.command}
          </pre>
          {preview.value.notes?.map((n) => (
            <p key={n} className="ry-note" role="note">
              {n}
            </p>
          ))}
          <div className="ry-actions">
            <button type="button" className="ry-button" onClick={() => setEditing(true)}>
              Change command…
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function TemplateForm({
  dir,
  firstTime,
  onSaved,
  onCancel,
}: {
  dir: string;
  firstTime: boolean;
  onSaved(): void;
  onCancel?: () => void;
}) {
  const client = useApi();
  const settings = useCall('settings.get', {}, 'settings');
  const saved = settings.value?.resumeCommands[dir];
  const [template, setTemplate] = useState<string | null>(null);
  const [cwd, setCwd] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const t = template ?? saved?.template ?? '';
  const c = cwd ?? saved?.cwd ?? '';

  const save = async () => {
    setBusy(true);
    setError(null);
    const r = await client.call('settings.set', { resumeCommand: { dir, template: t.trim(), cwd: c.trim() } });
    setBusy(false);
    if (r.ok) onSaved();
    else setError(r.error);
  };

  return (
    <div className="ry-resume" role="group" aria-label="Set the resume command">
      {firstTime && (
        <p>
          No resume command is set for <span className="ry-mono">{dir}</span>. Set one to start the child run from here;
          it is kept in your own settings on this computer, not in the runs folder.
        </p>
      )}
      <Field label="Command template">
        {(p) => (
          <textarea
            {...p}
            className="ry-mono"
            value={t}
            onChange={(e) => setTemplate(e.target.value)}
            placeholder="python run_simulation.py --checkpoint {checkpoint_path} --run-id {run_id}"
          />
        )}
      </Field>
      <dl className="ry-placeholders" aria-label="Placeholders">
        {PLACEHOLDERS.map(([p, what]) => (
          <div key={p}>
            <dt className="ry-mono">{p}</dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <TemplateCheck template={t} />
      <Field
        label="Working directory"
        hint="Where the command runs (empty: the folder above the runs directory); relative checkpoint paths in metadata.json are relative to it."
      >
        {(p) => (
          <input
            {...p}
            type="text"
            className="ry-mono"
            value={c}
            onChange={(e) => setCwd(e.target.value)}
            placeholder="/home/me/JUNE"
          />
        )}
      </Field>
      <ErrorNote error={error} />
      <div className="ry-actions">
        {onCancel && (
          <button type="button" className="ry-button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="button" className="ry-button" disabled={busy || !t.trim()} onClick={() => void save()}>
          Save command
        </button>
      </div>
    </div>
  );
}

/** How the template will be read, as it is typed: which values get shell-quoted, or why it is refused. */
function TemplateCheck({ template }: { template: string }) {
  const check = useMemo(() => {
    if (!template.trim()) return null;
    try {
      const notes = quotingNotes(parseTemplate(template));
      return {
        notes: notes.length ? notes : ['Each placeholder is passed as one literal argument (no shell reads it).'],
        error: null,
      };
    } catch (e) {
      if (e instanceof TemplateError) return { notes: [], error: e.message };
      throw e;
    }
  }, [template]);
  if (!check) return null;
  return (
    <div aria-label="How the command is read" aria-live="polite">
      {check.error && (
        <p className="ry-note ry-error" role="alert">
          This command cannot be saved: {check.error}.
        </p>
      )}
      {check.notes.map((n) => (
        <p key={n} className="ry-muted">
          {n}
        </p>
      ))}
    </div>
  );
}
