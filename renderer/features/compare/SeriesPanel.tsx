// Compare's chart: one results column overlaid for the compared runs. The backend picks
// the most common results CSV and its first numeric column until the user picks others.
import { useMemo, useState } from 'react';
import { MAX_SERIES_RUNS, type ValueSeries } from '../../../shared/api/value-models';
import { runLabels } from '../../../shared/run-labels';
import { ErrorNote } from '../kit/ErrorNote';
import { Field } from '../kit/Field';
import { folderOfRun, idTitle } from '../kit/format';
import { useCall } from '../kit/useCall';
import { plainId } from '../../state/allFolders';
import { OverlayChart, type OverlayLine } from './OverlayChart';
import { SeriesLegend, type LegendEntry } from './SeriesLegend';

function xLabelOf(s: ValueSeries): string {
  const labels = new Set(s.runs.filter((r) => r.x.length).map((r) => r.x_label ?? 'row'));
  return labels.size === 1 ? [...labels][0]! : [...labels].join(' / ');
}

type SeriesPick = { file?: string; column?: string };

/** Legend names; runs from several folders (All folders) say which folder, since a sweep is often run in two. */
function labelsAcrossFolders(s: ValueSeries): string[] {
  const own = runLabels(
    s.runs.map((r) => ({ ...r, run_id: plainId(r.run_id) })),
    s.varying,
  );
  const folders = s.runs.map((r) => folderOfRun(r.run_id));
  if (new Set(folders).size < 2) return own;
  return own.map((l, i) => `${folders[i]}: ${l}`);
}

/** `pick`: the file and column the user chose (each absent: the backend's choice); `onPick` changes them. */
export function SeriesPanel({
  runIds,
  pick,
  onPick,
}: {
  runIds: string[];
  pick: SeriesPick;
  onPick(p: SeriesPick): void;
}) {
  const ids = runIds.slice(0, MAX_SERIES_RUNS);
  const [log, setLog] = useState(false);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const params = {
    run_ids: ids,
    ...(pick.file ? { file: pick.file } : {}),
    ...(pick.column ? { column: pick.column } : {}),
  };
  const call = useCall('values.series', params, JSON.stringify(params));
  const s = call.value;

  const { lines, entries } = useMemo(() => {
    if (!s) return { lines: [] as OverlayLine[], entries: [] as LegendEntry[] };
    const labels = labelsAcrossFolders(s);
    const entries = s.runs.map((r, index): LegendEntry => ({
      id: r.run_id,
      label: labels[index]!,
      index,
      title: `${idTitle(r.run_id)}${r.description ? ` — ${r.description}` : ''}`,
      ...(r.x.length ? {} : { missing: r.problem ?? 'nothing to draw' }),
    }));
    const lines = s.runs.flatMap((r, index) =>
      r.x.length ? [{ id: r.run_id, label: labels[index]!, index, x: r.x, y: r.y }] : [],
    );
    return { lines, entries };
  }, [s]);
  const shown = useMemo(() => lines.filter((l) => !hidden.has(l.id)), [lines, hidden]);
  const problems = s?.runs.filter((r) => r.problem) ?? [];

  const toggle = (id: string) =>
    setHidden((h) => {
      const next = new Set(h);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section className="ry-series" aria-label="Results across runs">
      {runIds.length > MAX_SERIES_RUNS && (
        <p className="ry-note">
          The chart shows the first {MAX_SERIES_RUNS} of the {runIds.length} runs.
        </p>
      )}
      <div className="ry-series-controls">
        <Field label="Results file">
          {(p) => (
            <select
              {...p}
              value={s?.file ?? ''}
              disabled={!s?.files.length}
              onChange={(e) => onPick({ file: e.target.value })}
            >
              {!s?.files.length && <option value="">none</option>}
              {s?.files.map((f) => (
                <option key={f.file} value={f.file}>
                  {f.file}
                  {f.runs < ids.length ? ` (${f.runs} of ${ids.length} runs)` : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Column">
          {(p) => (
            <select
              {...p}
              value={s?.column ?? ''}
              disabled={!s?.columns.length}
              onChange={(e) => onPick({ file: s?.file ?? undefined, column: e.target.value })}
            >
              {s?.column && !s.columns.includes(s.column) && <option value={s.column}>{s.column}</option>}
              {!s?.columns.length && !s?.column && <option value="">none</option>}
              {s?.columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          )}
        </Field>
        <label className="ry-check">
          <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} />
          Log scale
        </label>
        {call.status === 'loading' && (
          <span className="ry-muted" role="status">
            Reading {ids.length} runs' results…
          </span>
        )}
      </div>
      <ErrorNote error={call.error} />
      {s && s.file === null && <p className="ry-note">None of these runs has a results/*.csv to plot.</p>}
      {s && s.file !== null && (
        <>
          {lines.length > 0 && <OverlayChart lines={shown} xLabel={xLabelOf(s)} yLabel={s.column ?? ''} log={log} />}
          <SeriesLegend entries={entries} hidden={hidden} onToggle={toggle} />
        </>
      )}
      {problems.length > 0 && (
        <ul className="ry-series-problems" aria-label="Problems reading results">
          {problems.map((r) => (
            <li key={r.run_id} className={r.x.length ? 'ry-muted' : 'ry-error'}>
              {folderOfRun(r.run_id) && `${folderOfRun(r.run_id)}: `}
              {r.problem}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
