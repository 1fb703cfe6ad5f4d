// The lineage forest cut down to the runs the filter shows. A run the filter hides is
// left out and its shown descendants move up to its nearest shown ancestor (or become
// roots), so what is drawn still reads "descends from".
import type { LineageEdgeNode, LineageView } from '../../../shared/api/models';

export function onlyRuns(view: LineageView, keep: ReadonlySet<string>): LineageView {
  const cut = (nodes: readonly LineageEdgeNode[]): LineageEdgeNode[] =>
    nodes.flatMap((n) => {
      const children = cut(n.children);
      return keep.has(n.run_id) ? [{ ...n, children }] : children;
    });
  return {
    roots: cut(view.roots),
    orphans: view.orphans.filter((id) => keep.has(id)),
    cycles: view.cycles.filter((c) => c.some((id) => keep.has(id))),
    ancestors: view.ancestors,
  };
}
