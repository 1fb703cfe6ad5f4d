// Command groups added by later features register here, one line each, so main.ts stays small.
import type { Command } from 'commander';
import type { CliContext } from '../context';

export function registerExtraCommands(_program: Command, _ctx: CliContext): void {}
