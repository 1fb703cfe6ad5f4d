// The overview: runs per status, a timeline of recent runs, a result against what a
// sweep varies, and where the disk goes.
import type { RunRecord } from '../../../shared/types';
import { StatusBars } from './StatusBars';
import { GanttChart } from './GanttChart';
import { DiskUsageChart } from './DiskUsageChart';
import { SweepScatter } from './SweepScatter';
import './charts.css';

/** The timeline draws this many runs, the newest: 10k bars are neither readable nor fast. */
const TIMELINE_RUNS = 30;

export function OverviewCharts({ runs, onOpenRun }: { runs: RunRecord[]; onOpenRun?(id: string): void }) {
  if (runs.length === 0) {
    return (
      <section className="ry-charts" aria-label="Overview">
        <p className="ry-muted">No runs yet: charts appear once the directory has runs.</p>
      </section>
    );
  }
  return (
    <section className="ry-charts" aria-label="Overview">
      <figure className="ry-chart">
        <figcaption className="ry-chart__title">Runs per status</figcaption>
        <StatusBars runs={runs} />
      </figure>
      <figure className="ry-chart ry-chart--wide">
        <figcaption className="ry-chart__title">
          Timeline of recent runs
          {runs.length > TIMELINE_RUNS && (
            <span className="ry-muted">
              {' '}
              (the {TIMELINE_RUNS} newest of {runs.length})
            </span>
          )}
        </figcaption>
        <GanttChart runs={runs} limit={TIMELINE_RUNS} />
      </figure>
      <figure className="ry-chart ry-chart--full">
        <figcaption className="ry-chart__title">Disk usage</figcaption>
        <DiskUsageChart runs={runs} />
      </figure>
      <figure className="ry-chart ry-chart--full">
        <figcaption className="ry-chart__title">A result across the sweep</figcaption>
        <SweepScatter runs={runs} onOpenRun={onOpenRun} />
      </figure>
    </section>
  );
}
