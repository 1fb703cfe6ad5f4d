// `runyard checkpoints prune RUN --keep-last K [--keep-every N]`: Orbax-style
// retention inside one run, through the same trash and the same protections as prune.
import type { Command } from 'commander';
import type { RetentionPlan } from '../../../shared/checkpoint-retention';
import { checkpointsPruneExecute, checkpointsPrunePlan, type CheckpointPruneOptions } from '../../ops/checkpoints';
import { positiveInt, UsageError, type CliContext } from '../context';
import { parseHoursAsDays } from '../durations';
import { formatBytes } from '../../../shared/format';
import { confirmOrRefuse } from '../prompt';
import { usageFor } from './du';

interface Flags {
  keepLast?: number;
  keepEvery?: number;
  includeStale?: boolean;
  staleAfter?: number;
  dryRun?: boolean;
  yes?: boolean;
}

function planText(plan: RetentionPlan, dryRun: boolean): string {
  const lines: string[] = [];
  if (!plan.remove.length) lines.push(`Nothing to remove from ${plan.run_id}.`);
  else {
    lines.push(
      `${dryRun ? 'Would move' : 'To move'} ${plan.remove.length} checkpoint(s) of ${plan.run_id}, ${formatBytes(plan.bytes_freed)}, to the trash:`,
    );
    for (const r of plan.remove) {
      lines.push(`  ${r.name}  ${r.files.length} file(s), ${formatBytes(r.bytes)}`);
      for (const f of r.files) lines.push(`    ${f.path}`);
    }
  }
  if (plan.keep.length) {
    lines.push('', 'Kept:');
    for (const k of plan.keep) lines.push(`  ${k.name}  ${k.reason}`);
  }
  return lines.join('\n');
}

export function registerCheckpointCommands(program: Command, ctx: CliContext): void {
  const checkpoints = program.command('checkpoints').description('checkpoint retention inside a run');
  checkpoints
    .command('prune <run>')
    .description('move all but the last K checkpoints (and every N-th) to the trash; never one a run resumed from')
    .requiredOption('--keep-last <k>', 'keep the last K checkpoints (Orbax max_to_keep)', positiveInt)
    .option(
      '--keep-every <n>',
      'also keep every N-th checkpoint, counting from the first (Orbax keep_period)',
      positiveInt,
    )
    .option('--include-stale', 'allow a run still marked initialising/running whose folder has not changed for a day')
    .option('--stale-after <hours>', 'how long unchanged counts as stale (default 24h)', parseHoursAsDays)
    .option('--dry-run', 'only show what would happen')
    .option('--yes', 'do not ask for confirmation')
    .action(async (ref: string, o: Flags) => {
      if (o.keepEvery === 0) throw new UsageError('--keep-every must be at least 1');
      const store = ctx.store();
      const opts: CheckpointPruneOptions = {
        keepLast: o.keepLast!,
        keepEvery: o.keepEvery,
        includeStale: o.includeStale,
        staleAfterMs: o.staleAfter === undefined ? undefined : o.staleAfter * 24 * 3_600_000,
      };
      const usage = usageFor(ctx);
      const plan = await checkpointsPrunePlan(store, ref, opts, usage);
      const json = (p: RetentionPlan) => ({
        run_id: p.run_id,
        remove: p.remove,
        keep: p.keep,
        bytes_freed: p.bytes_freed,
      });
      if (o.dryRun || !plan.remove.length)
        return ctx.json ? ctx.printJson(json(plan)) : ctx.print(planText(plan, true));
      if (!ctx.json) ctx.print(planText(plan, false));
      await confirmOrRefuse(
        `Move ${plan.remove.length} checkpoint(s) to ${store.dir}/.trash?`,
        o.yes,
        `this would move ${plan.remove.length} checkpoint(s) to the trash; pass --yes to do it, or --dry-run to only look`,
      );
      const { record, plan: done } = await checkpointsPruneExecute(store, ref, opts, plan, usage);
      if (ctx.json) return ctx.printJson({ ...json(done), trashed: record?.entry ?? null });
      ctx.print(
        record
          ? `\nMoved ${done.remove.length} checkpoint(s), ${formatBytes(done.bytes_freed)}, to the trash as ${record.entry}. Undo with \`runyard trash restore ${record.entry}\`.`
          : '\nNothing was removed: the run changed meanwhile.',
      );
    });
}
