// The `runyard` command line. Each command group lives in commands/ and registers
// itself here; expected failures end as one line on stderr, never a stack trace.
//
// Start-up time matters (scripts call `runyard list` in loops, and it is measured
// against the Python module's list_runs): only commander is loaded up front, and a
// command group is loaded when its command is the one asked for. Unknown commands,
// help and the later features in registry.ts load everything.
import fs from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { version } from '../../package.json';
import { errnoWords, plainSystemError, StoreError } from '../store/errors';
import type { CliContext } from './context';
import { GLOBAL_OPTIONS, globalOption, spelling } from './options';
import { installQuietProcess } from './quiet-process';

installQuietProcess();

const program = new Command('runyard')
  .description('See, follow and tidy simulation runs directories (JUNE RunManager format).')
  // One table with the fast path (fast-list/args.ts), so both read the same command lines.
  .option(spelling(GLOBAL_OPTIONS.dir), GLOBAL_OPTIONS.dir.description)
  .option(spelling(GLOBAL_OPTIONS.json), GLOBAL_OPTIONS.json.description)
  .option(spelling(GLOBAL_OPTIONS.gitRepo), GLOBAL_OPTIONS.gitRepo.description)
  .version(version, '-V, --version', 'print the version')
  .exitOverride()
  // Usage errors are printed by run() below, as one line in Runyard's own words.
  .configureOutput({ outputError: () => undefined });

/** Commands that work without the runs folder existing (they make it, or say so their own way). */
const OWN_FOLDER = new Set(['demo', 'serve', 'start']);

// A missing runs folder is said as that, once, before a command reads it or takes its lock.
program.hook('preAction', async (_root, cmd) => {
  let top: Command = cmd;
  while (top.parent && top.parent !== program) top = top.parent;
  const { CliContext } = await import('./context');
  const dir = new CliContext(program).dir;
  if (OWN_FOLDER.has(top.name())) return;
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(dir, { throwIfNoEntry: false });
  } catch {
    // unreadable on the way there: the command says what it could not read
    return;
  }
  if (!st) throw new StoreError('not-found', `runs folder ${dir} does not exist`, dir);
  if (!st.isDirectory()) throw new StoreError('invalid', `runs folder ${dir} is not a folder`, dir);
});

// A file size limit (`ulimit -f`, set on some clusters) must fail a write with EFBIG, which
// the store reports in one line; signal-exit (loaded by proper-lockfile) would otherwise
// re-raise SIGXFSZ and kill the process silently, with the index lock still held.
if (process.platform !== 'win32') process.on('SIGXFSZ', () => undefined);

type Register = (program: Command, ctx: CliContext) => void;

// esbuild turns each import() into a lazily initialised module inside the one bundle.
const groups: Record<string, () => Promise<Register>> = {
  runs: async () => (await import('./commands/runs')).registerRunCommands,
  write: async () => (await import('./commands/write')).registerWriteCommands,
  index: async () => (await import('./commands/index-cmd')).registerIndexCommands,
  demo: async () => (await import('./commands/demo')).registerDemoCommand,
  extra: async () => (await import('./commands/registry')).registerExtraCommands,
};

const GROUP_OF: Record<string, string> = {
  list: 'runs',
  show: 'runs',
  tree: 'runs',
  create: 'write',
  resume: 'write',
  status: 'write',
  checkpoint: 'write',
  config: 'write',
  params: 'write',
  index: 'index',
  demo: 'demo',
};

/** The command word: the first argument that is not a global option or its value. */
function commandWord(args: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const option = globalOption(a);
    if (option?.value) i++;
    else if (!a.startsWith('-')) return a;
    else if (!option && !(a.includes('=') && globalOption(a.slice(0, a.indexOf('=')))?.value)) return null;
  }
  return null;
}

async function register(argv: string[]): Promise<void> {
  const { CliContext } = await import('./context');
  const ctx = new CliContext(program);
  const word = commandWord(argv.slice(2));
  const only = word ? GROUP_OF[word] : undefined;
  const wanted = only ? [only] : Object.keys(groups);
  const registers = await Promise.all(wanted.map((g) => groups[g]!()));
  for (const r of registers) r(program, ctx);
  // The extra group installs it with the pruning commands; every other command needs it
  // too: writers finish what a killed prune, restore or `trash empty` left, readers warn.
  if (!wanted.includes('extra')) (await import('./commands/trash')).installRecoveryHook(program, ctx);
}

/** Node's own words for a system error inside a message ("EISDIR: illegal operation on a directory, read"). */
const NODE_ERRNO = /\b(E[A-Z]{2,}): [^,\n]*(?:, [a-z]+(?: '[^'\n]*')?)?/g;

function fail(message: string, code: number): never {
  message = message.replace(NODE_ERRNO, (raw, errno: string) => errnoWords(errno) ?? raw);
  const oneLine = message.replace(/\s*\n\s*/g, ' ');
  const visible = oneLine.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  process.stderr.write(`runyard: ${visible}\n`);
  process.exit(code);
}

/** A remote runs folder: the command runs there, by the agent (electron/remote/). */
async function runRemote(argv: string[]): Promise<boolean> {
  const { remoteCommand, runsThere, RemoteDirError } = await import('../remote/cli-remote');
  let target;
  try {
    target = remoteCommand(argv.slice(2));
  } catch (e) {
    if (e instanceof RemoteDirError) fail(e.message, 2);
    throw e;
  }
  if (!target || !runsThere(target)) return false;
  const { forwardCommand } = await import('../remote/forward');
  process.exit(await forwardCommand(target.remote, target.args, target.word));
}

async function run(argv: string[]): Promise<void> {
  try {
    if (await runRemote(argv)) return;
    await register(argv);
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) process.exit(0);
      // Help asked for by a missing command has been printed whole, to stderr.
      if (e.code === 'commander.help' || e.code === 'commander.helpDisplayed') process.exit(2);
      fail(`${e.message.replace(/^error: /, '')} (add --help for usage)`, 2);
    }
    const { UsageError } = await import('./context');
    if (e instanceof UsageError || e instanceof InvalidArgumentError) fail(e.message, 2);
    if (e instanceof StoreError) fail(e.message, 1);
    if (process.env.RUNYARD_DEBUG) throw e;
    const plain = plainSystemError(e);
    if (plain) fail(plain, 1);
    fail(`unexpected error: ${(e as Error)?.message ?? String(e)} (set RUNYARD_DEBUG=1 for details)`, 1);
  }
}

void run(process.argv);
