// `runyard watch`: follow a runs directory and print one line per change until
// interrupted. The live index does the work; this only words its deltas.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { Problem, RunDelta, RunRecord } from '../../../shared/types';
import type { CliContext } from '../context';
import { printable } from '../output';

interface WatchOptions {
  watch?: 'auto' | 'native' | 'poll';
  pollInterval?: number;
  staleAfter?: number;
}

function mode(v: string): 'auto' | 'native' | 'poll' {
  if (v === 'auto' || v === 'native' || v === 'poll') return v;
  throw new InvalidArgumentError('expected auto, native or poll');
}

function positiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`expected a number above 0, got ${JSON.stringify(v)}`);
  return n;
}

type Line =
  | { event: 'added' | 'changed' | 'removed'; run: RunRecord | null; run_id: string }
  | { event: 'problem'; problem: Problem };

function linesOf(d: RunDelta): Line[] {
  return [
    ...d.added.map((r): Line => ({ event: 'added', run: r, run_id: r.run_id })),
    ...d.changed.map((r): Line => ({ event: 'changed', run: r, run_id: r.run_id })),
    ...d.removed.map((id): Line => ({ event: 'removed', run: null, run_id: id })),
    ...d.problems.map((p): Line => ({ event: 'problem', problem: p })),
  ];
}

/** The run a problem is about, when its file lies in a run folder. */
function problemRun(p: Problem): string | null {
  const slash = p.file.indexOf('/');
  return slash > 0 ? p.file.slice(0, slash) : null;
}

function jsonLine(l: Line, at: string, status: (id: string) => string | null): string {
  if (l.event === 'problem') {
    const id = problemRun(l.problem);
    return JSON.stringify({
      event: 'problem',
      run_id: id,
      status: id ? status(id) : null,
      at,
      file: l.problem.file,
      message: l.problem.message,
    });
  }
  return JSON.stringify({
    event: l.event,
    run_id: l.run_id,
    status: l.run?.status ?? null,
    at,
    ...(l.run?.stale ? { stale: true } : {}),
  });
}

/** Everything in a line comes from files others write: a description must not be able to move the cursor or end the line. */
function textLine(l: Line, at: string): string {
  const time = at.slice(11, 19);
  if (l.event === 'problem') return `${time}  problem  ${printable(l.problem.file)}: ${printable(l.problem.message)}`;
  if (!l.run) return `${time}  removed  ${printable(l.run_id)}`;
  const flags = [l.run.stale ? 'stale' : '', l.run.unreadable ? 'unreadable' : ''].filter(Boolean);
  return `${time}  ${l.event.padEnd(7)}  ${printable(l.run_id)}  ${printable(l.run.status)}${flags.length ? ` (${flags.join(', ')})` : ''}  ${printable(l.run.description)}`;
}

export function registerWatchCommand(program: Command, ctx: CliContext): void {
  program
    .command('watch')
    .description('follow the runs directory: print a ready line, then one line per change until interrupted')
    .option('--watch <mode>', 'auto (poll on network filesystems), native or poll', mode, 'auto')
    .option('--poll-interval <ms>', 'how often polling looks, in milliseconds (default 2000)', positiveNumber)
    .option('--stale-after <hours>', 'flag active runs unchanged for this long as stale (default 24)', positiveNumber)
    .action(async (o: WatchOptions) => {
      const { LiveIndex } = await import('../../live/live-index');
      const index = new LiveIndex(ctx.dir, {
        watch: o.watch,
        pollIntervalMs: o.pollInterval,
        staleAfterMs: o.staleAfter !== undefined ? o.staleAfter * 3600_000 : undefined,
      });
      // Handlers go in before the scan, so an interrupt during a long first scan also ends cleanly.
      const interrupted = new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      // The index's watches and timers do not hold the process open; this does, until a signal.
      const keepAlive = setInterval(() => undefined, 1 << 30);
      const started = await Promise.race([index.start().then(() => true), interrupted.then(() => false)]);
      if (!started) {
        clearInterval(keepAlive);
        return index.close();
      }
      const runs = index.runs().length;
      const now = () => new Date().toISOString();
      const status = (id: string) => index.get(id)?.status ?? null;
      if (ctx.json)
        process.stdout.write(
          `${JSON.stringify({ event: 'ready', runs, mode: index.mode, dir: index.dir, at: now() })}\n`,
        );
      else {
        process.stdout.write(
          `ready: ${runs} run(s) in ${index.dir} (${index.mode === 'poll' ? `polling every ${o.pollInterval ?? 2000} ms` : 'watching'}); Ctrl-C to stop\n`,
        );
        for (const p of index.problems())
          process.stdout.write(`problem  ${printable(p.file)}: ${printable(p.message)}\n`);
      }
      index.onDelta((d) => {
        const at = now();
        const out = linesOf(d).map((l) => (ctx.json ? jsonLine(l, at, status) : textLine(l, at)));
        if (out.length) process.stdout.write(`${out.join('\n')}\n`);
      });
      await interrupted;
      clearInterval(keepAlive);
      await index.close();
    });
}
