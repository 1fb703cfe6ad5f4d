// The overview: runs per status, a timeline of recent runs, and where the disk goes.
import type { RunRecord } from '../../../shared/types';
import { StatusBars } from './StatusBars';
import { GanttChart } from './GanttChart';
import { DiskUsageChart } from './DiskUsageChart';
import './charts.css';

export function OverviewCharts({ runs }: { runs: RunRecord[] }) {
  if (runs.length === 0) {
    return <section className="ry-charts" aria-label="Overview"><p className="ry-muted">No runs yet: charts appear once the directory has runs.</p></section>;
  }
  return (
    <section className="ry-charts" aria-label="Overview">
      <figure className="ry-chart">
        <figcaption className="ry-chart__title">Runs per status</figcaption>
        <StatusBars runs={runs} />
      </figure>
      <figure className="ry-chart ry-chart--wide">
        <figcaption className="ry-chart__title">Timeline of recent runs</figcaption>
        <GanttChart runs={runs} />
      </figure>
      <figure className="ry-chart ry-chart--wide">
        <figcaption className="ry-chart__title">Disk usage</figcaption>
        <DiskUsageChart runs={runs} />
      </figure>
    </section>
  );
}
