// Disk usage summed per lineage subtree. A resumed family writes its checkpoints into
// the root's folder, so the family's total is what deleting it would actually free.
import { buildLineage, descendantsOf, type LineageInput } from './lineage';

export interface UsageTotal {
  run_id: string;
  total: number;
}

export interface SubtreeUsage {
  /** The family's root run. */
  run_id: string;
  /** Bytes of the root and all its descendants. */
  total: number;
  /** How many runs the family has, root included. */
  runs: number;
}

/** One entry per lineage tree that has at least one descendant, largest first. */
export function subtreeUsage(runs: readonly LineageInput[], usage: readonly UsageTotal[]): SubtreeUsage[] {
  const bytes = new Map(usage.map((u) => [u.run_id, u.total]));
  const lineage = buildLineage(runs);
  const out: SubtreeUsage[] = [];
  for (const root of lineage.roots) {
    const family = [root, ...descendantsOf(lineage, root)];
    if (family.length < 2) continue;
    out.push({ run_id: root, runs: family.length, total: family.reduce((s, id) => s + (bytes.get(id) ?? 0), 0) });
  }
  return out.sort((a, b) => b.total - a.total || a.run_id.localeCompare(b.run_id));
}

/** The `n` largest, plus one "others" entry summing the rest (when there is a rest). */
export function topWithRest<T extends { total: number }>(
  items: readonly T[],
  n: number,
): { top: T[]; rest: { count: number; total: number } | null } {
  const sorted = [...items].sort((a, b) => b.total - a.total);
  const top = sorted.slice(0, n);
  const others = sorted.slice(n);
  return { top, rest: others.length ? { count: others.length, total: others.reduce((s, x) => s + x.total, 0) } : null };
}
