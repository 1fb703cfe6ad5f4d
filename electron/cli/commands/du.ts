// `runyard du [RUN]`: bytes per run, split into results, checkpoints, logs and the
// rest, biggest first; plus what the trash holds. Reads only (the size cache lives in
// the user's cache folder, never in the runs directory).
import type { Command } from 'commander';
import { compareNewestFirst } from '../../../shared/run-query';
import { DiskUsage, defaultUsageCacheFile, sumUsage, type RunUsage } from '../../store/disk-usage';
import { StoreError } from '../../store/errors';
import { listTrash } from '../../store/trash';
import type { CliContext } from '../context';
import { bytes, table } from '../output';
import { ProgressBar } from '../prompt';

export function usageFor(ctx: CliContext, cache = true): DiskUsage {
  return new DiskUsage(ctx.dir, { cacheFile: cache ? defaultUsageCacheFile(ctx.dir) : null });
}

const short = (id: string) => (id.length > 8 ? id.slice(0, 8) : id);

function usageJson(u: RunUsage) {
  return { run_id: u.run_id, results: u.results, checkpoints: u.checkpoints, logs: u.logs, other: u.other, total: u.total, files: u.files };
}

export function registerDuCommand(program: Command, ctx: CliContext): void {
  program
    .command('du [run]')
    .description('disk usage per run: results, checkpoints, logs, other (a child\'s checkpoints count in its parent\'s folder, where they are)')
    .option('--no-cache', 'measure everything again instead of trusting cached sizes')
    .action(async (ref: string | undefined, o: { cache: boolean }) => {
      const store = ctx.store();
      const usage = usageFor(ctx, o.cache);
      const runs = ref ? [store.get(store.resolve(ref))] : [...store.scan().runs].sort(compareNewestFirst);
      const bar = new ProgressBar('Measuring');
      const sizes = await usage.measureAll(runs.map((r) => r.run_id), { fresh: !o.cache, onProgress: bar.update });
      bar.finish();
      await usage.save();
      const measured = runs.map((r) => sizes.get(r.run_id)).filter((u): u is RunUsage => u !== undefined).sort((a, b) => b.total - a.total);
      const trash = listTrash(store.dir);
      const trashBytes = trash.reduce((s, t) => s + (t.record.bytes ?? 0), 0);
      if (ref && !measured.length) throw new StoreError('not-found', `the folder of run ${runs[0]!.run_id} is gone`);
      if (ctx.json) {
        if (ref) return ctx.printJson(usageJson(measured[0]!));
        return ctx.printJson({ runs: measured.map(usageJson), total: sumUsage(measured), trash: { entries: trash.length, bytes: trashBytes } });
      }
      const byId = new Map(runs.map((r) => [r.run_id, r]));
      const row = (id: string, u: { results: number; checkpoints: number; logs: number; other: number; total: number }, label: string) =>
        [id, bytes(u.results), bytes(u.checkpoints), bytes(u.logs), bytes(u.other), bytes(u.total), label];
      const rows = measured.map((u) => row(short(u.run_id), u, `${byId.get(u.run_id)?.status ?? ''}  ${byId.get(u.run_id)?.description ?? ''}`.trim()));
      if (!ref && measured.length > 1) rows.push(row('TOTAL', sumUsage(measured), `${measured.length} runs`));
      ctx.print(table(['ID', 'RESULTS', 'CHECKPOINTS', 'LOGS', 'OTHER', 'TOTAL', 'RUN'], rows));
      if (!ref && trash.length) ctx.print(`\nThe trash holds ${trash.length} entr${trash.length === 1 ? 'y' : 'ies'}, ${bytes(trashBytes)} (\`runyard trash list\`).`);
    });
}
