// A CLI command on a remote runs folder: run the same command there, by the agent, and
// pass its output and exit code through. The answer is the one the cluster would give
// locally, and a write is made there under the store's lock, so a dropped connection
// can stop it only where a local Ctrl+C could.
import type { ChildProcess, StdioOptions } from 'node:child_process';
import { formatRemoteDir, type RemoteDir } from '../../shared/remote-dir';
import { AGENT_EXIT, exitCode, launchAgent, loadBundle, type AgentMode } from './bootstrap';
import { SSH_FAILED } from './ssh-command';

/** Runs `args` (the CLI words without --dir) on the remote folder; resolves to the exit code to end with. */
export async function forwardCommand(remote: RemoteDir, args: string[]): Promise<number> {
  const payload = { dir: remote.path, args, tty: Boolean(process.stdin.isTTY && process.stderr.isTTY) };
  let current: ChildProcess | null = null;
  // A signal for us alone (a script's kill, not a terminal's Ctrl+C to the whole group)
  // must end ssh too; the agent then ends with its connection (agent-entry.ts).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => current?.kill('SIGTERM'));
  const launch = (mode: AgentMode, stdio: StdioOptions) => (current = launchAgent(remote, payload, mode, { stdio }));
  let code = await exitCode(launch('run', 'inherit'));
  if (code === AGENT_EXIT.notCached) {
    const size = (loadBundle().bytes.length / 1e6).toFixed(1);
    process.stderr.write(`runyard: copying the Runyard agent (${size} MB) to ${remote.host}, once for this version\n`);
    const child = launch('install', ['pipe', 'inherit', 'inherit']);
    // After the bundle, what the user types or pipes (config RUN -) goes on to the command.
    process.stdin.pipe(child.stdin!);
    child.stdin!.on('error', () => undefined);
    code = await exitCode(child);
    process.stdin.unpipe(child.stdin!);
    process.stdin.destroy();
  }
  if (code === SSH_FAILED)
    process.stderr.write(`runyard: could not reach ${formatRemoteDir(remote)} over ssh (ssh's own message is above)\n`);
  return code;
}
