// Parallel coordinates of a sweep: one vertical axis per key the runs vary (up to six)
// and the chosen result last; one line per run through its values. Hover or focus a
// line for the run, click or Enter opens it.
import { useMemo, useState } from 'react';
import { axisMap, shortNumber } from '../../../shared/chart-scale';
import type { RunRecord } from '../../../shared/types';
import { compareValues, numberOf, valueText, type RunValue } from '../../../shared/values';
import { ErrorNote } from '../kit/ErrorNote';
import { idTitle } from '../kit/format';
import { useCall } from '../kit/useCall';
import { seriesClass } from '../compare/seriesColours';

const W = 760;
const H = 300;
const PAD = { l: 40, r: 60, t: 28, b: 28 };
export const MAX_AXES = 6;
const FOCUSABLE_LINES = 300;

interface Axis {
  path: string;
  at: (v: RunValue) => number;
  lo: string;
  hi: string;
}

function axisFor(path: string, values: RunValue[]): Axis {
  const nums = values.map((v) => numberOf(v));
  if (nums.every((n) => n !== null && Number.isFinite(n))) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const n of nums as number[]) {
      lo = Math.min(lo, n);
      hi = Math.max(hi, n);
    }
    const m = axisMap(lo, hi, H - PAD.b, PAD.t);
    return { path, at: (v) => m(numberOf(v)!), lo: shortNumber(lo), hi: shortNumber(hi) };
  }
  const cats = [...new Set(values.map(valueText))].sort(compareValues);
  const m = axisMap(0, Math.max(1, cats.length - 1), H - PAD.b, PAD.t);
  return { path, at: (v) => m(cats.indexOf(valueText(v))), lo: cats[0] ?? '', hi: cats.at(-1) ?? '' };
}

export function ParallelCoords({
  runs,
  keys,
  result,
  onOpenRun,
}: {
  runs: RunRecord[];
  /** The varying config/params keys, most telling first. */
  keys: string[];
  result: string;
  onOpenRun?(id: string): void;
}) {
  const axesPaths = useMemo(() => [...keys.slice(0, MAX_AXES), result], [keys, result]);
  const ids = useMemo(() => runs.map((r) => r.run_id), [runs]);
  const vals = useCall('values.get', { paths: axesPaths, run_ids: ids }, `${ids.join('\n')}|${axesPaths.join(',')}`);
  const [active, setActive] = useState<string | null>(null);

  const plot = useMemo(() => {
    const v = vals.value;
    if (!v || v.paths.join(',') !== axesPaths.join(',')) return null;
    const complete = runs.filter((r) => axesPaths.every((p) => v.values[r.run_id]?.[p] !== undefined));
    if (complete.length === 0) return { axes: [], used: [], lines: [], left: runs.length };
    // A key that holds the same value as an earlier one in every run (config.beta and params.beta) is one axis.
    const seen = new Set<string>();
    const used = axesPaths.filter((p, i) => {
      const signature = JSON.stringify(complete.map((r) => v.values[r.run_id]![p]));
      if (i < axesPaths.length - 1 && seen.has(signature)) return false;
      seen.add(signature);
      return true;
    });
    const axes = used.map((p) =>
      axisFor(
        p,
        complete.map((r) => v.values[r.run_id]![p]!),
      ),
    );
    const xAt = axisMap(0, axes.length - 1, PAD.l, W - PAD.r);
    const lines = complete.map((r) => {
      const row = v.values[r.run_id]!;
      return {
        run: r,
        row,
        points: axes.map((a, i) => `${xAt(i).toFixed(1)},${a.at(row[a.path]!).toFixed(1)}`).join(' '),
      };
    });
    return { axes: axes.map((a, i) => ({ ...a, x: xAt(i) })), used, lines, left: runs.length - complete.length };
  }, [vals.value, runs, axesPaths]);

  if (vals.error) return <ErrorNote error={vals.error} />;
  if (!plot)
    return (
      <p className="ry-muted" role="status">
        Reading values…
      </p>
    );
  const focusable = plot.lines.length <= FOCUSABLE_LINES;
  const shown = plot.lines.find((l) => l.run.run_id === active);
  const describe = (row: Record<string, RunValue>) => plot.used.map((p) => `${p} = ${valueText(row[p])}`).join(', ');
  return (
    <figure className="ry-overlay">
      <svg
        className="ry-chart__svg ry-scatter__svg"
        viewBox={`0 0 ${W} ${H}`}
        role="group"
        aria-label={`Parallel coordinates of ${plot.lines.length} runs: ${plot.used.join(', ')}`}
      >
        {plot.lines.map((l) => (
          <polyline
            key={l.run.run_id}
            points={l.points}
            className={`ry-overlay__line ry-parallel__line ${seriesClass(0)}${active && active !== l.run.run_id ? ' is-faded' : ''}`}
            role={onOpenRun ? 'button' : 'img'}
            aria-label={`${l.run.description || l.run.run_id}: ${describe(l.row)}`}
            tabIndex={focusable ? 0 : undefined}
            onPointerEnter={() => setActive(l.run.run_id)}
            onPointerLeave={() => setActive(null)}
            onFocus={() => setActive(l.run.run_id)}
            onBlur={() => setActive(null)}
            onClick={() => onOpenRun?.(l.run.run_id)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onOpenRun?.(l.run.run_id);
              }
            }}
          />
        ))}
        {plot.axes.map((a) => (
          <g key={a.path} className="ry-chart__tick" aria-hidden="true">
            <line x1={a.x} x2={a.x} y1={PAD.t} y2={H - PAD.b} />
            <text className="ry-chart__label" x={a.x} y={PAD.t - 10} textAnchor="middle">
              {a.path.split('.').at(-1)}
            </text>
            <text x={a.x + 4} y={PAD.t + 4}>
              {a.hi}
            </text>
            <text x={a.x + 4} y={H - PAD.b}>
              {a.lo}
            </text>
          </g>
        ))}
      </svg>
      {shown && (
        <div className="ry-overlay__tip" role="status" aria-label="The run under the cursor">
          <div className="ry-overlay__tipx">{shown.run.description || shown.run.run_id}</div>
          <div className="ry-mono">{idTitle(shown.run.run_id)}</div>
          {plot.used.map((p) => (
            <div key={p}>
              {p} = {valueText(shown.row[p])}
            </div>
          ))}
        </div>
      )}
      {plot.left > 0 && (
        <figcaption className="ry-muted">
          {plot.left} of the {runs.length} runs lack one of these values, and are not shown.
        </figcaption>
      )}
    </figure>
  );
}
