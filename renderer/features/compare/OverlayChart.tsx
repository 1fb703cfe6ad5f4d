// Several runs' series of one column in one SVG chart: hover (or ←/→ on the focused
// chart) shows every shown run's value at that x; a log scale leaves out values ≤ 0 and
// says how many. Hand-made SVG: a charting library was not worth its bundle for lines,
// ticks and a cursor, and SVG lets the tests and screen readers see what is drawn.
import { useMemo, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { axisMap, logTicks, rangeTicks, shortNumber } from '../../../shared/chart-scale';
import { seriesClass } from './seriesColours';

export interface OverlayLine {
  id: string;
  label: string;
  /** Position in the legend, which fixes the colour. */
  index: number;
  x: number[];
  y: (number | null)[];
}

const W = 760;
const H = 340;
const PAD = { l: 64, r: 16, t: 12, b: 40 };

/** The index of the point whose x is nearest `v` (x ascending). */
export function nearestIndex(x: readonly number[], v: number): number {
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! < v) lo = mid;
    else hi = mid;
  }
  return Math.abs(x[hi]! - v) < Math.abs(x[lo]! - v) ? hi : lo;
}

function geometry(lines: readonly OverlayLine[], log: boolean) {
  let xmin = Infinity;
  let xmax = -Infinity;
  let ymin = Infinity;
  let ymax = -Infinity;
  let dropped = 0;
  for (const l of lines) {
    for (let i = 0; i < l.x.length; i++) {
      const v = l.y[i];
      if (v === null || v === undefined) continue;
      if (log && v <= 0) {
        dropped++;
        continue;
      }
      xmin = Math.min(xmin, l.x[i]!);
      xmax = Math.max(xmax, l.x[i]!);
      ymin = Math.min(ymin, v);
      ymax = Math.max(ymax, v);
    }
  }
  if (ymin === Infinity) return { empty: true as const, dropped };
  if (ymin === ymax) {
    ymin = log ? ymin / 2 : ymin - 1;
    ymax = log ? ymax * 2 : ymax + 1;
  }
  const sx = axisMap(xmin, xmax, PAD.l, W - PAD.r);
  const sy = axisMap(ymin, ymax, H - PAD.b, PAD.t, log);
  const paths = lines.map((l) => {
    let d = '';
    let pen = false;
    for (let i = 0; i < l.x.length; i++) {
      const v = l.y[i];
      if (v === null || v === undefined || (log && v <= 0)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${sx(l.x[i]!).toFixed(1)},${sy(v).toFixed(1)}`;
      pen = true;
    }
    return { line: l, d };
  });
  const yticks = log ? logTicks(ymin, ymax) : rangeTicks(ymin, ymax);
  return { empty: false as const, dropped, xmin, xmax, sx, sy, paths, xticks: rangeTicks(xmin, xmax), yticks };
}

export function OverlayChart({
  lines,
  xLabel,
  yLabel,
  log,
}: {
  lines: readonly OverlayLine[];
  xLabel: string;
  yLabel: string;
  log: boolean;
}) {
  const g = useMemo(() => geometry(lines, log), [lines, log]);
  const [hoverX, setHoverX] = useState<number | null>(null);
  // The line with the most points sets where ←/→ step.
  const steps = useMemo(() => lines.reduce<number[]>((a, l) => (l.x.length > a.length ? l.x : a), []), [lines]);

  if (g.empty)
    return (
      <p className="ry-note" role="status">
        {log && g.dropped
          ? 'Nothing to draw on a log scale: every value is 0 or below. Switch the log scale off.'
          : 'Nothing to draw: no shown run has a number in this column.'}
      </p>
    );

  const toData = (clientX: number, el: SVGSVGElement) => {
    const box = el.getBoundingClientRect();
    const px = box.width > 0 ? ((clientX - box.left) / box.width) * W : PAD.l;
    const f = (px - PAD.l) / (W - PAD.l - PAD.r);
    return g.xmin + Math.max(0, Math.min(1, f)) * (g.xmax - g.xmin);
  };
  const onMove = (e: PointerEvent<SVGSVGElement>) => setHoverX(toData(e.clientX, e.currentTarget));
  const onKey = (e: KeyboardEvent) => {
    if (steps.length === 0) return;
    const at = hoverX === null ? -1 : nearestIndex(steps, hoverX);
    const to = { ArrowRight: at + 1, ArrowLeft: at < 0 ? steps.length - 1 : at - 1, Home: 0, End: steps.length - 1 }[
      e.key
    ];
    if (e.key === 'Escape') setHoverX(null);
    if (to === undefined) return;
    e.preventDefault();
    setHoverX(steps[Math.max(0, Math.min(steps.length - 1, to))]!);
  };

  const hover =
    hoverX === null
      ? []
      : lines.flatMap((l) => {
          if (l.x.length === 0) return [];
          const i = nearestIndex(l.x, hoverX);
          const v = l.y[i];
          return v === null || v === undefined ? [] : [{ line: l, x: l.x[i]!, v }];
        });
  hover.sort((a, b) => b.v - a.v);
  const plotted = (v: number) => !log || v > 0;

  return (
    <figure className="ry-overlay">
      <svg
        className="ry-chart__svg ry-overlay__svg"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${yLabel} over ${xLabel} for ${lines.length} runs${log ? ', log scale' : ''}`}
        tabIndex={0}
        onPointerMove={onMove}
        onPointerLeave={() => setHoverX(null)}
        onKeyDown={onKey}
      >
        {g.yticks.map((t) => (
          <g key={`y${t}`} className="ry-chart__tick ry-overlay__ytick">
            <line x1={PAD.l} x2={W - PAD.r} y1={g.sy(t)} y2={g.sy(t)} />
            <text x={PAD.l - 6} y={g.sy(t)} textAnchor="end" dominantBaseline="middle">
              {shortNumber(t)}
            </text>
          </g>
        ))}
        {g.xticks.map((t) => (
          <g key={`x${t}`} className="ry-chart__tick">
            <text x={g.sx(t)} y={H - PAD.b + 16} textAnchor="middle">
              {shortNumber(t)}
            </text>
          </g>
        ))}
        <text className="ry-chart__label" x={(W + PAD.l) / 2} y={H - 6} textAnchor="middle">
          {xLabel}
        </text>
        <text
          className="ry-chart__label"
          transform={`translate(14 ${(H - PAD.b) / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          {yLabel}
          {log ? ' (log)' : ''}
        </text>
        {g.paths.map((p) => (
          <path
            key={p.line.id}
            d={p.d}
            className={`ry-overlay__line ${seriesClass(p.line.index)}`}
            data-run={p.line.id}
          >
            <title>{p.line.label}</title>
          </path>
        ))}
        {hoverX !== null && (
          <g className="ry-overlay__cursor" aria-hidden="true">
            <line x1={g.sx(hoverX)} x2={g.sx(hoverX)} y1={PAD.t} y2={H - PAD.b} />
            {hover
              .filter((h) => plotted(h.v))
              .map((h) => (
                <circle
                  key={h.line.id}
                  cx={g.sx(h.x)}
                  cy={g.sy(h.v)}
                  r={3.5}
                  className={`ry-overlay__dot ${seriesClass(h.line.index)}`}
                />
              ))}
          </g>
        )}
      </svg>
      {hover.length > 0 && (
        <div className="ry-overlay__tip" role="status" aria-label="Values at the cursor">
          <div className="ry-overlay__tipx">
            {xLabel} {shortNumber(hover[0]!.x)}
          </div>
          <ul>
            {hover.map((h) => (
              <li key={h.line.id}>
                <span className={`ry-swatch ${seriesClass(h.line.index)}`} aria-hidden="true" />
                <span className="ry-overlay__tiplabel">{h.line.label}</span>
                <span className="ry-mono">{shortNumber(h.v)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {log && g.dropped > 0 && (
        <figcaption className="ry-muted">
          {g.dropped} {g.dropped === 1 ? 'value is' : 'values are'} 0 or below and left out on the log scale.
        </figcaption>
      )}
    </figure>
  );
}
