// The legend of a chart across runs: one button per run, named by what differs between
// the runs, that shows or hides its line (Tab to it, Space or Enter to toggle). A run
// with nothing to draw is listed with why, so no run silently goes missing.
import { seriesClass } from './seriesColours';

export interface LegendEntry {
  id: string;
  label: string;
  index: number;
  /** The run's full id and description, for the tooltip. */
  title: string;
  /** Why there is no line: the button is disabled. */
  missing?: string;
}

export function SeriesLegend({
  entries,
  hidden,
  onToggle,
}: {
  entries: readonly LegendEntry[];
  hidden: ReadonlySet<string>;
  onToggle(id: string): void;
}) {
  return (
    <ul className="ry-legend" aria-label="Runs (toggle a line)">
      {entries.map((e) => (
        <li key={e.id}>
          <button
            type="button"
            aria-pressed={!e.missing && !hidden.has(e.id)}
            disabled={!!e.missing}
            title={e.missing ? `${e.title}\n${e.missing}` : e.title}
            onClick={() => onToggle(e.id)}
          >
            <span className={`ry-swatch ${seriesClass(e.index)}`} aria-hidden="true" />
            {e.label}
          </button>
        </li>
      ))}
    </ul>
  );
}
