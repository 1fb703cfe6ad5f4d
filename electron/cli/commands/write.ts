// Commands that change runs: create, resume, status, checkpoint, config, params.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { metadataFieldsProblem } from '../../../shared/metadata-rules';
import { parsePyJson, pyString } from '../../../shared/py-json';
import { gitRepoProblem, ioError, type RunsDir } from '../../ops/folder';
import {
  addCheckpoint,
  createRun,
  parseRunTextFile,
  readRunTextFile,
  resumeRun,
  runMetadata,
  saveRunFile,
  setRunStatus,
  unknownStatus,
} from '../../ops/run-writes';
import { printable } from '../output';
import { collect, parseSet, UsageError, type CliContext } from '../context';

/** --set pairs, refused (exit 2, naming the key) where a module key would get a type the module does not write. */
function checkedSet(pairs: string[] | undefined): Record<string, unknown> {
  const fields = parseSet(pairs);
  const bad = metadataFieldsProblem(fields, '--set');
  if (bad) throw new UsageError(bad);
  // Read again as Python reads JSON, so that seed=1.0 is written 1.0 and a 20-digit number exactly.
  const body = Object.keys(fields).map((k) => {
    const text = (pairs ?? [])
      .filter((p) => p.startsWith(`${k}=`))
      .pop()!
      .slice(k.length + 1);
    return `${pyString(k)}: ${typeof fields[k] === 'string' ? pyString(fields[k] as string) : text}`;
  });
  try {
    return parsePyJson(`{${body.join(',')}}`).value as Record<string, unknown>;
  } catch {
    return fields;
  }
}

/** A repository the user named must be one: a typo would otherwise record a run with no commit. */
function checkGitRepo(ctx: CliContext): void {
  const named = ctx.opts.gitRepo ?? process.env.RUNYARD_GIT_REPO;
  if (!named) return;
  const why = gitRepoProblem(named);
  if (why) throw new UsageError(`--git-repo: ${why}`);
}

function warn(text: string): void {
  process.stderr.write(`runyard: warning: ${printable(text)}\n`);
}

/** A status neither the module nor this folder uses is most likely a typo ("complete"). */
function checkStatus(store: RunsDir, status: string, force: boolean): void {
  const said = unknownStatus(store, status);
  if (!said) return;
  if (!force) throw new UsageError(`${said}; nothing was written. Use --force to set it anyway`);
  warn(`${said}; set anyway (--force)`);
}

function readInput(file: string): string {
  if (file === '-') return fs.readFileSync(0, 'utf8');
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw ioError('read', file, e);
  }
}

export function registerWriteCommands(program: Command, ctx: CliContext): void {
  program
    .command('create')
    .description('create a run (folders, metadata, index entry, `current` link)')
    .option('--description <text>', 'what the run is for')
    .option('--tag <tag>', 'a tag (repeatable)', collect)
    .option('--id <id>', 'use this run id instead of a new UUID')
    .option(
      '--set <key=value>',
      "an extra metadata field; VALUE is JSON if it parses, else text (repeatable). The module's own keys must have its types; run_id, status, checkpoints ... are refused",
      collect,
    )
    .action(async (o: { description?: string; tag?: string[]; id?: string; set?: string[] }) => {
      const extra = checkedSet(o.set);
      checkGitRepo(ctx);
      const store = ctx.store();
      const run = await createRun(store, { description: o.description, tags: o.tag, runId: o.id, extra });
      if (ctx.json) return ctx.printJson(runMetadata(store, run.run_id));
      ctx.print(run.run_id);
    });

  program
    .command('resume <run>')
    .description('create a child run resumed from RUN')
    .option('--description <text>', 'what the child is for (default: "Resumed from <id>")')
    .option('--tag <tag>', 'a tag (repeatable; default: the parent\'s tags plus "resumed")', collect)
    .option('--no-checkpoints', "do not copy the parent's checkpoint entries")
    .option('--checkpoint <name>', "the parent's checkpoint to resume from (recorded as resumed_from_checkpoint)")
    .option('--set <key=value>', 'an extra metadata field (repeatable)', collect)
    .action(
      async (
        ref: string,
        o: { description?: string; tag?: string[]; checkpoints: boolean; checkpoint?: string; set?: string[] },
      ) => {
        const extra = checkedSet(o.set);
        checkGitRepo(ctx);
        const store = ctx.store();
        const run = await resumeRun(store, ref, {
          description: o.description,
          tags: o.tag,
          copyCheckpoints: o.checkpoints,
          checkpoint: o.checkpoint,
          extra,
        });
        if (ctx.json) return ctx.printJson(runMetadata(store, run.run_id));
        ctx.print(run.run_id);
      },
    );

  program
    .command('status <run> <status>')
    .description("set a run's status (started_at and completed_at follow)")
    .option('--set <key=value>', 'an extra metadata field (repeatable)', collect)
    .option('--force', 'set a status that neither the module nor this folder uses')
    .action(async (ref: string, status: string, o: { set?: string[]; force?: boolean }) => {
      const extra = checkedSet(o.set);
      const store = ctx.store();
      store.resolve(ref);
      checkStatus(store, status, Boolean(o.force));
      const run = await setRunStatus(store, ref, status, extra);
      if (ctx.json) return ctx.printJson(runMetadata(store, run.run_id));
      ctx.print(`${run.run_id}: ${run.status}`);
    });

  program
    .command('checkpoint <run> <name>')
    .description('record a checkpoint for a run')
    .option('--path <path>', 'where the checkpoint files are')
    .option('--force', 'record NAME again although the run has a checkpoint of that name')
    .action(async (ref: string, name: string, o: { path?: string; force?: boolean }) => {
      const store = ctx.store();
      // Recorded as given (the module's paths are relative to the simulation's folder), but a typo is said.
      if (o.path !== undefined && !fs.existsSync(path.resolve(o.path)))
        warn(`--path ${o.path} does not exist (from ${process.cwd()}); recorded as given`);
      const run = await addCheckpoint(store, ref, name, o.path ?? null, { allowDuplicate: Boolean(o.force) });
      if (ctx.json) return ctx.printJson(runMetadata(store, run.run_id));
      ctx.print(`${run.run_id}: checkpoint ${name} added (${run.checkpoints.length} in all)`);
    });

  program
    .command('config <run> [file]')
    .description("print the run's config.yaml, or save FILE (or - for stdin) as it")
    .action((ref: string, file: string | undefined) => fileCommand(ctx, ref, file, 'config.yaml'));

  program
    .command('params <run> [file]')
    .description("print the run's run_params.json, or save FILE (or - for stdin) as it")
    .action((ref: string, file: string | undefined) => fileCommand(ctx, ref, file, 'run_params.json'));
}

async function fileCommand(
  ctx: CliContext,
  ref: string,
  file: string | undefined,
  name: 'config.yaml' | 'run_params.json',
): Promise<void> {
  const store = ctx.store();
  const id = store.resolve(ref);
  if (file === undefined) {
    const text = readRunTextFile(store, id, name);
    return ctx.json ? ctx.printJson(parseRunTextFile(id, name, text)) : ctx.print(text);
  }
  const text = readInput(file);
  let saved: string;
  if (name === 'run_params.json') {
    let params: unknown;
    try {
      // Python's reading: 1.0 stays 1.0 and a 20-digit seed stays exact when it is written.
      params = parsePyJson(text).value;
    } catch (e) {
      throw new UsageError(`${file === '-' ? 'stdin' : file} is not JSON: ${(e as Error).message}`);
    }
    saved = await saveRunFile(store, id, name, params);
  } else {
    try {
      parseYaml(text);
    } catch (e) {
      throw new UsageError(
        `${file === '-' ? 'stdin' : file} is not YAML or JSON: ${(e as Error).message.split('\n')[0]}`,
      );
    }
    saved = await saveRunFile(store, id, name, text);
  }
  if (!ctx.json) ctx.print(`${id}: ${name} saved`);
  else ctx.printJson({ run_id: id, saved });
}
