// Where each run of a lineage goes in the drawing. Trees grow downwards (parents above
// children); a whole directory's forest is packed into rows so that hundreds of
// single-run trees do not make one endless strip.
import type { LineageEdgeNode, LineageView } from './api/models';

export interface LayoutOptions {
  /** The run to highlight; its missing ancestors are drawn above it as a chain. */
  focus?: string;
  nodeWidth?: number;
  nodeHeight?: number;
  hGap?: number;
  vGap?: number;
  /** Trees are packed into rows no wider than this (whole-forest view). */
  maxRowWidth?: number;
  /** Drawing more than this many nodes is neither readable nor fast. */
  maxNodes?: number;
}

export interface PlacedNode {
  /** Unique within the layout (a run can appear twice when a cycle is drawn). */
  key: string;
  run_id: string;
  status: string;
  description: string;
  x: number;
  y: number;
  depth: number;
  focus: boolean;
  /** Known only as an ancestor id (the backend sent no details). */
  bare: boolean;
}

export interface PlacedEdge {
  key: string;
  from: string;
  to: string;
  /** The checkpoint the child resumed from. */
  label: string | null;
  /** Polyline points: parent bottom-centre, elbow, child top-centre. */
  points: [number, number][];
}

export interface LineageLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
  nodeWidth: number;
  nodeHeight: number;
  /** Runs left out because of maxNodes. */
  omitted: number;
}

interface Tree {
  node: LineageEdgeNode;
  /** Ancestors added from `view.ancestors`, known by id only. */
  bareIds: ReadonlySet<string>;
}

const DEFAULTS = { nodeWidth: 168, nodeHeight: 44, hGap: 24, vGap: 56, maxRowWidth: 1400, maxNodes: 1500 };

function countNodes(n: LineageEdgeNode, seen = new Set<LineageEdgeNode>()): number {
  if (seen.has(n)) return 0;
  seen.add(n);
  return 1 + n.children.reduce((s, c) => s + countNodes(c, seen), 0);
}

function contains(n: LineageEdgeNode, id: string, seen = new Set<LineageEdgeNode>()): boolean {
  if (n.run_id === id) return true;
  if (seen.has(n)) return false;
  seen.add(n);
  return n.children.some((c) => contains(c, id, seen));
}

/**
 * When the backend roots a single run's tree at the run itself (or at a near ancestor),
 * the ancestors it lists separately are put above as a chain, so the family reads top-down.
 */
function withAncestorChain(view: LineageView, focus: string | undefined): Tree[] {
  const none = new Set<string>();
  const trees: Tree[] = view.roots.map((node) => ({ node, bareIds: none }));
  if (!focus || view.ancestors.length === 0) return trees;
  const i = trees.findIndex((t) => contains(t.node, focus));
  if (i < 0) return trees;
  const root = trees[i]!.node;
  const k = view.ancestors.indexOf(root.run_id);
  if (root.run_id !== focus && k < 0) return trees;
  const missing = root.run_id === focus ? view.ancestors : view.ancestors.slice(k + 1);
  if (missing.length === 0) return trees;
  let top: LineageEdgeNode = root;
  for (const id of missing) top = { run_id: id, status: '', description: '', checkpoint: null, children: [top] };
  trees[i] = { node: top, bareIds: new Set(missing) };
  return trees;
}

export function layoutLineage(view: LineageView, options: LayoutOptions = {}): LineageLayout {
  const o = { ...DEFAULTS, ...options };
  const slot = o.nodeWidth + o.hGap;
  const level = o.nodeHeight + o.vGap;
  const trees = withAncestorChain(view, o.focus);
  const nodes: PlacedNode[] = [];
  const edges: PlacedEdge[] = [];
  let budget = o.maxNodes;
  let omitted = 0;
  let rowX = 0;
  let rowY = 0;
  let rowHeight = 0;
  let width = 0;

  for (const tree of trees) {
    const total = countNodes(tree.node);
    if (budget <= 0) {
      omitted += total;
      continue;
    }
    // Lay the tree out at the origin first, then shift it into the current row.
    const local: PlacedNode[] = [];
    const localEdges: { from: PlacedNode; to: PlacedNode; label: string | null }[] = [];
    let nextSlot = 0;
    let maxDepth = 0;
    const onPath = new Set<LineageEdgeNode>();
    const place = (n: LineageEdgeNode, depth: number): PlacedNode | null => {
      if (budget <= 0 || onPath.has(n)) return null;
      budget--;
      onPath.add(n);
      maxDepth = Math.max(maxDepth, depth);
      const key = `${n.run_id}#${nodes.length + local.length}`;
      const placed: PlacedNode = {
        key,
        run_id: n.run_id,
        status: n.status,
        description: n.description,
        x: 0,
        y: depth * level,
        depth,
        focus: n.run_id === o.focus,
        bare: tree.bareIds.has(n.run_id),
      };
      local.push(placed);
      const kids = n.children
        .map((c) => ({ c, p: place(c, depth + 1) }))
        .filter((k): k is { c: LineageEdgeNode; p: PlacedNode } => k.p !== null);
      if (kids.length === 0) placed.x = slot * nextSlot++;
      else placed.x = (kids[0]!.p.x + kids[kids.length - 1]!.p.x) / 2;
      for (const { c, p } of kids) localEdges.push({ from: placed, to: p, label: c.checkpoint });
      onPath.delete(n);
      return placed;
    };
    const placedCount = (() => {
      const before = budget;
      place(tree.node, 0);
      return before - budget;
    })();
    omitted += total - placedCount;
    const treeWidth = Math.max(1, nextSlot) * slot - o.hGap;
    if (rowX > 0 && rowX + treeWidth > o.maxRowWidth) {
      rowY += rowHeight + o.vGap;
      rowX = 0;
      rowHeight = 0;
    }
    for (const n of local) {
      n.x += rowX;
      n.y += rowY;
      nodes.push(n);
    }
    for (const e of localEdges) {
      const x1 = e.from.x + o.nodeWidth / 2;
      const y1 = e.from.y + o.nodeHeight;
      const x2 = e.to.x + o.nodeWidth / 2;
      const y2 = e.to.y;
      const mid = y1 + o.vGap / 2 - 8;
      edges.push({
        key: `${e.from.key}>${e.to.key}`,
        from: e.from.run_id,
        to: e.to.run_id,
        label: e.label,
        points: [
          [x1, y1],
          [x1, mid],
          [x2, mid],
          [x2, y2],
        ],
      });
    }
    rowHeight = Math.max(rowHeight, (maxDepth + 1) * level - o.vGap);
    rowX += treeWidth + o.hGap * 2;
    width = Math.max(width, rowX - o.hGap * 2);
  }
  return {
    nodes,
    edges,
    width,
    height: nodes.length ? rowY + rowHeight : 0,
    nodeWidth: o.nodeWidth,
    nodeHeight: o.nodeHeight,
    omitted,
  };
}
