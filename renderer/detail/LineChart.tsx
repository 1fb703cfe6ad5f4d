// A line chart of a CSV's numeric columns over its first column, drawn as SVG.
// Series can be switched off in the legend; long series are thinned to ~800 points.
import { useMemo, useState } from 'react';
import { formatLocal } from '../../shared/format';

export interface Series {
  name: string;
  values: (number | null)[];
}

const W = 720;
const H = 260;
const PAD = { l: 56, r: 12, t: 12, b: 34 };
const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];
const MAX_POINTS = 800;

function niceTicks(lo: number, hi: number, n = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo === hi) return [lo];
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

const fmt = (v: number) =>
  Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(4)));

export function LineChart({
  x,
  xKind,
  xLabel,
  series,
  title,
}: {
  x: number[];
  xKind: 'number' | 'date' | 'index';
  xLabel: string;
  series: Series[];
  title: string;
}) {
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const geom = useMemo(() => {
    const shown = series.filter((s) => !hidden.has(s.name));
    const stride = Math.max(1, Math.ceil(x.length / MAX_POINTS));
    const idx = x.map((_, i) => i).filter((i) => i % stride === 0 || i === x.length - 1);
    const xs = idx.map((i) => x[i]!);
    const xmin = Math.min(...xs);
    const xmax = Math.max(...xs);
    let ymin = Infinity;
    let ymax = -Infinity;
    for (const s of shown)
      for (const i of idx) {
        const v = s.values[i];
        if (v !== null && v !== undefined) {
          ymin = Math.min(ymin, v);
          ymax = Math.max(ymax, v);
        }
      }
    if (ymin === Infinity) {
      ymin = 0;
      ymax = 1;
    }
    if (ymin === ymax) {
      ymin -= 1;
      ymax += 1;
    }
    const sx = (v: number) => PAD.l + (xmax === xmin ? 0.5 : (v - xmin) / (xmax - xmin)) * (W - PAD.l - PAD.r);
    const sy = (v: number) => H - PAD.b - ((v - ymin) / (ymax - ymin)) * (H - PAD.t - PAD.b);
    const paths = shown.map((s) => {
      let d = '';
      let pen = false;
      for (const i of idx) {
        const v = s.values[i];
        if (v === null || v === undefined) {
          pen = false;
          continue;
        }
        d += `${pen ? 'L' : 'M'}${sx(x[i]!).toFixed(1)},${sy(v).toFixed(1)}`;
        pen = true;
      }
      return { name: s.name, d };
    });
    return { paths, sx, sy, xticks: niceTicks(xmin, xmax), yticks: niceTicks(ymin, ymax) };
  }, [x, series, hidden]);
  const xText = (v: number) => (xKind === 'date' ? formatLocal(v).slice(0, 10) : fmt(v));
  const colour = (name: string) => COLOURS[series.findIndex((s) => s.name === name) % COLOURS.length];

  return (
    <figure className="line-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title} preserveAspectRatio="xMidYMid meet">
        <title>{title}</title>
        {geom.yticks.map((t) => (
          <g key={`y${t}`} className="tick">
            <line x1={PAD.l} x2={W - PAD.r} y1={geom.sy(t)} y2={geom.sy(t)} className="grid" />
            <text x={PAD.l - 6} y={geom.sy(t)} textAnchor="end" dominantBaseline="middle">
              {fmt(t)}
            </text>
          </g>
        ))}
        {geom.xticks.map((t) => (
          <text key={`x${t}`} className="tick" x={geom.sx(t)} y={H - PAD.b + 16} textAnchor="middle">
            {xText(t)}
          </text>
        ))}
        <line x1={PAD.l} x2={W - PAD.r} y1={H - PAD.b} y2={H - PAD.b} className="axis" />
        <line x1={PAD.l} x2={PAD.l} y1={PAD.t} y2={H - PAD.b} className="axis" />
        <text x={(W + PAD.l) / 2} y={H - 4} textAnchor="middle" className="axis-label">
          {xLabel}
        </text>
        {geom.paths.map((p) => (
          <path key={p.name} d={p.d} fill="none" stroke={colour(p.name)} strokeWidth={1.6} />
        ))}
      </svg>
      <figcaption className="legend">
        {series.map((s) => (
          <label key={s.name}>
            <input
              type="checkbox"
              checked={!hidden.has(s.name)}
              onChange={() => {
                const next = new Set(hidden);
                if (next.has(s.name)) next.delete(s.name);
                else next.add(s.name);
                setHidden(next);
              }}
            />
            <span className="swatch" style={{ background: colour(s.name) }} aria-hidden="true" />
            {s.name}
          </label>
        ))}
      </figcaption>
    </figure>
  );
}
