// Recent runs on a time axis; hovering or focusing a bar shows the run's details.
import { useMemo, useState } from 'react';
import { ganttLayout, type GanttBar } from '../../../shared/gantt';
import type { RunRecord } from '../../../shared/types';
import { clipText, durationText, idTitle, localTime, shortId, statusColor } from '../kit/format';

const W = 900;
const LABEL_W = 170;
const ROW = 20;
const AXIS = 28;

export function GanttChart({ runs, now, limit = 30 }: { runs: RunRecord[]; now?: number; limit?: number }) {
  // "Now" is taken when the runs change, so a re-render alone does not move the bars.
  const layout = useMemo(
    () => ganttLayout(runs, { now: now ?? Date.now(), width: W - LABEL_W - 16, limit }),
    [runs, now, limit],
  );
  const [hover, setHover] = useState<GanttBar | null>(null);
  if (layout.bars.length === 0) return <p className="ry-muted">No run has a creation time to place on the timeline.</p>;
  const H = AXIS + layout.bars.length * ROW + 8;
  return (
    <div className="ry-gantt">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="ry-chart__svg"
        role="group"
        aria-label={`Timeline of the ${layout.bars.length} most recent runs`}
      >
        <g transform={`translate(${LABEL_W},0)`}>
          {layout.ticks.map((t) => (
            <g key={t.ms} transform={`translate(${t.x},0)`} className="ry-chart__tick">
              <line y1={AXIS - 6} y2={H} />
              <text y={AXIS - 10} textAnchor="middle">
                {t.label}
              </text>
            </g>
          ))}
        </g>
        {layout.bars.map((b) => {
          const y = AXIS + b.row * ROW;
          const label = `${shortId(b.run_id)} ${b.description}`;
          return (
            <g
              key={b.run_id}
              className="ry-gantt__row"
              tabIndex={0}
              role="img"
              aria-label={`Run ${shortId(b.run_id)}, ${b.status}, ${durationText(b.end - b.start)}${b.ongoing ? ', still going' : ''}`}
              onMouseEnter={() => setHover(b)}
              onMouseLeave={() => setHover(null)}
              onFocus={() => setHover(b)}
              onBlur={() => setHover(null)}
            >
              <rect x={0} y={y} width={W} height={ROW} className="ry-gantt__hit" />
              <text x={LABEL_W - 8} y={y + ROW / 2} dy="0.32em" textAnchor="end" className="ry-chart__label">
                {clipText(label, 26)}
              </text>
              <rect
                x={LABEL_W + b.x}
                y={y + 4}
                width={b.width}
                height={ROW - 8}
                rx={3}
                style={{ fill: statusColor(b.status) }}
                className={b.ongoing ? 'ry-gantt__bar--ongoing' : undefined}
              />
            </g>
          );
        })}
      </svg>
      {hover && (
        <div className="ry-gantt__tip" role="tooltip" style={{ top: `${((AXIS + (hover.row + 1) * ROW) / H) * 100}%` }}>
          <div>
            <span className="ry-mono">{idTitle(hover.run_id)}</span> — {hover.status}
          </div>
          <div>{hover.description}</div>
          <div className="ry-muted">
            {localTime(hover.start)} → {hover.ongoing ? 'now' : localTime(hover.end)} (
            {durationText(hover.end - hover.start)})
          </div>
        </div>
      )}
    </div>
  );
}
