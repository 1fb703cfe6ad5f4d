// The agent: Runyard's CLI as one file, run on the remote by the user's own ssh with
// the remote's node (bootstrap.ts copies it there). Its command line arrives as one
// base64url word, so no login shell (sh, csh, fish) can read anything in a path or a
// run id as code; it is decoded here into the argv the CLI would have had.
import os from 'node:os';
import { fastListJson } from '../cli/fast-list/fast-path';
import { quietWarnings } from '../cli/quiet-process';
import { AGENT_MARK, AGENT_TTY_MARK, type AgentPayload } from './payload';

function expandHome(dir: string): string {
  if (dir === '~') return os.homedir();
  return dir.startsWith('~/') ? `${os.homedir()}${dir.slice(1)}` : dir;
}

let payload: AgentPayload;
try {
  payload = JSON.parse(Buffer.from(process.argv[2] ?? '', 'base64url').toString('utf8')) as AgentPayload;
  if (
    typeof payload.dir !== 'string' ||
    !Array.isArray(payload.args) ||
    !payload.args.every((a) => typeof a === 'string')
  )
    throw new Error('bad payload');
} catch {
  process.stderr.write('runyard agent: this file is started by Runyard over ssh, not by hand\n');
  process.exit(2);
}

// Without a terminal, sshd does not signal a command whose connection dropped; one that
// waits (watch, serve --stdio) would stay behind. The parent it was started by (sshd's
// session) ends with the connection, and so does the agent.
const parent = process.ppid;
setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') process.exit(129);
  }
}, 1000).unref();

const marks = process as unknown as Record<symbol, boolean>;
// A remote path that looks like host:path is a folder here; the CLI must not hop on.
marks[AGENT_MARK] = true;
marks[AGENT_TTY_MARK] = Boolean(payload.tty);
process.argv = [process.argv[0]!, process.argv[1]!, '--dir', expandHome(payload.dir), ...payload.args];
// `list --json` in scripts' loops is answered as the local executable answers it (fast-list/), before
// the full CLI is set up.
quietWarnings();
// eslint-disable-next-line @typescript-eslint/no-require-imports
if (!fastListJson(process.argv.slice(2))) require('../cli/main');
