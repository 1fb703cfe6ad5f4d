// Commands that change runs: create, resume, status, checkpoint, config, params.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { metadataFieldsProblem } from '../../../shared/metadata-rules';
import { parsePyJson, pyString } from '../../../shared/py-json';
import { MAX_METADATA_BYTES, megabytes, readBoundedText, type BoundedRead } from '../../store/bounded-read';
import { ioError, StoreError } from '../../store/errors';
import { headOf } from '../../store/git-commit';
import { runDir } from '../../store/paths';
import { MODULE_STATUSES, type RunStore } from '../../store/run-store';
import { printable } from '../output';
import { collect, parseSet, UsageError, type CliContext } from '../context';

/** --set pairs, refused (exit 2, naming the key) where a module key would get a type the module does not write. */
function checkedSet(pairs: string[] | undefined): Record<string, unknown> {
  const fields = parseSet(pairs);
  const bad = metadataFieldsProblem(fields, '--set');
  if (bad) throw new UsageError(bad);
  // Read again as Python reads JSON, so that seed=1.0 is written 1.0 and a 20-digit number exactly.
  const body = Object.keys(fields).map((k) => {
    const text = (pairs ?? []).filter((p) => p.startsWith(`${k}=`)).pop()!.slice(k.length + 1);
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
  const head = headOf(named);
  if ('why' in head) throw new UsageError(`--git-repo: ${head.why}`);
}

function warn(text: string): void {
  process.stderr.write(`runyard: warning: ${printable(text)}\n`);
}

/** A status neither the module nor this folder uses is most likely a typo ("complete"). */
function checkStatus(store: RunStore, status: string, force: boolean): void {
  if (MODULE_STATUSES.includes(status)) return;
  const inFolder = new Set(store.scan().runs.map((r) => r.status).filter((s) => s !== 'unknown'));
  if (inFolder.has(status)) return;
  const known = [...new Set([...MODULE_STATUSES, ...[...inFolder].sort()])].join(', ');
  const said = `${JSON.stringify(status)} is not a status the module or this folder uses (known: ${known})`;
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
    .option('--set <key=value>', 'an extra metadata field; VALUE is JSON if it parses, else text (repeatable). The module\'s own keys must have its types; run_id, status, checkpoints ... are refused', collect)
    .action(async (o: { description?: string; tag?: string[]; id?: string; set?: string[] }) => {
      const extra = checkedSet(o.set);
      checkGitRepo(ctx);
      const run = await ctx.store().createRun({ description: o.description, tags: o.tag, runId: o.id, extra });
      if (ctx.json) return ctx.printJson(ctx.store().readMetadata(run.run_id));
      ctx.print(run.run_id);
    });

  program
    .command('resume <run>')
    .description('create a child run resumed from RUN')
    .option('--description <text>', 'what the child is for (default: "Resumed from <id>")')
    .option('--tag <tag>', "a tag (repeatable; default: the parent's tags plus \"resumed\")", collect)
    .option('--no-checkpoints', "do not copy the parent's checkpoint entries")
    .option('--checkpoint <name>', "the parent's checkpoint to resume from (recorded as resumed_from_checkpoint)")
    .option('--set <key=value>', 'an extra metadata field (repeatable)', collect)
    .action(async (ref: string, o: { description?: string; tag?: string[]; checkpoints: boolean; checkpoint?: string; set?: string[] }) => {
      const extra = checkedSet(o.set);
      checkGitRepo(ctx);
      const store = ctx.store();
      const run = await store.createChild(ref, { description: o.description, tags: o.tag, copyCheckpoints: o.checkpoints, checkpoint: o.checkpoint, extra });
      if (ctx.json) return ctx.printJson(store.readMetadata(run.run_id));
      ctx.print(run.run_id);
    });

  program
    .command('status <run> <status>')
    .description('set a run\'s status (started_at and completed_at follow)')
    .option('--set <key=value>', 'an extra metadata field (repeatable)', collect)
    .option('--force', 'set a status that neither the module nor this folder uses')
    .action(async (ref: string, status: string, o: { set?: string[]; force?: boolean }) => {
      const extra = checkedSet(o.set);
      const store = ctx.store();
      store.resolve(ref);
      checkStatus(store, status, Boolean(o.force));
      const run = await store.updateStatus(ref, status, extra);
      if (ctx.json) return ctx.printJson(store.readMetadata(run.run_id));
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
      if (o.path !== undefined && !fs.existsSync(path.resolve(o.path))) warn(`--path ${o.path} does not exist (from ${process.cwd()}); recorded as given`);
      const run = await store.addCheckpoint(ref, name, o.path ?? null, { allowDuplicate: Boolean(o.force) });
      if (ctx.json) return ctx.printJson(store.readMetadata(run.run_id));
      ctx.print(`${run.run_id}: checkpoint ${name} added (${run.checkpoints.length} in all)`);
    });

  program
    .command('config <run> [file]')
    .description('print the run\'s config.yaml, or save FILE (or - for stdin) as it')
    .action((ref: string, file: string | undefined) => fileCommand(ctx, ref, file, 'config.yaml'));

  program
    .command('params <run> [file]')
    .description('print the run\'s run_params.json, or save FILE (or - for stdin) as it')
    .action((ref: string, file: string | undefined) => fileCommand(ctx, ref, file, 'run_params.json'));
}

async function fileCommand(ctx: CliContext, ref: string, file: string | undefined, name: 'config.yaml' | 'run_params.json'): Promise<void> {
  const store = ctx.store();
  const id = store.resolve(ref);
  const target = path.join(runDir(store.dir, id), name);
  if (file === undefined) {
    let read: BoundedRead;
    try {
      read = readBoundedText(target, store.dir, MAX_METADATA_BYTES);
    } catch {
      throw new StoreError('not-found', `run ${id} has no ${name}`);
    }
    if (read.kind === 'escapes') throw new StoreError('refused', `${id}/${name} is a link that leads out of ${store.dir}; it was not read`);
    if (read.kind === 'too-large') throw new StoreError('unreadable', `${id}/${name} is ${megabytes(read.bytes)}, more than the ${megabytes(MAX_METADATA_BYTES)} Runyard prints`);
    const text = read.text;
    if (!ctx.json) return ctx.print(text);
    try {
      return ctx.printJson(name === 'config.yaml' ? parseYaml(text) : JSON.parse(text));
    } catch (e) {
      throw new StoreError('unreadable', `${id}/${name} cannot be parsed: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  const text = readInput(file);
  if (name === 'run_params.json') {
    let params: unknown;
    try {
      // Python's reading: 1.0 stays 1.0 and a 20-digit seed stays exact when it is written.
      params = parsePyJson(text).value;
    } catch (e) {
      throw new UsageError(`${file === '-' ? 'stdin' : file} is not JSON: ${(e as Error).message}`);
    }
    await store.saveParams(id, params);
  } else {
    try {
      parseYaml(text);
    } catch (e) {
      throw new UsageError(`${file === '-' ? 'stdin' : file} is not YAML or JSON: ${(e as Error).message.split('\n')[0]}`);
    }
    await store.saveConfig(id, text);
  }
  if (!ctx.json) ctx.print(`${id}: ${name} saved`);
  else ctx.printJson({ run_id: id, saved: target });
}
