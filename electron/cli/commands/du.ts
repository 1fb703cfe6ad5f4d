// `runyard du [RUN]`: bytes per run, split into results, checkpoints, logs and the
// rest, biggest first; plus what the trash holds. Reads only (the size cache lives in
// the user's cache folder, never in the runs directory).
import type { Command } from 'commander';
import { measureUsage, sumUsage, usageFor as folderUsage, type UsageMeter, type RunUsage } from '../../ops/disk-usage';
import type { CliContext } from '../context';
import { table } from '../output';
import { formatBytes, shortId } from '../../../shared/format';
import { ProgressBar } from '../prompt';

export function usageFor(ctx: CliContext, cache = true): UsageMeter {
  return folderUsage(ctx.dir, cache);
}

function usageJson(u: RunUsage) {
  return {
    run_id: u.run_id,
    results: u.results,
    checkpoints: u.checkpoints,
    logs: u.logs,
    other: u.other,
    total: u.total,
    files: u.files,
  };
}

export function registerDuCommand(program: Command, ctx: CliContext): void {
  program
    .command('du [run]')
    .description(
      "disk usage per run: results, checkpoints, logs, other (a child's checkpoints count in its parent's folder, where they are)",
    )
    .option('--no-cache', 'measure everything again instead of trusting cached sizes')
    .action(async (ref: string | undefined, o: { cache: boolean }) => {
      const store = ctx.store();
      const usage = usageFor(ctx, o.cache);
      const bar = new ProgressBar('Measuring');
      const { runs, measured, trash } = await measureUsage(store, usage, ref, {
        fresh: !o.cache,
        onProgress: bar.update,
      }).finally(() => bar.finish());
      if (ctx.json) {
        if (ref) return ctx.printJson(usageJson(measured[0]!));
        return ctx.printJson({ runs: measured.map(usageJson), total: sumUsage(measured), trash });
      }
      const byId = new Map(runs.map((r) => [r.run_id, r]));
      const row = (
        id: string,
        u: { results: number; checkpoints: number; logs: number; other: number; total: number },
        label: string,
      ) => [
        id,
        formatBytes(u.results),
        formatBytes(u.checkpoints),
        formatBytes(u.logs),
        formatBytes(u.other),
        formatBytes(u.total),
        label,
      ];
      const rows = measured.map((u) =>
        row(
          shortId(u.run_id),
          u,
          `${byId.get(u.run_id)?.status ?? ''}  ${byId.get(u.run_id)?.description ?? ''}`.trim(),
        ),
      );
      if (!ref && measured.length > 1) rows.push(row('TOTAL', sumUsage(measured), `${measured.length} runs`));
      ctx.print(table(['ID', 'RESULTS', 'CHECKPOINTS', 'LOGS', 'OTHER', 'TOTAL', 'RUN'], rows));
      if (!ref && trash.entries)
        ctx.print(
          `\nThe trash holds ${trash.entries} entr${trash.entries === 1 ? 'y' : 'ies'}, ${formatBytes(trash.bytes)} (\`runyard trash list\`).`,
        );
    });
}
