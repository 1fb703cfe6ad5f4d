// Resuming with the user's own command: preview it, then launch it on a new child run.
import { StoreError } from '../../ops/folder';
import type { HandlerTable } from '../dispatcher';
import path from 'node:path';
import type { ResumeCommand } from '../../../shared/api/models';
import { launchResume, prepareResume, previewResume } from '../resume-launch';
import { ApiFailure } from '../errors';
import type { HandlerBackend } from '../dispatcher';

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

export const resumeHandlers: Pick<HandlerTable, 'resume.preview' | 'resume.launch'> = {
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
