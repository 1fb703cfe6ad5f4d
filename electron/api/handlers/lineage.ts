// Lineage, resuming (a child run, optionally started with the user's command).
import path from 'node:path';
import type { LineageEdgeNode, LineageView, ResumeCommand } from '../../../shared/api/models';
import { ancestorsOf, buildLineage, familyRoot, lineageTrees, type LineageNode } from '../../../shared/lineage';
import type { RunRecord } from '../../../shared/types';
import { StoreError } from '../../store/errors';
import { launchResume, prepareResume, previewResume } from '../resume-launch';
import { ApiFailure } from '../errors';
import type { HandlerBackend, HandlerTable } from '../dispatcher';

function lineageView(runs: RunRecord[], runId: string | undefined): LineageView {
  const byId = new Map(runs.map((r) => [r.run_id, r]));
  if (runId !== undefined && !byId.has(runId)) throw new StoreError('not-found', `no run ${runId} in this folder`);
  const lineage = buildLineage(runs);
  const roots = runId === undefined ? lineage.roots : [familyRoot(lineage, runId)];
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
  const collect = (n: LineageEdgeNode) => { family.add(n.run_id); n.children.forEach(collect); };
  const trees = lineageTrees(lineage, roots).map(decorate);
  trees.forEach(collect);
  const inView = (id: string) => runId === undefined || family.has(id);
  return {
    roots: trees,
    orphans: lineage.orphans.filter(inView),
    cycles: lineage.cycles.filter((c) => c.some(inView)),
    ancestors: runId === undefined ? [] : ancestorsOf(lineage, runId),
  };
}

function resumeCommandFor(backend: HandlerBackend): ResumeCommand | null {
  const dir = backend.requireDir().dir;
  // Nothing runs on a read-only serve, and the owner's template is none of the viewer's business.
  if (backend.readOnly) throw new ApiFailure('read-only', 'This Runyard was started with --read-only: no resume command runs here, so none is shown.');
  const cmd = backend.settings.read().resumeCommands[path.resolve(dir)];
  return cmd && cmd.template.trim() ? cmd : null;
}

export const lineageHandlers: Pick<HandlerTable, 'lineage.get' | 'run.resume' | 'resume.preview' | 'resume.launch'> = {
  'lineage.get': ({ run_id }, { backend }) => lineageView(backend.requireDir().runs(), run_id),

  'run.resume': ({ run_id, description, tags, checkpoint, copyCheckpoints, overrides }, { backend }) =>
    backend.requireDir().store.createChild(run_id, { description, tags, checkpoint, copyCheckpoints, overrides }),

  'resume.preview': ({ run_id, checkpoint }, { backend }) => {
    const cmd = resumeCommandFor(backend);
    return cmd ? previewResume(prepareResume(backend.requireDir().store, run_id, checkpoint, cmd)) : null;
  },

  'resume.launch': async ({ run_id, checkpoint, description, tags, overrides }, { backend }) => {
    const cmd = resumeCommandFor(backend);
    if (!cmd) throw new StoreError('invalid', `no resume command is set for ${backend.requireDir().dir}; set one in Settings › Resume command first`);
    const { run: _run, ...launch } = await launchResume(backend.requireDir().store, run_id, checkpoint, cmd, (l) => process.stderr.write(`${l}\n`), { description, tags, overrides });
    return launch;
  },
};
