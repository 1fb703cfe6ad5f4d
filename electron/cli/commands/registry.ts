// Command groups added by later features register here, one line each, so main.ts stays small.
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { registerAnnotateCommands } from './annotate';
import { registerServeCommand } from './serve';
import { registerStartCommand } from './start';
import { registerPruningCommands } from './prune';
import { registerWatchCommand } from './watch';

export function registerExtraCommands(program: Command, ctx: CliContext): void {
  registerServeCommand(program, ctx);
  registerStartCommand(program, ctx);
  registerPruningCommands(program, ctx);
  registerWatchCommand(program, ctx);
  registerAnnotateCommands(program, ctx);
}
