// Resume with the user's own command: make the child run, then start the command
// (from the user's settings, never from the runs folder) detached, without a shell
// (values placed in a shell string of the template are shell-quoted), its output going
// to the child's logs/. When it exits non-zero while the run still
// says initialising or running, the run is marked failed with the exit code, so a
// command that dies at once does not leave a run that looks alive forever.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ResumeCommand, ResumeLaunch } from '../../shared/api/models';
import { ACTIVE_STATUSES, type RunRecord } from '../../shared/types';
import { StoreError } from '../store/errors';
import { runDir } from '../store/paths';
import type { RunsDir } from '../store/runs-dir';
import { confinedCheckpointPath } from './resume-checkpoint';
import {
  checkTemplate,
  displayCommand,
  fillArgv,
  quotingNotes,
  usedPlaceholders,
  type ParsedTemplate,
  type PlaceholderValues,
} from './resume-command';

export const LAUNCH_LOG = 'logs/resume-launch.log';
const NEW_RUN = '<new-run-id>';

export interface PreparedResume {
  template: ParsedTemplate;
  cwd: string;
  values: PlaceholderValues;
  checkpoint: string | undefined;
}

/** Everything that can be checked before a child run is created. */
export function prepareResume(
  store: RunsDir,
  parentRef: string,
  checkpoint: string | undefined,
  cmd: ResumeCommand,
): PreparedResume {
  const template = checkTemplate(cmd.template);
  const parent = store.get(store.resolve(parentRef));
  const entry =
    checkpoint === undefined
      ? parent.checkpoints[parent.checkpoints.length - 1]
      : parent.checkpoints.find((c) => c.name === checkpoint);
  if (checkpoint !== undefined && !entry) {
    const names = parent.checkpoints.map((c) => c.name);
    throw new StoreError(
      'invalid',
      `run ${parent.run_id} has no checkpoint ${JSON.stringify(checkpoint)}${names.length ? ` (it has: ${names.join(', ')})` : ' (it has none)'}`,
    );
  }
  const used = usedPlaceholders(cmd.template);
  if (!entry && (used.includes('checkpoint_path') || used.includes('checkpoint_name'))) {
    throw new StoreError(
      'invalid',
      `run ${parent.run_id} has no checkpoint to resume from, but the resume command needs one`,
    );
  }
  const values: PlaceholderValues = {
    run_id: NEW_RUN,
    parent_run_id: parent.run_id,
    checkpoint_name: entry?.name ?? '',
    // Only looked for when used: a template without it resumes from a checkpoint that has no file.
    checkpoint_path: entry && used.includes('checkpoint_path') ? confinedCheckpointPath(store.dir, parent, entry) : '',
    runs_dir: store.dir,
  };
  const cwd = path.resolve(store.dir, cmd.cwd.trim() ? cmd.cwd.replaceAll('{runs_dir}', store.dir) : '..');
  return { template, cwd, values, checkpoint: entry?.name };
}

export function previewResume(p: PreparedResume): { command: string; cwd: string; notes: string[] } {
  return { command: displayCommand(fillArgv(p.template, p.values)), cwd: p.cwd, notes: quotingNotes(p.template) };
}

export async function launchResume(
  store: RunsDir,
  parentRef: string,
  checkpoint: string | undefined,
  cmd: ResumeCommand,
  log: (line: string) => void,
  child: { description?: string; tags?: string[]; overrides?: Record<string, unknown> } = {},
): Promise<ResumeLaunch & { run: RunRecord }> {
  const prepared = prepareResume(store, parentRef, checkpoint, cmd);
  if (!fs.existsSync(prepared.cwd) || !fs.statSync(prepared.cwd).isDirectory()) {
    throw new StoreError(
      'invalid',
      `the resume command's working folder ${prepared.cwd} does not exist; change it in Settings`,
    );
  }
  // Every refusal comes before the child run exists, so a refused launch leaves nothing behind.
  fillArgv(prepared.template, prepared.values);
  const run = await store.createChild(prepared.values.parent_run_id, {
    checkpoint: prepared.checkpoint,
    description: child.description,
    tags: child.tags,
    overrides: child.overrides,
  });
  const argv = fillArgv(prepared.template, { ...prepared.values, run_id: run.run_id });
  const command = displayCommand(argv);
  const logFile = path.join(runDir(store.dir, run.run_id), ...LAUNCH_LOG.split('/'));
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const fd = fs.openSync(logFile, 'a');
  fs.writeSync(fd, `# runyard: started ${new Date().toISOString()} in ${prepared.cwd}\n# ${command}\n`);

  const markFailed = async (extra: Record<string, unknown>) => {
    try {
      const now = store.get(run.run_id);
      if (ACTIVE_STATUSES.includes(now.status)) await store.updateStatus(run.run_id, 'failed', extra);
    } catch (e) {
      log(`runyard: could not mark run ${run.run_id} as failed: ${(e as Error).message}`);
    }
  };

  const proc = spawn(argv[0]!, argv.slice(1), {
    cwd: prepared.cwd,
    detached: true,
    shell: false,
    windowsHide: true,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, RUNYARD_RUN_ID: run.run_id, RUNYARD_RUNS_DIR: store.dir },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      proc.once('spawn', resolve);
      proc.once('error', reject);
    });
  } catch (e) {
    fs.writeSync(fd, `# runyard: could not start ${argv[0]}: ${(e as Error).message}\n`);
    await markFailed({ exit_code: null, launch_error: (e as Error).message });
    throw new StoreError(
      'io',
      `could not start ${argv[0]}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such program' : (e as Error).message}; run ${run.run_id} was marked failed`,
    );
  } finally {
    // The child has its own copy of the descriptor.
    fs.closeSync(fd);
  }
  proc.on('exit', (code, signal) => {
    if (code === 0) return;
    void markFailed(signal ? { exit_code: code, exit_signal: signal } : { exit_code: code });
  });
  proc.unref();
  return { run_id: run.run_id, command, cwd: prepared.cwd, pid: proc.pid ?? null, log: LAUNCH_LOG, run };
}
