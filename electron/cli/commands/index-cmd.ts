// `runyard index check|repair`: compare the index with the folders, or rebuild it from them.
import type { Command } from 'commander';
import { indexAgrees, indexCheck, indexRepair } from '../../ops/index-health';
import type { CliContext } from '../context';
import type { IndexCheck } from '../../../shared/types';

function describe(c: IndexCheck): string {
  const parts = [
    c.readable ? 'the index is readable' : 'the index is missing or unreadable',
    `${c.missing.length} run(s) on disk but not in the index`,
    `${c.stale.length} entr(ies) for runs no longer on disk`,
    `${c.mismatched.length} entr(ies) that differ from the run's metadata`,
    `latest: ${c.latest ?? 'none'}`,
  ];
  const list = (label: string, ids: string[]) => (ids.length ? `\n${label}: ${ids.join(', ')}` : '');
  return parts.join('\n') + list('missing', c.missing) + list('stale', c.stale) + list('mismatched', c.mismatched);
}

export function registerIndexCommands(program: Command, ctx: CliContext): void {
  const index = program.command('index').description('check or repair .run_index.json');
  index
    .command('check')
    .description('compare the index with the run folders (reads only)')
    .action(() => {
      const c = indexCheck(ctx.store());
      const agrees = indexAgrees(c);
      if (ctx.json) ctx.printJson(c);
      else ctx.print(agrees ? `${describe(c)}\nThe index agrees with the folders.` : describe(c));
      // A script asks "is the index right?": the exit code answers, and stderr says what to do.
      if (!agrees) {
        process.stderr.write(
          'runyard: the index and the run folders disagree; run `runyard index repair` to rewrite it from the folders\n',
        );
        process.exitCode = 1;
      }
    });
  index
    .command('repair')
    .description('rewrite the index from the run folders')
    .action(async () => {
      const { before, after } = await indexRepair(ctx.store());
      if (ctx.json) return ctx.printJson({ before, after });
      const fixed = before.missing.length + before.stale.length + before.mismatched.length;
      ctx.print(
        `Index rewritten from ${ctx.dir}: ${fixed} entr(ies) fixed${before.readable ? '' : ' (the old index was unreadable)'}.`,
      );
    });
}
