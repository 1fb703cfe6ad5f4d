// Names for runs in a chart's legend by what differs between them (`beta=0.3 seed=2`),
// the way sweep dashboards name them; the description or the short id when nothing
// differs, and the id added when two runs would still share a name.
import { valueText, type RunValue } from './values';

export interface LabelledRun {
  run_id: string;
  description: string;
  /** The run's values of the varying keys. */
  values: Record<string, RunValue>;
}

/** The shortest dotted tails of `keys` that still tell them apart: config.disease.beta → beta. */
export function shortKeys(keys: readonly string[]): string[] {
  const parts = keys.map((k) => k.split('.').slice(1));
  return parts.map((p, i) => {
    for (let n = 1; n <= p.length; n++) {
      const tail = p.slice(-n).join('.');
      if (parts.every((q, j) => j === i || q.slice(-n).join('.') !== tail)) return tail;
    }
    return keys[i]!;
  });
}

export const shortRunId = (id: string) => (id.length > 12 ? id.slice(0, 8) : id);

/** One label per run, in order. */
export function runLabels(runs: readonly LabelledRun[], varying: readonly string[]): string[] {
  const names = shortKeys(varying);
  const labels = runs.map((r) => {
    const parts = varying.flatMap((k, i) => (k in r.values ? [`${names[i]}=${valueText(r.values[k])}`] : []));
    if (parts.length) return parts.join(' ');
    return r.description.trim() || shortRunId(r.run_id);
  });
  const seen = new Map<string, number>();
  for (const l of labels) seen.set(l, (seen.get(l) ?? 0) + 1);
  return labels.map((l, i) => (seen.get(l)! > 1 ? `${l} (${shortRunId(runs[i]!.run_id)})` : l));
}
