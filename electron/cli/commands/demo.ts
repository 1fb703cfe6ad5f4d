// `runyard demo DIR`: a realistic runs directory to try Runyard on.
import path from 'node:path';
import type { Command } from 'commander';
import { makeDemo } from '../../store/demo';
import { StoreError } from '../../store/errors';
import type { CliContext } from '../context';

export function registerDemoCommand(program: Command, ctx: CliContext): void {
  program
    .command('demo <dir>')
    .description('make a realistic demo runs directory in DIR (new or empty)')
    .action(async (dir: string) => {
      let result;
      try {
        result = await makeDemo(path.resolve(dir));
      } catch (e) {
        throw new StoreError('refused', (e as Error).message);
      }
      if (ctx.json) return ctx.printJson(result);
      ctx.print(`Made ${result.runs} runs in ${result.dir}\nTry: runyard --dir ${JSON.stringify(result.dir)} list`);
    });
}
