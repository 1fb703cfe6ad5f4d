// Lineage, resuming (a child run, optionally started with the user's command).
import path from 'node:path';
import type { ResumeCommand } from '../../../shared/api/models';
import { StoreError } from '../../ops/folder';
import { lineageView } from '../../ops/lineage';
import { resumeRun } from '../../ops/run-writes';
import { launchResume, prepareResume, previewResume } from '../resume-launch';
import { ApiFailure } from '../errors';
import type { HandlerBackend, HandlerTable } from '../dispatcher';

function resumeCommandFor(backend: HandlerBackend): ResumeCommand | null {
  const dir = backend.requireDir().dir;
  // Nothing runs on a read-only serve, and the owner's template is none of the viewer's business.
  if (backend.readOnly)
    throw new ApiFailure(
      'read-only',
      'This Runyard was started with --read-only: no resume command runs here, so none is shown.',
    );
  const cmd = backend.settings.read().resumeCommands[path.resolve(dir)];
  return cmd && cmd.template.trim() ? cmd : null;
}

export const lineageHandlers: Pick<HandlerTable, 'lineage.get' | 'run.resume' | 'resume.preview' | 'resume.launch'> = {
  'lineage.get': ({ run_id }, { backend }) => lineageView(backend.requireDir().runs(), run_id),

  'run.resume': ({ run_id, description, tags, checkpoint, copyCheckpoints, overrides }, { backend }) =>
    resumeRun(backend.requireDir().store, run_id, { description, tags, checkpoint, copyCheckpoints, overrides }),

  'resume.preview': ({ run_id, checkpoint }, { backend }) => {
    const cmd = resumeCommandFor(backend);
    return cmd ? previewResume(prepareResume(backend.requireDir().store, run_id, checkpoint, cmd)) : null;
  },

  'resume.launch': async ({ run_id, checkpoint, description, tags, overrides }, { backend }) => {
    const cmd = resumeCommandFor(backend);
    if (!cmd)
      throw new StoreError(
        'invalid',
        `no resume command is set for ${backend.requireDir().dir}; set one in Settings › Resume command first`,
      );
    const { run: _run, ...launch } = await launchResume(
      backend.requireDir().store,
      run_id,
      checkpoint,
      cmd,
      (l) => process.stderr.write(`${l}\n`),
      { description, tags, overrides },
    );
    return launch;
  },
};
