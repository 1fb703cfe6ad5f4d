import { useMemo } from 'react';
import { countBy, linear, niceTicks } from '../../../shared/chart-scale';
import { KNOWN_STATUSES, type RunRecord } from '../../../shared/types';
import { clipText, statusColor } from '../kit/format';

const W = 420;
const H = 200;
const M = { top: 14, right: 8, bottom: 40, left: 40 };

export function StatusBars({ runs }: { runs: RunRecord[] }) {
  const counts = useMemo(
    () =>
      countBy(
        runs.map((r) => String(r.status)),
        KNOWN_STATUSES,
      ),
    [runs],
  );
  const max = Math.max(...counts.map((c) => c.count));
  const ticks = niceTicks(max, 4);
  const top = ticks[ticks.length - 1]!;
  const innerH = H - M.top - M.bottom;
  const innerW = W - M.left - M.right;
  const y = linear(top, innerH);
  const band = innerW / Math.max(1, counts.length);
  const barW = Math.min(48, band * 0.7);
  const summary = counts.map((c) => `${c.label}: ${c.count}`).join(', ');
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="ry-chart__svg" role="img" aria-label={`Runs per status: ${summary}`}>
      <g transform={`translate(${M.left},${M.top})`}>
        {ticks.map((t) => (
          <g key={t} transform={`translate(0,${innerH - y(t)})`} className="ry-chart__tick">
            <line x1={0} x2={innerW} />
            <text x={-6} dy="0.32em" textAnchor="end">
              {t}
            </text>
          </g>
        ))}
        {counts.map((c, i) => {
          const h = y(c.count);
          const x = i * band + (band - barW) / 2;
          return (
            <g key={c.label}>
              <title>{`${c.label}: ${c.count} ${c.count === 1 ? 'run' : 'runs'}`}</title>
              <rect
                x={x}
                y={innerH - h}
                width={barW}
                height={Math.max(0, h)}
                rx={3}
                style={{ fill: statusColor(c.label) }}
              />
              <text x={x + barW / 2} y={innerH - h - 4} textAnchor="middle" className="ry-chart__value">
                {c.count}
              </text>
              <text x={x + barW / 2} y={innerH + 14} textAnchor="middle" className="ry-chart__label">
                {clipText(c.label, 12)}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}
