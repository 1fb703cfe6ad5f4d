// A sweep at a glance: one dot per run the filter shows, x a config or params key (the
// ones the runs vary come first), y one results value (the last row of a results CSV).
// Hover or focus a dot for the run and its values; click or Enter opens the run. Parallel
// coordinates show every varying key at once (ParallelCoords.tsx).
import { useMemo, useState } from 'react';
import type { ValueColumns } from '../../../shared/api/value-models';
import { axisMap, rangeTicks, shortNumber } from '../../../shared/chart-scale';
import { X_COLUMNS } from '../../../shared/series';
import type { RunRecord } from '../../../shared/types';
import { compareValues, numberOf, valueText, type KeyStats, type RunValue } from '../../../shared/values';
import { ErrorNote } from '../kit/ErrorNote';
import { idTitle } from '../kit/format';
import { Field } from '../kit/Field';
import { useCall } from '../kit/useCall';
import { seriesClass } from '../compare/seriesColours';
import { ParallelCoords } from './ParallelCoords';

const W = 720;
const H = 300;
const PAD = { l: 64, r: 16, t: 12, b: 40 };
/** Dots reachable with Tab; past this the chart is for the mouse and the table for the keyboard. */
const FOCUSABLE_DOTS = 300;

interface Dot {
  run: RunRecord;
  xv: RunValue;
  y: number;
  px: number;
  py: number;
}

/** Lowest and highest, without spreading 10k arguments. */
function extent(v: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const n of v) {
    if (n < lo) lo = n;
    if (n > hi) hi = n;
  }
  return [lo, hi];
}

function keysOf(cols: ValueColumns | null, sources: string[]): KeyStats[] {
  return cols?.sources.filter((s) => sources.includes(s.source)).flatMap((s) => s.keys) ?? [];
}

export function SweepScatter({ runs, onOpenRun }: { runs: RunRecord[]; onOpenRun?(id: string): void }) {
  const ids = useMemo(() => runs.map((r) => r.run_id), [runs]);
  const idsKey = ids.join('\n');
  const cols = useCall('values.columns', { run_ids: ids }, idsKey);
  const xKeys = useMemo(
    () => keysOf(cols.value, ['config', 'params']).sort((a, b) => Number(b.varying) - Number(a.varying)),
    [cols.value],
  );
  // A step or day column is the x of a time series, seldom the result wanted: offered last.
  const yKeys = useMemo(() => {
    const isStep = (k: KeyStats) => X_COLUMNS.includes(k.path.split('.').at(-1)!.toLowerCase());
    const numeric = keysOf(cols.value, ['results']).filter((k) => numberOf(k.example) !== null);
    return [...numeric.filter((k) => !isStep(k)), ...numeric.filter(isStep)];
  }, [cols.value]);
  const [pick, setPick] = useState<{ x?: string; y?: string }>({});
  const [parallel, setParallel] = useState(false);
  const x = pick.x ?? xKeys[0]?.path;
  const y = pick.y ?? yKeys[0]?.path;
  const paths = x && y && !parallel ? [x, y] : null;
  const vals = useCall('values.get', paths ? { paths, run_ids: ids } : null, `${idsKey}|${x}|${y}`);
  const [active, setActive] = useState<Dot | null>(null);

  const plot = useMemo(() => {
    const v = vals.value;
    if (!v || !x || !y || v.paths[0] !== x || v.paths[1] !== y) return null;
    const raw = runs.flatMap((run) => {
      const row = v.values[run.run_id];
      const yv = numberOf(row?.[y]);
      return row && row[x] !== undefined && yv !== null && Number.isFinite(yv) ? [{ run, xv: row[x]!, y: yv }] : [];
    });
    const numericX = raw.every((d) => numberOf(d.xv) !== null && Number.isFinite(numberOf(d.xv)));
    const cats = numericX ? [] : [...new Set(raw.map((d) => valueText(d.xv)))].sort(compareValues);
    const xs = raw.map((d) => (numericX ? numberOf(d.xv)! : cats.indexOf(valueText(d.xv))));
    const ys = raw.map((d) => d.y);
    const [xlo, xhi] = numericX ? extent(xs) : [-0.5, cats.length - 0.5];
    const [ylo, yhi] = extent(ys);
    const sx = axisMap(xlo, xhi, PAD.l + 8, W - PAD.r - 8);
    const sy = axisMap(ylo, yhi, H - PAD.b - 6, PAD.t + 6);
    const dots: Dot[] = raw.map((d, i) => ({ ...d, px: sx(xs[i]!), py: sy(d.y) }));
    const xticks = numericX
      ? rangeTicks(xlo, xhi).map((t) => ({ at: sx(t), text: shortNumber(t) }))
      : cats.slice(0, 30).map((c, i) => ({ at: sx(i), text: c.length > 14 ? `${c.slice(0, 13)}…` : c }));
    const yticks = rangeTicks(ylo, yhi).map((t) => ({ at: sy(t), text: shortNumber(t) }));
    return { dots, xticks, yticks, left: runs.length - raw.length };
  }, [vals.value, runs, x, y]);

  if (cols.status === 'loading' && !cols.value)
    return (
      <p className="ry-muted" role="status">
        Reading the runs' config, params and results…
      </p>
    );
  if (cols.error) return <ErrorNote error={cols.error} />;
  if (!xKeys.length || !yKeys.length)
    return (
      <p className="ry-muted">
        {!xKeys.length ? 'No run has a config.yaml or run_params.json value' : 'No run has a numeric results value'}{' '}
        (the last row of a results/*.csv) to plot against.
      </p>
    );

  const option = (k: KeyStats) => (
    <option key={k.path} value={k.path}>
      {k.path}
      {k.varying ? ` (${k.distinct >= 50 ? '50+' : k.distinct} values)` : ' (same in every run)'}
    </option>
  );
  const focusable = (plot?.dots.length ?? 0) <= FOCUSABLE_DOTS;
  return (
    <div className="ry-scatter">
      <div className="ry-series-controls">
        <Field label="Across (x)">
          {(p) => (
            <select {...p} value={x} disabled={parallel} onChange={(e) => setPick({ ...pick, x: e.target.value })}>
              {xKeys.map(option)}
            </select>
          )}
        </Field>
        <Field label="Result (y)">
          {(p) => (
            <select {...p} value={y} onChange={(e) => setPick({ ...pick, y: e.target.value })}>
              {yKeys.map(option)}
            </select>
          )}
        </Field>
        <label className="ry-check">
          <input type="checkbox" checked={parallel} onChange={(e) => setParallel(e.target.checked)} />
          Parallel coordinates (every varying key)
        </label>
        {vals.status === 'loading' && !parallel && (
          <span className="ry-muted" role="status">
            Reading values…
          </span>
        )}
      </div>
      {parallel && y && (
        <ParallelCoords
          runs={runs}
          keys={xKeys.filter((k) => k.varying).map((k) => k.path)}
          result={y}
          onOpenRun={onOpenRun}
        />
      )}
      {!parallel && <ErrorNote error={vals.error} />}
      {plot && !parallel && (
        <figure className="ry-overlay">
          <svg
            className="ry-chart__svg ry-scatter__svg"
            viewBox={`0 0 ${W} ${H}`}
            role="group"
            aria-label={`${y} against ${x}, ${plot.dots.length} runs`}
          >
            {plot.yticks.map((t) => (
              <g key={`y${t.text}`} className="ry-chart__tick">
                <line x1={PAD.l} x2={W - PAD.r} y1={t.at} y2={t.at} />
                <text x={PAD.l - 6} y={t.at} textAnchor="end" dominantBaseline="middle">
                  {t.text}
                </text>
              </g>
            ))}
            {plot.xticks.map((t) => (
              <g key={`x${t.text}`} className="ry-chart__tick">
                <text x={t.at} y={H - PAD.b + 16} textAnchor="middle">
                  {t.text}
                </text>
              </g>
            ))}
            <text className="ry-chart__label" x={(W + PAD.l) / 2} y={H - 6} textAnchor="middle">
              {x}
            </text>
            <text
              className="ry-chart__label"
              transform={`translate(14 ${(H - PAD.b) / 2}) rotate(-90)`}
              textAnchor="middle"
            >
              {y?.split('.').slice(2).join('.')}
            </text>
            {plot.dots.map((d) => {
              const label = `${d.run.description || d.run.run_id}: ${x} = ${valueText(d.xv)}, ${y} = ${shortNumber(d.y)}`;
              return (
                <circle
                  key={d.run.run_id}
                  cx={d.px}
                  cy={d.py}
                  r={active?.run.run_id === d.run.run_id ? 6 : 4.5}
                  className={`ry-scatter__dot ${seriesClass(0)}`}
                  role={onOpenRun ? 'button' : 'img'}
                  aria-label={label}
                  tabIndex={focusable ? 0 : undefined}
                  onPointerEnter={() => setActive(d)}
                  onPointerLeave={() => setActive(null)}
                  onFocus={() => setActive(d)}
                  onBlur={() => setActive(null)}
                  onClick={() => onOpenRun?.(d.run.run_id)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      onOpenRun?.(d.run.run_id);
                    }
                  }}
                />
              );
            })}
          </svg>
          {active && (
            <div className="ry-overlay__tip" role="status" aria-label="The run under the cursor">
              <div className="ry-overlay__tipx">{active.run.description || active.run.run_id}</div>
              <div className="ry-mono">{idTitle(active.run.run_id)}</div>
              <div>
                {x} = {valueText(active.xv)}
              </div>
              <div>
                {y} = {shortNumber(active.y)}
              </div>
            </div>
          )}
          {plot.left > 0 && (
            <figcaption className="ry-muted">
              {plot.left} of the {runs.length} runs have no value for {x} or no number for {y}, and are not shown.
            </figcaption>
          )}
        </figure>
      )}
    </div>
  );
}
