// The timeline of recent runs: which runs, where their bars go, and the time ticks.
// A run's bar spans from when it started (or was created, since the Python module never
// sets started_at) to when it completed, or to now while it is still going.
import { ACTIVE_STATUSES } from './types';

export interface GanttInput {
  run_id: string;
  description: string;
  status: string;
  created_ms: number | null;
  started_ms: number | null;
  completed_ms: number | null;
  /** Last change of metadata.json: the best end we have for a run that stopped without completed_at. */
  mtime_ms: number;
}

export interface GanttBar {
  run_id: string;
  description: string;
  status: string;
  start: number;
  end: number;
  /** Still initialising or running: the bar ends at "now". */
  ongoing: boolean;
  row: number;
  x: number;
  width: number;
}

export interface GanttTick {
  ms: number;
  x: number;
  label: string;
}

export interface GanttLayout {
  bars: GanttBar[];
  ticks: GanttTick[];
  domain: [number, number];
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const STEPS = [
  MIN,
  5 * MIN,
  15 * MIN,
  30 * MIN,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
  91 * DAY,
  365 * DAY,
];

export function runSpan(r: GanttInput, now: number): { start: number; end: number; ongoing: boolean } | null {
  const start = r.started_ms ?? r.created_ms;
  if (start === null) return null;
  const ongoing = r.completed_ms === null && ACTIVE_STATUSES.includes(r.status);
  const end = r.completed_ms ?? (ongoing ? now : Math.max(start, r.mtime_ms || start));
  return { start, end: Math.max(start, end), ongoing };
}

/** The smallest step from the list that gives at most `maxTicks` ticks. */
export function timeStep(spanMs: number, maxTicks = 6): number {
  for (const s of STEPS) if (spanMs / s <= maxTicks) return s;
  return STEPS[STEPS.length - 1]!;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local-time label fitting the step: times for sub-day steps, dates otherwise. */
export function tickLabel(ms: number, step: number): string {
  const d = new Date(ms);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  if (step >= DAY) return date;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.getHours() === 0 && d.getMinutes() === 0 ? `${date} ${time}` : time;
}

/**
 * The `limit` most recently started runs, oldest first (top to bottom), scaled into
 * `width` pixels. Ticks sit on local midnight/hour boundaries.
 */
export function ganttLayout(
  runs: readonly GanttInput[],
  opts: { now: number; width: number; limit?: number },
): GanttLayout {
  const spans = runs
    .map((r) => ({ r, s: runSpan(r, opts.now) }))
    .filter((x): x is { r: GanttInput; s: NonNullable<ReturnType<typeof runSpan>> } => x.s !== null)
    .sort((a, b) => b.s.start - a.s.start || a.r.run_id.localeCompare(b.r.run_id))
    .slice(0, opts.limit ?? 30)
    .reverse();
  if (spans.length === 0) return { bars: [], ticks: [], domain: [opts.now, opts.now] };
  const lo = Math.min(...spans.map((x) => x.s.start));
  let hi = Math.max(...spans.map((x) => x.s.end));
  if (hi - lo < MIN) hi = lo + MIN;
  const scale = (ms: number) => ((ms - lo) / (hi - lo)) * opts.width;
  const bars = spans.map(({ r, s }, row) => ({
    run_id: r.run_id,
    description: r.description,
    status: r.status,
    start: s.start,
    end: s.end,
    ongoing: s.ongoing,
    row,
    x: scale(s.start),
    width: Math.max(2, scale(s.end) - scale(s.start)),
  }));
  const step = timeStep(hi - lo);
  const ticks: GanttTick[] = [];
  const first = alignUp(lo, step);
  for (let t = first; t <= hi; t = nextTick(t, step)) ticks.push({ ms: t, x: scale(t), label: tickLabel(t, step) });
  return { bars, ticks, domain: [lo, hi] };
}

/** Rounds up to the step's boundary in local time (midnight for days, the hour for hours). */
function alignUp(ms: number, step: number): number {
  const d = new Date(ms);
  if (step >= DAY) {
    d.setHours(0, 0, 0, 0);
    if (d.getTime() < ms) d.setDate(d.getDate() + 1);
    return d.getTime();
  }
  return Math.ceil(ms / step) * step;
}

function nextTick(ms: number, step: number): number {
  if (step < DAY) return ms + step;
  // Calendar days, so ticks stay on midnight across DST changes.
  const d = new Date(ms);
  d.setDate(d.getDate() + Math.round(step / DAY));
  return d.getTime();
}
