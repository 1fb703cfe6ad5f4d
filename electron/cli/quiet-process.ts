// What a script piping `runyard` may rely on, for both executables (cli.cjs and
// cli-main.cjs): a reader that goes away (`runyard list | head -1`) ends the CLI quietly
// with exit 0 (the answer was wanted only in part; under `set -o pipefail` a 141 would
// fail the script), and Node's own warnings never reach the user in Node's words.
const STDOUT_DONE = Symbol.for('runyard.quiet-process.stdout');
const WARNINGS_DONE = Symbol.for('runyard.quiet-process.warnings');

/** True the first time `mark` is asked for in this process: cli.cjs and cli-main.cjs are separate bundles. */
function firstTime(mark: symbol): boolean {
  const marks = process as unknown as Record<symbol, boolean>;
  if (marks[mark]) return false;
  return (marks[mark] = true);
}

export function installQuietProcess(): void {
  quietWarnings();
  quietStdout();
}

/**
 * For code that writes through process.stdout. Creating that stream loads Node's stream
 * (and, for a pipe, socket) code, so `list --json`, which writes with fs.writeSync,
 * calls this only when it falls back to the stream.
 */
export function quietStdout(): void {
  if (!firstTime(STDOUT_DONE)) return;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    process.stderr.write(`runyard: cannot write the answer: ${e.code === 'ENOSPC' ? 'the disk is full' : e.message}\n`);
    process.exit(1);
  });
}

export function quietWarnings(): void {
  if (!firstTime(WARNINGS_DONE)) return;
  // Node's default listener prints "(node:PID) …Warning: … (Use `node --trace-warnings …`)".
  process.removeAllListeners('warning');
  process.on('warning', (w) => {
    // About Node or its libraries, not about the user's runs.
    if (w.name === 'ExperimentalWarning' || w.name === 'DeprecationWarning') return;
    process.stderr.write(`runyard: warning: ${w.message.replace(/\s*\n\s*/g, ' ')}\n`);
  });
}
