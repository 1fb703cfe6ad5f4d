// Scales and tick choices for the overview charts, kept pure so the numbers can be tested
// without rendering anything.

/** A "nice" step (1, 2 or 5 × 10^k) giving about `count` ticks over [0, max]. */
export function niceStep(max: number, count = 5): number {
  if (!(max > 0) || !Number.isFinite(max)) return 1;
  const raw = max / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const mult = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10;
  return mult * mag;
}

/** Ticks from 0 up to the first nice value at or above max; at least [0, 1·step]. */
export function niceTicks(max: number, count = 5): number[] {
  const step = niceStep(max, count);
  const top = Math.max(step, Math.ceil((max > 0 ? max : 0) / step - 1e-9) * step);
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Linear map from [0, domainMax] to [0, range]; a zero domain maps everything to 0. */
export function linear(domainMax: number, range: number): (v: number) => number {
  if (!(domainMax > 0)) return () => 0;
  return (v) => (Math.max(0, v) / domainMax) * range;
}

export interface CountedLabel {
  label: string;
  count: number;
}

/** Counts per key, known keys first in the given order, then the others by count. */
export function countBy(values: readonly string[], known: readonly string[] = []): CountedLabel[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const out: CountedLabel[] = [];
  for (const k of known) if (counts.has(k)) out.push({ label: k, count: counts.get(k)! });
  const rest = [...counts].filter(([k]) => !known.includes(k)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [label, count] of rest) out.push({ label, count });
  return out;
}
