// The parent/child forest from parent_run_id. Folders are edited by hand and by
// colleagues, so orphans and cycles happen; every walk here is bounded by a visited set.

import type { Problem } from './types';

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
  const byCreated = [...runs].sort(
    (a, b) => (a.created_ms ?? Infinity) - (b.created_ms ?? Infinity) || a.run_id.localeCompare(b.run_id),
  );
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
  for (const r of byCreated)
    if (r.parent_run_id === r.run_id) {
      cycles.push([r.run_id]);
      onCycle.add(r.run_id);
    }
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

// Orphans and cycles as problems of the runs themselves, so that every view (list,
// list --json, show, the run table, the Overview tab) flags them, not only the tree.
// One wording, whether found over a whole folder or by walking up from one run.

const orphanProblem = (id: string, parent: string): Problem => ({
  file: `${id}/metadata.json`,
  message: `parent_run_id names ${parent}, which is not a run in this folder (an orphan)`,
});
/** Runs named in a cycle's message: a cycle of 10k runs must not make 10k messages of 10k ids. */
const NAMED = 6;

/** `cycle` goes up through the parents; the message starts at `cycle[at]` and says the first few. */
function cycleProblem(cycle: readonly string[], at = 0): Problem {
  const id = cycle[at]!;
  const shown: string[] = [];
  for (let k = 0; k < Math.min(cycle.length, NAMED); k++) shown.push(cycle[(at + k) % cycle.length]!);
  const path =
    cycle.length > NAMED ? `${shown.join(' → ')} → … (${cycle.length} runs) → ${id}` : `${[...shown, id].join(' → ')}`;
  return { file: `${id}/metadata.json`, message: `in a parent cycle: ${path}` };
}

/** The lineage problems of every run given that has any; runs are named by run_id. */
export function lineageProblems(
  runs: readonly Pick<LineageInput, 'run_id' | 'parent_run_id'>[],
): Map<string, Problem[]> {
  const parentOf = new Map<string, string | null>();
  for (const r of runs) parentOf.set(r.run_id, r.parent_run_id || null);
  const out = new Map<string, Problem[]>();
  // 0 unseen, 1 on the current walk, 2 done: each run is walked once.
  const state = new Map<string, number>();
  for (const r of runs) {
    const walk: string[] = [];
    let cur: string | null | undefined = r.run_id;
    while (cur != null && parentOf.has(cur) && !state.get(cur)) {
      state.set(cur, 1);
      walk.push(cur);
      cur = parentOf.get(cur);
    }
    if (cur != null && state.get(cur) === 1) {
      const cycle = walk.slice(walk.indexOf(cur));
      cycle.forEach((id, i) => out.set(id, [cycleProblem(cycle, i)]));
    }
    for (const id of walk) state.set(id, 2);
  }
  for (const r of runs) {
    const p = r.parent_run_id;
    if (p && !parentOf.has(p)) out.set(r.run_id, [orphanProblem(r.run_id, p)]);
  }
  return out;
}

/**
 * The same for one run, walking up from it: `parentOf` gives a run's parent_run_id,
 * or undefined when there is no such run. Costs one look-up per ancestor.
 */
export function lineageProblemsOf(id: string, parentOf: (id: string) => string | null | undefined): Problem[] {
  const first = parentOf(id) || null;
  if (first === null) return [];
  if (first !== id && parentOf(first) === undefined) return [orphanProblem(id, first)];
  const walk = [id];
  const seen = new Set(walk);
  for (let cur: string | null | undefined = first; cur; cur = parentOf(cur) || null) {
    if (cur === id) return [cycleProblem(walk)];
    if (seen.has(cur)) return [];
    seen.add(cur);
    walk.push(cur);
  }
  return [];
}
