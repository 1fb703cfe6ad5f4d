import { describe, expect, it } from 'vitest';
import { layoutLineage } from '../../shared/lineage-layout';
import type { LineageEdgeNode, LineageView } from '../../shared/api/models';

const n = (run_id: string, checkpoint: string | null = null, children: LineageEdgeNode[] = []): LineageEdgeNode => ({
  run_id,
  status: 'completed',
  description: run_id,
  checkpoint,
  children,
});
const view = (roots: LineageEdgeNode[], ancestors: string[] = []): LineageView => ({
  roots,
  orphans: [],
  cycles: [],
  ancestors,
});
const opts = { nodeWidth: 100, nodeHeight: 40, hGap: 20, vGap: 60 };

describe('layoutLineage', () => {
  it('puts children one level below their parent and the parent centred over them', () => {
    const l = layoutLineage(view([n('p', null, [n('a', 'cp1'), n('b', 'cp2')])]), opts);
    const at = Object.fromEntries(l.nodes.map((x) => [x.run_id, x]));
    expect(at.a!.y).toBe(100);
    expect(at.b!.y).toBe(100);
    expect(at.p!.y).toBe(0);
    expect(at.a!.x).toBe(0);
    expect(at.b!.x).toBe(120);
    expect(at.p!.x).toBe(60);
    expect(l.width).toBe(220);
    expect(l.height).toBe(140);
  });

  it('labels each edge with the checkpoint the child resumed from and routes it parent → child', () => {
    const l = layoutLineage(view([n('p', null, [n('a', 'checkpoint_2026-10-10'), n('b', null)])]), opts);
    expect(l.edges.map((e) => [e.from, e.to, e.label])).toEqual([
      ['p', 'a', 'checkpoint_2026-10-10'],
      ['p', 'b', null],
    ]);
    const [first] = l.edges;
    expect(first!.points[0]).toEqual([110, 40]);
    expect(first!.points[3]).toEqual([50, 100]);
  });

  it('draws ancestors known only by id as a chain above a tree rooted at the focus', () => {
    const l = layoutLineage(view([n('c', 'cp-b', [n('d', 'cp-c')])], ['b', 'a']), { ...opts, focus: 'c' });
    expect(l.nodes.map((x) => [x.run_id, x.depth, x.bare, x.focus])).toEqual([
      ['a', 0, true, false],
      ['b', 1, true, false],
      ['c', 2, false, true],
      ['d', 3, false, false],
    ]);
    expect(l.edges.find((e) => e.to === 'c')!.label).toBe('cp-b');
  });

  it('does not add ancestors that are already in the tree', () => {
    const l = layoutLineage(view([n('a', null, [n('b', 'cp', [n('c', 'cp2')])])], ['b', 'a']), { ...opts, focus: 'c' });
    expect(l.nodes.map((x) => x.run_id)).toEqual(['a', 'b', 'c']);
    expect(l.nodes.every((x) => !x.bare)).toBe(true);
  });

  it('wraps a forest of many trees into rows', () => {
    const roots = Array.from({ length: 10 }, (_, i) => n(`r${i}`));
    const l = layoutLineage(view(roots), { ...opts, maxRowWidth: 500 });
    const rows = new Set(l.nodes.map((x) => x.y));
    expect(rows.size).toBeGreaterThan(1);
    expect(Math.max(...l.nodes.map((x) => x.x + 100))).toBeLessThanOrEqual(500);
    expect(new Set(l.nodes.map((x) => `${x.x},${x.y}`)).size).toBe(10);
  });

  it('stops at maxNodes and counts what it left out', () => {
    const roots = [n('a', null, [n('b'), n('c')]), n('d'), n('e')];
    const l = layoutLineage(view(roots), { ...opts, maxNodes: 2 });
    expect(l.nodes.map((x) => x.run_id)).toEqual(['a', 'b']);
    expect(l.omitted).toBe(3);
  });

  it('gives an empty layout for no runs', () => {
    expect(layoutLineage(view([]))).toMatchObject({ nodes: [], edges: [], width: 0, height: 0, omitted: 0 });
  });
});
