// The parent/child forest from parent_run_id. Folders are edited by hand and by
// colleagues, so orphans and cycles happen; every walk here is bounded by a visited set.

export interface LineageInput {
  run_id: string;
  parent_run_id: string | null;
  created_ms?: number | null;
}

export interface LineageNode {
  run_id: string;
  children: LineageNode[];
}

export interface Lineage {
  roots: string[];
  children: Map<string, string[]>;
  /** Runs whose parent_run_id names a run that is not in the directory. */
  orphans: string[];
  /** Each cycle once, as the ids on it. */
  cycles: string[][];
  parentOf: Map<string, string>;
}

export function buildLineage(runs: readonly LineageInput[]): Lineage {
  const ids = new Set(runs.map((r) => r.run_id));
  const byCreated = [...runs].sort((a, b) => (a.created_ms ?? Infinity) - (b.created_ms ?? Infinity) || a.run_id.localeCompare(b.run_id));
  const parentOf = new Map<string, string>();
  const children = new Map<string, string[]>();
  const orphans: string[] = [];
  for (const r of byCreated) {
    const p = r.parent_run_id;
    if (!p || p === r.run_id) continue;
    if (!ids.has(p)) {
      orphans.push(r.run_id);
      continue;
    }
    parentOf.set(r.run_id, p);
    const list = children.get(p) ?? [];
    list.push(r.run_id);
    children.set(p, list);
  }
  const cycles: string[][] = [];
  const onCycle = new Set<string>();
  const done = new Set<string>();
  for (const r of byCreated) {
    const path: string[] = [];
    const pos = new Map<string, number>();
    let cur: string | undefined = r.run_id;
    while (cur !== undefined && !done.has(cur) && !pos.has(cur)) {
      pos.set(cur, path.length);
      path.push(cur);
      cur = parentOf.get(cur);
    }
    if (cur !== undefined && pos.has(cur)) {
      const cycle = path.slice(pos.get(cur));
      cycles.push(cycle);
      cycle.forEach((id) => onCycle.add(id));
    }
    path.forEach((id) => done.add(id));
  }
  // A self-parent is the shortest cycle.
  for (const r of byCreated) if (r.parent_run_id === r.run_id) { cycles.push([r.run_id]); onCycle.add(r.run_id); }
  // A cycle has no natural root, so its earliest member stands in as one.
  const roots = byCreated.filter((r) => !parentOf.has(r.run_id)).map((r) => r.run_id);
  for (const c of cycles) if (c.length > 1 || parentOf.has(c[0]!)) roots.push(c[0]!);
  return { roots: [...new Set(roots)], children, orphans, cycles, parentOf };
}

/** Ancestors nearest first; stops at a cycle. */
export function ancestorsOf(lineage: Lineage, id: string): string[] {
  const out: string[] = [];
  const seen = new Set([id]);
  let cur = lineage.parentOf.get(id);
  while (cur !== undefined && !seen.has(cur)) {
    out.push(cur);
    seen.add(cur);
    cur = lineage.parentOf.get(cur);
  }
  return out;
}

export function descendantsOf(lineage: Lineage, id: string): string[] {
  const out: string[] = [];
  const seen = new Set([id]);
  const stack = [...(lineage.children.get(id) ?? [])];
  while (stack.length) {
    const cur = stack.pop()!;
    if (seen.has(cur)) continue;
    seen.add(cur);
    out.push(cur);
    stack.push(...(lineage.children.get(cur) ?? []));
  }
  return out;
}

/** Nested trees from the given roots; a node met twice (cycle) is not expanded again. */
export function lineageTrees(lineage: Lineage, roots: readonly string[] = lineage.roots): LineageNode[] {
  const seen = new Set<string>();
  const grow = (id: string): LineageNode => {
    seen.add(id);
    const kids = (lineage.children.get(id) ?? []).filter((c) => !seen.has(c));
    return { run_id: id, children: kids.map(grow) };
  };
  return roots.filter((r) => !seen.has(r)).map(grow);
}

/** The root of a run's family, for a "whole family" view. */
export function familyRoot(lineage: Lineage, id: string): string {
  const up = ancestorsOf(lineage, id);
  return up.length ? up[up.length - 1]! : id;
}
