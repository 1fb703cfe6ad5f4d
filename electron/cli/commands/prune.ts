// `runyard prune`: move old, failed or otherwise unwanted runs to the trash, never a
// running run, a pinned one, or one that a kept run descends from. Also registers
// the other tidying commands (du, trash, checkpoints) and the recovery hook.
import type { Command } from 'commander';
import {
  policySelects,
  type KeepCode,
  type KeepDecision,
  type PrunePlan,
  type PrunePolicy,
} from '../../../shared/prune-plan';
import { pruneExecute, prunePlan, refusal } from '../../ops/prune';
import { allRuns } from '../../ops/runs';
import { collect, positiveInt, UsageError, type CliContext } from '../context';
import { table } from '../output';
import { formatBytes, formatRelativeShort } from '../../../shared/format';
import { parseDays, parseHoursAsDays } from '../durations';
import { confirmOrRefuse, ProgressBar } from '../prompt';
import { registerCheckpointCommands } from './checkpoints';
import { registerDuCommand, usageFor } from './du';
import { installRecoveryHook, registerTrashCommands } from './trash';

/** Ids cut to the shortest common length (at least 8) that still tells every run apart. */
function shortener(ids: string[]): (id: string) => string {
  const longest = Math.max(8, ...ids.map((id) => id.length));
  let n = 8;
  while (n < longest && new Set(ids.map((id) => id.slice(0, n))).size < ids.length) n++;
  return (id) => id.slice(0, n);
}

interface PruneFlags {
  keep?: number;
  olderThan?: number;
  status?: string[];
  excludeTag?: string[];
  run?: string[];
  includeStale?: boolean;
  staleAfter?: number;
  dryRun?: boolean;
  yes?: boolean;
}

/** Kept runs that a rule protects are listed one by one; the rest are counted. */
const LISTED: KeepCode[] = ['active', 'pinned', 'needed-by-descendant', 'unreadable'];

function planText(
  plan: PrunePlan,
  policy: PrunePolicy,
  runs: Map<string, { status: string; created_ms: number | null; description: string }>,
  dryRun: boolean,
): string {
  const lines: string[] = [];
  const short = shortener([...runs.keys()]);
  const size = plan.bytes_unknown
    ? `${formatBytes(plan.bytes_freed)} + ${plan.bytes_unknown} unmeasured`
    : formatBytes(plan.bytes_freed);
  if (plan.remove.length) {
    lines.push(`${dryRun ? 'Would move' : 'To move'} ${plan.remove.length} run(s), ${size}, to the trash:`);
    lines.push(
      table(
        ['STATUS', 'ID', 'CREATED', 'SIZE', 'DESCRIPTION'],
        plan.remove.map((r) => {
          const run = runs.get(r.run_id);
          return [
            run?.status ?? '?',
            short(r.run_id),
            formatRelativeShort(run?.created_ms ?? null, Date.now()),
            r.bytes === null ? '?' : formatBytes(r.bytes),
            run?.description ?? '',
          ];
        }),
      ),
    );
  } else lines.push('Nothing to prune.');
  const protectedRuns = plan.keep.filter((k) => LISTED.includes(k.code));
  if (protectedRuns.length) {
    lines.push('', 'Protected:');
    for (const k of protectedRuns) lines.push(`  ${short(k.run_id)}  ${k.reason}`);
  }
  // Reasons that name a run's own age would make one line per run; those are grouped by rule.
  const label = (k: KeepDecision) =>
    k.code === 'too-recent' ? `too recent: only runs older than ${policy.olderThanDays} days go` : k.reason;
  const counts = new Map<string, number>();
  for (const k of plan.keep) if (!LISTED.includes(k.code)) counts.set(label(k), (counts.get(label(k)) ?? 0) + 1);
  if (counts.size) {
    lines.push('', `Kept (${plan.keep.length} in all):`);
    for (const [reason, n] of counts) lines.push(`  ${n} run(s): ${reason}`);
  }
  if (plan.refused.length) {
    lines.push('', 'Refused:');
    for (const r of plan.refused) lines.push(`  ${r.run_id}: ${r.reason}`);
  }
  return lines.join('\n');
}

function jsonPlan(plan: PrunePlan) {
  return {
    remove: plan.remove,
    keep: plan.keep.map((k) => ({
      run_id: k.run_id,
      reason: k.reason,
      code: k.code,
      ...(k.descendant ? { descendant: k.descendant } : {}),
    })),
    bytes_freed: plan.bytes_freed,
    bytes_unknown: plan.bytes_unknown,
    refused: plan.refused,
  };
}

export function registerPruningCommands(program: Command, ctx: CliContext): void {
  program
    .command('prune')
    .description('move runs to the trash (never running, pinned, or needed by a kept run)')
    .option('--keep <n>', 'keep the N newest runs (of those --status and --exclude-tag let through)', positiveInt)
    .option('--older-than <days>', 'only runs created more than D days ago (30, 30d, 12h, 2w)', parseDays)
    .option('--status <status>', 'only runs with this status (repeatable)', collect)
    .option('--exclude-tag <tag>', 'never runs with this tag (repeatable)', collect)
    .option('--run <run>', 'only this run (repeatable); refused if a rule protects it', collect)
    .option('--include-stale', 'also runs still marked initialising/running whose folder has not changed for a day')
    .option('--stale-after <hours>', 'how long unchanged counts as stale (default 24h)', parseHoursAsDays)
    .option('--dry-run', 'only show what would happen')
    .option('--yes', 'do not ask for confirmation')
    .action(async (o: PruneFlags) => {
      const store = ctx.store();
      const policy: PrunePolicy = {
        keep: o.keep,
        olderThanDays: o.olderThan,
        statuses: o.status,
        excludeTags: o.excludeTag,
        runs: o.run?.map((r) => store.resolve(r)),
        includeStale: o.includeStale,
        staleAfterHours: o.staleAfter === undefined ? undefined : o.staleAfter * 24,
      };
      if (!policySelects(policy))
        throw new UsageError(
          'say what to prune: --keep N, --older-than D, --status S or --run RUN (add --dry-run to look first)',
        );
      const usage = usageFor(ctx);
      const measuring = new ProgressBar('Measuring');
      const plan = await prunePlan(store, policy, usage, { onProgress: measuring.update });
      measuring.finish();
      const runs = new Map(allRuns(store).map((r) => [r.run_id, r]));
      if (o.dryRun || plan.refused.length || !plan.remove.length) {
        if (ctx.json) ctx.printJson(jsonPlan(plan));
        else ctx.print(planText(plan, policy, runs, true));
        if (plan.refused.length) throw refusal(plan);
        return;
      }
      if (!ctx.json) ctx.print(planText(plan, policy, runs, false));
      await confirmOrRefuse(
        `Move ${plan.remove.length} run(s) to ${store.dir}/.trash?`,
        o.yes,
        `prune would move ${plan.remove.length} run(s) to the trash; pass --yes to do it, or --dry-run to only look`,
      );
      const moving = new ProgressBar('Moving to the trash');
      const result = await pruneExecute(store, plan, policy, usage, { onProgress: moving.update });
      moving.finish();
      const trashed = new Set(result.trashed.map((t) => t.run_id));
      const done = { ...plan, remove: plan.remove.filter((r) => trashed.has(r.run_id)) };
      done.bytes_freed = done.remove.reduce((s, r) => s + (r.bytes ?? 0), 0);
      if (ctx.json)
        return ctx.printJson({
          ...jsonPlan(done),
          trashed: result.trashed.map((t) => t.entry),
          skipped: result.skipped,
        });
      for (const s of result.skipped)
        process.stderr.write(
          `runyard: ${s.run_id} was not removed${s.put_back ? ' (moved, then put back from the trash)' : ''}: ${s.reason}\n`,
        );
      ctx.print(`\nMoved ${result.trashed.length} run(s), ${formatBytes(done.bytes_freed)}, to ${store.dir}/.trash.`);
      ctx.print('Undo with `runyard trash restore RUN`; free the space for good with `runyard trash empty`.');
    });

  registerDuCommand(program, ctx);
  registerTrashCommands(program, ctx);
  registerCheckpointCommands(program, ctx);
  installRecoveryHook(program, ctx);
}
