// Commands that annotate runs without touching what a simulation records: `tag` (tags
// of several runs at once; pin = the tag keep) and `note` (RUN/notes.md).
import fs from 'node:fs';
import type { Command } from 'commander';
import { PINNED_TAG } from '../../../shared/prune-plan';
import { editTags } from '../../ops/bulk-edit';
import { getNote, setNote } from '../../ops/notes';
import { printable } from '../output';
import { collect, UsageError, type CliContext } from '../context';

export function registerAnnotateCommands(program: Command, ctx: CliContext): void {
  program
    .command('tag <runs...>')
    .description(`add or remove tags on one or more runs (--pin adds "${PINNED_TAG}", which pruning respects)`)
    .option('--add <tag>', 'a tag to add (repeatable)', collect)
    .option('--remove <tag>', 'a tag to remove (repeatable)', collect)
    .option('--pin', `add the tag "${PINNED_TAG}"`)
    .option('--unpin', `remove the tag "${PINNED_TAG}"`)
    .option(
      '--include-running',
      'also change runs whose metadata says initialising or running (a simulation may overwrite the change)',
    )
    .action(
      async (
        refs: string[],
        o: { add?: string[]; remove?: string[]; pin?: boolean; unpin?: boolean; includeRunning?: boolean },
      ) => {
        if (o.pin && o.unpin) throw new UsageError('--pin and --unpin contradict each other');
        const add = [...(o.add ?? []), ...(o.pin ? [PINNED_TAG] : [])];
        const remove = [...(o.remove ?? []), ...(o.unpin ? [PINNED_TAG] : [])];
        if (!add.length && !remove.length)
          throw new UsageError('nothing to change: give --add, --remove, --pin or --unpin');
        const results = await editTags(
          ctx.store(),
          refs,
          { add, remove },
          { includeRunning: Boolean(o.includeRunning) },
        );
        const skipped = results.filter((r) => r.outcome === 'skipped');
        if (ctx.json) ctx.printJson(results);
        else {
          for (const r of results) {
            if (r.outcome === 'skipped') continue;
            ctx.print(
              `${r.run_id}: ${r.outcome === 'done' ? '' : 'unchanged, '}tags ${r.after!.join(', ') || '(none)'}`,
            );
          }
        }
        // A script that tags runs must learn that some were not: stderr says which and why.
        for (const r of skipped)
          process.stderr.write(`runyard: ${printable(r.run_id)} was not changed: ${printable(r.reason ?? '')}\n`);
        if (skipped.length) process.exitCode = 1;
      },
    );

  program
    .command('note <run> [text]')
    .description('print the run\'s note (RUN/notes.md), or set it to TEXT (- reads stdin; "" clears it)')
    .action(async (ref: string, text: string | undefined) => {
      const store = ctx.store();
      if (text === undefined) {
        const note = getNote(store, ref);
        if (ctx.json) return ctx.printJson(note);
        if (note.text) ctx.print(note.text);
        return;
      }
      const body = text === '-' ? fs.readFileSync(0, 'utf8') : text;
      const note = await setNote(store, ref, body);
      if (ctx.json) ctx.printJson({ run_id: note.run_id, bytes: Buffer.byteLength(note.text), version: note.version });
      else ctx.print(`${note.run_id}: note ${body === '' ? 'cleared' : `saved (${Buffer.byteLength(body)} bytes)`}`);
    });
}
