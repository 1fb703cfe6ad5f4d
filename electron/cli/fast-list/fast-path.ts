// `runyard list --json` without the rest of the CLI. Scripts call it in loops, and it
// is measured against the Python module's list_runs(); loading commander and every
// command group (and with them Node's crypto, readline, net and process modules) would cost more
// than listing 10k runs from the cache. Only the plain spellings are handled here;
// anything else, any error and any pending trash operation (whose warning the full
// CLI prints) go to the full CLI, which gives the same answer the slow way. Which
// command lines are answered here: args.ts.
import fs from 'node:fs';
import path from 'node:path';
import { DELETING_DIR, JOURNAL_FILE, TRASH_DIR } from '../../store/paths';
import { isRemoteDir } from '../../../shared/remote-dir';
import { plainListJson } from './args';
import { listJson } from './list-json';
import { quietStdout } from '../quiet-process';

function pendingTrashWork(base: string): boolean {
  const trash = path.join(base, TRASH_DIR);
  return fs.existsSync(path.join(trash, JOURNAL_FILE)) || fs.existsSync(path.join(trash, DELETING_DIR));
}

/**
 * Writes to stdout synchronously, piece by piece; a piece may be reused once this
 * returns. A non-blocking pipe makes writeSync fail with EAGAIN: from then on Node's
 * own stream takes copies, in order.
 */
function stdoutWriter(): (piece: Buffer) => void {
  let stream = false;
  return (piece) => {
    if (stream) return void process.stdout.write(Buffer.from(piece));
    for (let at = 0; at < piece.length;) {
      try {
        at += fs.writeSync(1, piece, at);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          quietStdout();
          stream = true;
          return void process.stdout.write(Buffer.from(piece.subarray(at)));
        }
        // The reader went away (`| head`): nothing left to say (../quiet-process.ts).
        if (code === 'EPIPE') process.exit(0);
        throw e;
      }
    }
  };
}

/** True when it answered; false hands the command to the full CLI. */
export function fastListJson(args: readonly string[]): boolean {
  const plain = plainListJson(args);
  if (!plain) return false;
  // An empty $RUNYARD_DIR is unset, as in the full CLI (context.ts).
  const given = plain.dir ?? (process.env.RUNYARD_DIR || 'runs');
  // A folder on another machine is the full CLI's to reach (electron/remote/).
  if (isRemoteDir(given)) return false;
  const base = path.resolve(given);
  const write = stdoutWriter();
  let started = false;
  try {
    if (pendingTrashWork(base)) return false;
    listJson(base, plain.query, (piece) => {
      started = true;
      write(piece);
    });
  } catch (e) {
    // Before the first byte, the full CLI gives the answer or the proper error; after it, half an answer must not be followed by a second.
    if (!started) return false;
    process.stderr.write(`runyard: listing ${base} failed part-way: ${(e as Error).message}\n`);
    process.exit(1);
  }
  return true;
}
