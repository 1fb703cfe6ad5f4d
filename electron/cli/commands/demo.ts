// `runyard demo DIR`: a realistic runs directory to try Runyard on.
import type { Command } from 'commander';
import { createDemo } from '../../ops/demo';
import type { CliContext } from '../context';

export function registerDemoCommand(program: Command, ctx: CliContext): void {
  program
    .command('demo <dir>')
    .description('make a realistic demo runs directory in DIR (new or empty)')
    .action(async (dir: string) => {
      const result = await createDemo(dir);
      if (ctx.json) return ctx.printJson(result);
      ctx.print(`Made ${result.runs} runs in ${result.dir}\nTry: runyard --dir ${JSON.stringify(result.dir)} list`);
    });
}
