// Lineage: parents, children, orphans and cycles.
import { describe, expect, test } from 'vitest';
import { ancestorsOf, buildLineage, descendantsOf, lineageTrees } from '../../shared/lineage';

describe('lineage', () => {
  const runs = [
    { run_id: 'root', parent_run_id: null, created_ms: 1 },
    { run_id: 'kid1', parent_run_id: 'root', created_ms: 2 },
    { run_id: 'kid2', parent_run_id: 'root', created_ms: 3 },
    { run_id: 'grand', parent_run_id: 'kid1', created_ms: 4 },
    { run_id: 'orphan', parent_run_id: 'deleted', created_ms: 5 },
    { run_id: 'cy1', parent_run_id: 'cy2', created_ms: 6 },
    { run_id: 'cy2', parent_run_id: 'cy1', created_ms: 7 },
  ];
  test('builds a forest with orphans and cycles reported', () => {
    const l = buildLineage(runs);
    expect(l.orphans).toEqual(['orphan']);
    expect(l.cycles).toHaveLength(1);
    expect([...l.cycles[0]!].sort()).toEqual(['cy1', 'cy2']);
    expect(l.roots).toEqual(expect.arrayContaining(['root', 'orphan']));
    expect(descendantsOf(l, 'root').sort()).toEqual(['grand', 'kid1', 'kid2']);
    expect(ancestorsOf(l, 'grand')).toEqual(['kid1', 'root']);
  });
  test('walking a cycle terminates and shows each member once', () => {
    const l = buildLineage(runs);
    expect(ancestorsOf(l, 'cy1')).toEqual(['cy2']);
    const trees = lineageTrees(l);
    const ids: string[] = [];
    const walk = (n: { run_id: string; children: any[] }) => {
      ids.push(n.run_id);
      n.children.forEach(walk);
    };
    trees.forEach(walk);
    expect(ids.sort()).toEqual(runs.map((r) => r.run_id).sort());
  });
});
