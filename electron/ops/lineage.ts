// The lineage forest as the contract's LineageView: one code path for the CLI's `tree`
// and the API's `lineage.get`.
import type { LineageEdgeNode, LineageView } from '../../shared/api/models';
import { ancestorsOf, buildLineage, familyRoot, lineageTrees, type LineageNode } from '../../shared/lineage';
import type { RunRecord } from '../../shared/types';
import { StoreError } from '../store/errors';

export interface LineageOptions {
  /**
   * For one run: `family` (the UI) draws the whole family it belongs to, with only the
   * orphans and cycles touching it; `descendants` (`runyard tree RUN`) draws RUN and the
   * runs resumed from it, and keeps the folder's orphans and cycles to warn about.
   */
  scope?: 'family' | 'descendants';
}

export function lineageView(runs: readonly RunRecord[], runId?: string, o: LineageOptions = {}): LineageView {
  const byId = new Map(runs.map((r) => [r.run_id, r]));
  if (runId !== undefined && !byId.has(runId)) throw new StoreError('not-found', `no run ${runId} in this folder`);
  const lineage = buildLineage([...runs]);
  const descendants = o.scope === 'descendants';
  const roots = runId === undefined ? lineage.roots : [descendants ? runId : familyRoot(lineage, runId)];
  const decorate = (n: LineageNode): LineageEdgeNode => {
    const r = byId.get(n.run_id);
    const from = r?.extra.resumed_from_checkpoint;
    return {
      run_id: n.run_id,
      status: r?.status ?? 'unknown',
      description: r?.description ?? '',
      checkpoint: typeof from === 'string' ? from : null,
      children: n.children.map(decorate),
    };
  };
  const family = new Set<string>();
  const collect = (n: LineageEdgeNode) => {
    family.add(n.run_id);
    n.children.forEach(collect);
  };
  const trees = lineageTrees(lineage, roots).map(decorate);
  trees.forEach(collect);
  const inView = (id: string) => runId === undefined || descendants || family.has(id);
  return {
    roots: trees,
    orphans: lineage.orphans.filter(inView),
    cycles: lineage.cycles.filter((c) => c.some(inView)),
    ancestors: runId === undefined ? [] : ancestorsOf(lineage, runId),
  };
}
