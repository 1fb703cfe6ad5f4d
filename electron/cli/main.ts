// The `runyard` command line. Each command group lives in commands/ and registers
// itself here; expected failures end as one line on stderr, never a stack trace.
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { StoreError } from '../store/errors';
import { CliContext, UsageError } from './context';
import { registerRunCommands } from './commands/runs';
import { registerWriteCommands } from './commands/write';
import { registerIndexCommands } from './commands/index-cmd';
import { registerDemoCommand } from './commands/demo';
import { registerExtraCommands } from './commands/registry';

const program = new Command('runyard')
  .description('See, follow and tidy simulation runs directories (JUNE RunManager format).')
  .option('--dir <dir>', 'the runs directory (default: $RUNYARD_DIR, else ./runs)')
  .option('--json', 'machine-readable output')
  .option('--git-repo <dir>', 'simulation repository whose HEAD is recorded as git_commit (default: $RUNYARD_GIT_REPO, else the current folder)')
  .showHelpAfterError('(add --help for usage)')
  .exitOverride()
  .configureOutput({ outputError: (str, write) => write(str) });

const ctx = new CliContext(program);
registerRunCommands(program, ctx);
registerWriteCommands(program, ctx);
registerIndexCommands(program, ctx);
registerDemoCommand(program, ctx);
registerExtraCommands(program, ctx);

function fail(message: string, code: number): never {
  process.stderr.write(`runyard: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(code);
}

async function run(argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exit(e.exitCode === 0 ? 0 : 2);
    }
    if (e instanceof UsageError || e instanceof InvalidArgumentError) fail(e.message, 2);
    if (e instanceof StoreError) fail(e.message, 1);
    if (process.env.RUNYARD_DEBUG) throw e;
    fail(`unexpected error: ${(e as Error)?.message ?? String(e)} (set RUNYARD_DEBUG=1 for details)`, 1);
  }
}

void run(process.argv);
