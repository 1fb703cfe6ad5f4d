// Run colours for charts across runs: ten classes (series.css) whose colours are set per
// theme, so a line reads on a dark background too; past ten, the colours repeat dashed.
import './series.css';

export const SERIES_COLOURS = 10;

export const seriesClass = (i: number) =>
  `ry-series-${i % SERIES_COLOURS}${i >= SERIES_COLOURS ? ' ry-series--dashed' : ''}`;
