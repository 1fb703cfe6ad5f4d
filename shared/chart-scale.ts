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

/** Nice ticks covering [lo, hi] (any sign), about `count` of them. */
export function rangeTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo === hi) return [lo];
  const step = niceStep(hi - lo, count);
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
    out.push(Number(v.toPrecision(12)));
  return out;
}

/** Powers of ten within [lo, hi] (both > 0), thinned to about `count`; with 2 and 5 between them when that gives too few. */
export function logTicks(lo: number, hi: number, count = 6): number[] {
  if (!(lo > 0) || !(hi > 0) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  const every = Math.max(1, Math.ceil((b - a) / count));
  const within = (mults: number[]) => {
    const out: number[] = [];
    for (let k = a; k <= b; k += every)
      for (const m of mults) {
        const v = Number((m * 10 ** k).toPrecision(12));
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
      }
    return out;
  };
  const decades = within([1]);
  return decades.length >= 3 ? decades : within([1, 2, 5]);
}

/** A map from [lo, hi] to [from, to]; logarithmic when `log` (then lo and hi must be > 0). A flat domain maps to the middle. */
export function axisMap(lo: number, hi: number, from: number, to: number, log = false): (v: number) => number {
  const f = log ? Math.log10 : (v: number) => v;
  const a = f(lo);
  const span = f(hi) - a;
  if (!(span > 0) || !Number.isFinite(span)) return () => (from + to) / 2;
  return (v) => from + ((f(v) - a) / span) * (to - from);
}

const SUFFIXES: [number, string][] = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** A number for an axis or a tooltip: 4 significant digits; 400k, 1.2M for large ones; exponent form when tiny or huge. */
export function shortNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e15 || (a < 1e-3 && v !== 0)) return v.toExponential(2);
  if (a >= 1e5) {
    const [unit, suffix] = SUFFIXES.find(([u]) => a >= u)!;
    return `${Number((v / unit).toPrecision(4))}${suffix}`;
  }
  return String(Number(v.toPrecision(4)));
}
