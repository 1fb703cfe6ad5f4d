// The whole-directory lineage as an indented tree list: every run once, with its depth
// and parent, so the view can draw only the rows on screen (thousands of runs drawn as SVG
// boxes were too slow and had to be cut; BENCHMARKS.md), collapse families, and find a run.
import type { LineageEdgeNode } from '../../../shared/api/models';
import { buildLineage } from '../../../shared/lineage';
import type { RunRecord } from '../../../shared/types';

export interface ForestNode {
  run_id: string;
  status: string;
  description: string;
  checkpoint: string | null;
  depth: number;
  parent: string | null;
  children: string[];
  /** Runs in this node's subtree, itself included. */
  size: number;
}

export interface Forest {
  roots: string[];
  nodes: Map<string, ForestNode>;
}

/** Families larger than this start collapsed: their root shows how many runs it holds. */
export const COLLAPSE_ABOVE = 20;

export function buildForest(roots: readonly LineageEdgeNode[]): Forest {
  const nodes = new Map<string, ForestNode>();
  const order: ForestNode[] = [];
  const top: string[] = [];
  // Iterative, so a chain of 10k resumes does not overflow the stack; a run met twice
  // (the backend draws one run of a cycle as a root) is kept where it was first met.
  const stack: { n: LineageEdgeNode; depth: number; parent: string | null }[] = [...roots]
    .reverse()
    .map((n) => ({ n, depth: 0, parent: null }));
  while (stack.length) {
    const { n, depth, parent } = stack.pop()!;
    if (nodes.has(n.run_id)) continue;
    const node: ForestNode = {
      run_id: n.run_id,
      status: n.status,
      description: n.description,
      checkpoint: n.checkpoint,
      depth,
      parent,
      children: [],
      size: 1,
    };
    nodes.set(n.run_id, node);
    order.push(node);
    if (parent === null) top.push(n.run_id);
    else nodes.get(parent)!.children.push(n.run_id);
    for (let i = n.children.length - 1; i >= 0; i--)
      stack.push({ n: n.children[i]!, depth: depth + 1, parent: n.run_id });
  }
  sumSizes(order, nodes);
  return { roots: top, nodes };
}

/** Children come after their parent in `order`, so one backwards pass sums the sizes. */
function sumSizes(order: readonly ForestNode[], nodes: ReadonlyMap<string, ForestNode>): void {
  for (let i = order.length - 1; i >= 0; i--) {
    const p = order[i]!.parent;
    if (p !== null) nodes.get(p)!.size += order[i]!.size;
  }
}

/** A forest with the notes drawn above it. */
export interface RunForest {
  forest: Forest;
  orphans: string[];
  cycles: string[][];
}

/**
 * The forest straight from the run records the page already holds, cut to `keep` (the
 * filter's rows) as onlyRuns cuts lineage.get's answer: a hidden run is left out and its
 * shown descendants hang from its nearest shown ancestor. Asking the server instead cost
 * ~0.6 s to build and send 1.6 MB of nested JSON at 10k runs and ~0.5 s to parse it.
 */
export function forestFromRuns(runs: readonly RunRecord[], keep?: ReadonlySet<string>): RunForest {
  const byId = new Map(runs.map((r) => [r.run_id, r]));
  const lineage = buildLineage(runs);
  const shown = (id: string) => !keep || keep.has(id);
  const nodes = new Map<string, ForestNode>();
  const order: ForestNode[] = [];
  const top: string[] = [];
  const seen = new Set<string>();
  // Depth first over the whole lineage in lineageTrees' order (a cycle's stand-in root
  // comes last and is not expanded again); `under` is the nearest shown ancestor.
  const stack: { id: string; under: string | null }[] = [...lineage.roots].reverse().map((id) => ({ id, under: null }));
  while (stack.length) {
    const { id, under } = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    let next = under;
    const r = byId.get(id);
    if (r && shown(id)) {
      const from = r.extra.resumed_from_checkpoint;
      const up = under === null ? null : nodes.get(under)!;
      const node: ForestNode = {
        run_id: id,
        status: r.status,
        description: r.description,
        checkpoint: typeof from === 'string' ? from : null,
        depth: up ? up.depth + 1 : 0,
        parent: under,
        children: [],
        size: 1,
      };
      nodes.set(id, node);
      order.push(node);
      if (up) up.children.push(id);
      else top.push(id);
      next = id;
    }
    const kids = lineage.children.get(id) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) if (!seen.has(kids[i]!)) stack.push({ id: kids[i]!, under: next });
  }
  sumSizes(order, nodes);
  return {
    forest: { roots: top, nodes },
    orphans: lineage.orphans.filter(shown),
    cycles: lineage.cycles.filter((c) => c.some(shown)),
  };
}

/** Which nodes start expanded: every node with children, except the roots of big families. */
export function defaultExpanded(f: Forest): Set<string> {
  const open = new Set<string>();
  for (const [id, n] of f.nodes) if (n.children.length && !(n.parent === null && n.size > COLLAPSE_ABOVE)) open.add(id);
  return open;
}

export function allExpanded(f: Forest): Set<string> {
  return new Set([...f.nodes.values()].filter((n) => n.children.length).map((n) => n.run_id));
}

/** The runs shown, in order: a node's children only while it is expanded. */
export function visibleRows(f: Forest, expanded: ReadonlySet<string>): ForestNode[] {
  const out: ForestNode[] = [];
  const stack = [...f.roots].reverse();
  while (stack.length) {
    const n = f.nodes.get(stack.pop()!)!;
    out.push(n);
    if (expanded.has(n.run_id)) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return out;
}

/** Runs whose id or description contains the text (case-insensitive), in list order. */
export function findRuns(f: Forest, text: string): string[] {
  const q = text.trim().toLowerCase();
  if (!q) return [];
  const out: string[] = [];
  const stack = [...f.roots].reverse();
  while (stack.length) {
    const n = f.nodes.get(stack.pop()!)!;
    if (n.run_id.toLowerCase().includes(q) || n.description.toLowerCase().includes(q)) out.push(n.run_id);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return out;
}

/** `expanded` plus every ancestor of `id`, so that it is on screen. */
export function expandPathTo(f: Forest, expanded: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(expanded);
  for (let p = f.nodes.get(id)?.parent ?? null; p !== null; p = f.nodes.get(p)?.parent ?? null) next.add(p);
  return next;
}
