// Where the bytes are: the largest runs (split into checkpoints, results, logs, other)
// and the largest lineage families, whose checkpoints all live in the root's folder.
import { useMemo } from 'react';
import type { DiskUsage } from '../../../shared/api/models';
import { linear } from '../../../shared/chart-scale';
import { formatBytes } from '../../../shared/format';
import { subtreeUsage, topWithRest } from '../../../shared/subtree-usage';
import type { RunRecord } from '../../../shared/types';
import { useUsageBatches } from './useUsageBatches';
import { ErrorNote } from '../kit/ErrorNote';
import { idTitle, shortId } from '../kit/format';

const PARTS = ['checkpoints', 'results', 'logs', 'other'] as const;
const W = 560;
const ROW = 22;
const LABEL_W = 150;
const VALUE_W = 70;

export function DiskUsageChart({ runs }: { runs: RunRecord[] }) {
  const key = `${runs.length}:${runs[0]?.run_id ?? ''}:${runs[runs.length - 1]?.run_id ?? ''}`;
  // In batches, newest runs first as the table lists them: the chart fills in as they come.
  const ids = useMemo(() => runs.map((r) => r.run_id), [runs]);
  const usage = useUsageBatches(ids, key);
  const byId = useMemo(() => new Map(runs.map((r) => [r.run_id, r])), [runs]);
  const families = useMemo(() => (usage.value ? subtreeUsage(runs, usage.value) : []), [runs, usage.value]);
  if (!usage.value)
    return usage.error ? (
      <ErrorNote error={usage.error} />
    ) : (
      <p className="ry-muted" role="status">
        Measuring disk usage…
      </p>
    );
  const total = usage.value.reduce((s, u) => s + u.total, 0);
  const { top, rest } = topWithRest(usage.value, 10);
  const { top: topFamilies } = topWithRest(families, 8);
  const describe = (id: string) => byId.get(id)?.description ?? '';
  return (
    <div className="ry-du">
      <p className="ry-du__total">
        {formatBytes(total)} in {usage.value.length} {usage.value.length === 1 ? 'run' : 'runs'}
        {usage.asked < usage.total && (
          <span className="ry-muted" role="status">
            {' '}
            (measuring: {usage.asked} of {usage.total} runs so far…)
          </span>
        )}
      </p>
      <div className="ry-du__charts">
        <div>
          <h4 className="ry-chart__subtitle">Largest runs</h4>
          <RunBars items={top} describe={describe} />
          {rest && (
            <p className="ry-muted ry-du__rest">
              and {rest.count} more runs, {formatBytes(rest.total)}
            </p>
          )}
          <p className="ry-du__legend">
            {PARTS.map((p) => (
              <span key={p}>
                <i className={`ry-swatch ry-du--${p}`} /> {p}
              </span>
            ))}
          </p>
        </div>
        <div>
          <h4 className="ry-chart__subtitle">Largest lineage families</h4>
          {topFamilies.length === 0 ? (
            <p className="ry-muted">No run has been resumed yet.</p>
          ) : (
            <FamilyBars items={topFamilies} describe={describe} />
          )}
        </div>
      </div>
    </div>
  );
}

function RunBars({ items, describe }: { items: DiskUsage[]; describe(id: string): string }) {
  const max = Math.max(1, ...items.map((i) => i.total));
  const x = linear(max, W - LABEL_W - VALUE_W);
  return (
    <svg
      viewBox={`0 0 ${W} ${items.length * ROW}`}
      className="ry-chart__svg"
      role="img"
      aria-label={`Largest runs: ${items.map((i) => `${shortId(i.run_id)} ${formatBytes(i.total)}`).join(', ')}`}
    >
      {items.map((u, row) => {
        let at = LABEL_W;
        return (
          <g key={u.run_id} transform={`translate(0,${row * ROW})`}>
            <title>{`${idTitle(u.run_id)} ${describe(u.run_id)}\n${PARTS.map((p) => `${p}: ${formatBytes(u[p])}`).join('\n')}`}</title>
            <text x={LABEL_W - 8} y={ROW / 2} dy="0.32em" textAnchor="end" className="ry-chart__label">
              {shortId(u.run_id)}
            </text>
            {PARTS.map((p) => {
              const w = x(u[p]);
              const rect = <rect key={p} x={at} y={4} width={w} height={ROW - 8} className={`ry-du--${p}`} />;
              at += w;
              return rect;
            })}
            <text x={at + 6} y={ROW / 2} dy="0.32em" className="ry-chart__value">
              {formatBytes(u.total)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function FamilyBars({
  items,
  describe,
}: {
  items: { run_id: string; total: number; runs: number }[];
  describe(id: string): string;
}) {
  const max = Math.max(1, ...items.map((i) => i.total));
  const x = linear(max, W - LABEL_W - VALUE_W);
  return (
    <svg
      viewBox={`0 0 ${W} ${items.length * ROW}`}
      className="ry-chart__svg"
      role="img"
      aria-label={`Largest lineage families: ${items.map((i) => `${shortId(i.run_id)} (${i.runs} runs) ${formatBytes(i.total)}`).join(', ')}`}
    >
      {items.map((f, row) => (
        <g key={f.run_id} transform={`translate(0,${row * ROW})`}>
          <title>{`${idTitle(f.run_id)} ${describe(f.run_id)}\n${f.runs} runs in the family, ${formatBytes(f.total)}`}</title>
          <text
            x={LABEL_W - 8}
            y={ROW / 2}
            dy="0.32em"
            textAnchor="end"
            className="ry-chart__label"
          >{`${shortId(f.run_id)} (${f.runs})`}</text>
          <rect x={LABEL_W} y={4} width={Math.max(1, x(f.total))} height={ROW - 8} rx={2} className="ry-du--family" />
          <text x={LABEL_W + x(f.total) + 6} y={ROW / 2} dy="0.32em" className="ry-chart__value">
            {formatBytes(f.total)}
          </text>
        </g>
      ))}
    </svg>
  );
}
