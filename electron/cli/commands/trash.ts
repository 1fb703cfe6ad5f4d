// `runyard trash list|restore|empty`, and the hook that lets every command that
// writes finish an operation a killed process left half-done (read-only commands
// only warn: reading never writes).
import type { Command } from 'commander';
import {
  daysToMs,
  finishPendingWork,
  pendingWorkNote,
  trashEmpty,
  trashEntries,
  trashRestore,
  trashToEmpty,
  trashWarnings,
  type TrashEntry,
} from '../../ops/trash';
import type { CliContext } from '../context';
import { parseDays } from '../durations';
import { table } from '../output';
import { formatBytes, formatRelativeShort } from '../../../shared/format';
import { confirmOrRefuse, ProgressBar } from '../prompt';

function itemJson(i: TrashEntry) {
  return { ...i.record, complete: i.complete };
}

function listText(items: TrashEntry[]): string {
  return table(
    ['ENTRY', 'KIND', 'TRASHED', 'BY', 'SIZE', 'WHAT'],
    items.map((i) => [
      i.record.entry,
      i.record.kind,
      formatRelativeShort(Date.parse(i.record.trashed_at) || null, Date.now()),
      i.record.trashed_by.replace(/ \(pid \d+\)$/, ''),
      i.record.bytes === null ? '?' : formatBytes(i.record.bytes),
      `${i.record.description}${i.complete ? '' : '  (INCOMPLETE: an operation was interrupted)'}`,
    ]),
  );
}

export function registerTrashCommands(program: Command, ctx: CliContext): void {
  const trash = program.command('trash').description('runs and checkpoints removed by prune: list, restore, empty');

  trash
    .command('list')
    .description('what is in the trash, newest first (reads only)')
    .action(() => {
      for (const p of trashWarnings(ctx.dir)) process.stderr.write(`runyard: warning: ${p}\n`);
      const items = trashEntries(ctx.dir);
      if (ctx.json) return ctx.printJson(items.map(itemJson));
      if (!items.length) return ctx.print(`The trash of ${ctx.dir} is empty.`);
      const total = items.reduce((s, i) => s + (i.record.bytes ?? 0), 0);
      ctx.print(
        `${listText(items)}\n\n${items.length} entr${items.length === 1 ? 'y' : 'ies'}, ${formatBytes(total)}. Restore with \`runyard trash restore ENTRY\`.`,
      );
    });

  trash
    .command('restore <entry>')
    .description(
      'put a run (or checkpoints) back where it was, with its index entry; ENTRY is an entry name or a run id',
    )
    .action(async (ref: string) => {
      const store = ctx.store();
      const { record, warnings } = await trashRestore(store, ref);
      for (const w of warnings) process.stderr.write(`runyard: warning: ${w}\n`);
      if (ctx.json)
        return ctx.printJson({
          restored: record.entry,
          run_id: record.run_id,
          kind: record.kind,
          paths: record.paths,
          warnings,
        });
      ctx.print(
        record.kind === 'run'
          ? `Restored run ${record.run_id}.`
          : `Restored ${record.checkpoints?.length ?? 0} checkpoint(s) of ${record.run_id}.`,
      );
    });

  trash
    .command('empty')
    .description('delete what is in the trash for good (links are removed, never followed)')
    .option('--older-than <days>', 'only entries trashed more than D days ago (30, 30d, 12h, 2w)', parseDays)
    .option('--yes', 'do not ask for confirmation')
    .action(async (o: { olderThan?: number; yes?: boolean }) => {
      const store = ctx.store();
      const olderThanMs = daysToMs(o.olderThan);
      const chosen = trashToEmpty(store.dir, { olderThanMs });
      if (!chosen.length) {
        if (ctx.json) return ctx.printJson({ deleted: [], bytes: 0 });
        return ctx.print(o.olderThan === undefined ? 'The trash is empty.' : 'Nothing in the trash is that old.');
      }
      const size = chosen.reduce((s, i) => s + (i.record.bytes ?? 0), 0);
      if (!ctx.json) ctx.print(`${listText(chosen)}\n`);
      await confirmOrRefuse(
        `Delete these ${chosen.length} entr${chosen.length === 1 ? 'y' : 'ies'} (${formatBytes(size)}) for good? This cannot be undone.`,
        o.yes,
        `emptying would delete ${chosen.length} trash entr${chosen.length === 1 ? 'y' : 'ies'} for good; pass --yes to do it`,
      );
      const bar = new ProgressBar('Deleting');
      const deleted = await trashEmpty(store, { olderThanMs, onProgress: bar.update });
      bar.finish();
      const freed = deleted.reduce((s, r) => s + (r.bytes ?? 0), 0);
      if (ctx.json) return ctx.printJson({ deleted: deleted.map((r) => r.entry), bytes: freed });
      ctx.print(
        `Deleted ${deleted.length} entr${deleted.length === 1 ? 'y' : 'ies'} for good, ${formatBytes(freed)} freed.`,
      );
    });
}

/** Commands that change the runs directory; everything else only reads. */
function writes(cmd: Command): boolean {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  const name = names.join(' ');
  const opts = cmd.opts<{ dryRun?: boolean }>();
  if (name === 'prune' || name === 'checkpoints prune') return !opts.dryRun;
  if (name === 'config' || name === 'params') return cmd.args.length > 1;
  return ['create', 'resume', 'status', 'checkpoint', 'index repair', 'trash restore', 'trash empty'].includes(name);
}

const READERS = new Set([
  'list',
  'show',
  'tree',
  'du',
  'trash list',
  'index check',
  'config',
  'params',
  'prune',
  'checkpoints prune',
]);

export function installRecoveryHook(program: Command, ctx: CliContext): void {
  program.hook('preAction', async (_root, cmd) => {
    if (writes(cmd)) {
      for (const note of await finishPendingWork(ctx.store())) process.stderr.write(`runyard: note: ${note}\n`);
      return;
    }
    const names: string[] = [];
    for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
    if (!READERS.has(names.join(' '))) return;
    const pending = pendingWorkNote(ctx.dir);
    if (pending) process.stderr.write(`runyard: warning: ${pending}\n`);
  });
}
