// Starting the agent on the remote in one ssh round trip: a one-line POSIX sh script
// finds node and hands the cache path (keyed by version and checksum) to the
// loader (agent-loader.ts), which runs the cached agent only when its sha256 is the one
// expected. Only when there is no good copy (exit 99) does a second trip send the bundle
// over ssh's stdin; the loader checks its length and sha256 too, keeps it with a rename,
// and runs it. Everything sent is quoted for sh; the script and the loader hold no ' and
// no ! so csh and fish read them as sh does, and the CLI words travel as one base64url word.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { version } from '../../package.json';
import { shellQuote } from '../../shared/shell-words';
import { formatRemoteDir, type RemoteDir } from '../../shared/remote-dir';
import { StoreError } from '../store/errors';
import { LOADER } from './agent-loader';
import { AGENT_OUTPUT_MARK } from './agent-output';
import { encodePayload, type AgentPayload } from './payload';
import { sshCommand } from './ssh-command';

/** Exit codes of the script and its loader (the CLI itself ends with 0, 1 or 2). */
export const AGENT_EXIT = { installFailed: 95, noNode: 97, oldNode: 98, notCached: 99 } as const;

export interface AgentBundle {
  bytes: Buffer;
  sha256: string;
  /** The cache name's middle: version and checksum prefix. */
  key: string;
}

export function agentBundlePath(): string {
  const candidates = [
    path.join(__dirname, 'agent.cjs'),
    path.resolve(__dirname, '../agent.cjs'),
    path.resolve(__dirname, '../../dist/agent.cjs'),
  ];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found)
    throw new StoreError('not-found', 'the remote agent is not built (no dist/agent.cjs); run `npm run build` first');
  return found;
}

let cached: AgentBundle | null = null;

export function loadBundle(file = agentBundlePath()): AgentBundle {
  if (cached) return cached;
  const bytes = fs.readFileSync(file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  cached = { bytes, sha256, key: `${version}-${sha256.slice(0, 16)}` };
  return cached;
}

const SCRIPT = [
  'n=$1',
  'command -v "$n" >/dev/null 2>&1 || { echo "runyard: no usable Node.js on $(uname -n): \\"$n\\" is not on the PATH of a non-interactive ssh session there. Install Node.js 20 or later on it, or set RUNYARD_REMOTE_NODE to the path of its node." >&2; exit 97; }',
  'd="${XDG_CACHE_HOME:-$HOME/.cache}/runyard"',
  'f="$d/agent-$2.cjs"',
  `echo ${AGENT_OUTPUT_MARK}`,
  'exec "$n" -e "$4" -- "$f" "$3" "$5" "$6" "$7"',
].join('; ');

/**
 * `run`: exit 99 when no good copy is cached there (none, or not the expected bytes). `install`: the bundle comes first on stdin. `auto`:
 * one trip either way (so ssh asks for a passphrase once): the script says on stderr which it needs,
 * AGENT_SAYS.ready or AGENT_SAYS.send, and the caller writes the bundle only when asked to.
 */
export type AgentMode = 'run' | 'install' | 'auto';

/** The lines the script writes to stderr in `auto` mode, before the agent starts. */
export const AGENT_SAYS = { ready: 'runyard-agent-ready', send: 'runyard-agent-send' } as const;

/** The one string ssh hands to the remote login shell. */
export function remoteCommand(
  bundle: AgentBundle,
  payload: AgentPayload,
  mode: AgentMode,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const node = env.RUNYARD_REMOTE_NODE?.trim() || 'node';
  // csh expands ! even inside '…' and ends a quoted word at a line break, and sh's exec reads a leading - as an option.
  // eslint-disable-next-line no-control-regex
  if (/[!\u0000-\u001f\u007f]/.test(node) || node.startsWith('-'))
    throw new StoreError(
      'invalid',
      `RUNYARD_REMOTE_NODE: ${JSON.stringify(node)} cannot be passed to the remote's shell as it is (it starts with - or holds a ! or a control character); give the path of node there`,
    );
  const words = [node, bundle.key, mode, LOADER, String(bundle.bytes.length), bundle.sha256, encodePayload(payload)];
  return ['sh', '-c', SCRIPT, 'runyard-agent', ...words].map(shellQuote).join(' ');
}

export interface LaunchOptions {
  stdio: StdioOptions;
  env?: NodeJS.ProcessEnv;
  /** ssh ends a connection that stops answering (see ssh-command.ts), for commands that reconnect. */
  keepAlive?: boolean;
}

let promptEnv: Record<string, string> = {};

/**
 * The askpass of the desktop or of serve (askpass-server.ts): every ssh started after this
 * asks the user through it. The other CLI commands never set it, so their ssh asks on the terminal.
 */
export function setSshPromptEnv(env: Record<string, string>): void {
  promptEnv = { ...env };
}

export function sshPromptEnv(): Readonly<Record<string, string>> {
  return promptEnv;
}

/** Starts ssh with the agent; in install mode the bundle is written to its stdin first (the caller may write after it). */
export function launchAgent(
  remote: RemoteDir,
  payload: AgentPayload,
  mode: AgentMode,
  opts: LaunchOptions,
): ChildProcess {
  const bundle = loadBundle();
  // The folder rides along to the askpass, so a question can say which connection asks.
  const env = {
    ...(opts.env ?? process.env),
    ...promptEnv,
    ...(promptEnv.SSH_ASKPASS ? { RUNYARD_ASKPASS_FOLDER: formatRemoteDir(remote) } : {}),
  };
  const cmd = sshCommand(remote, remoteCommand(bundle, payload, mode, env), env, opts.keepAlive);
  const child = spawn(cmd.file, cmd.args, { stdio: opts.stdio, env, shell: false });
  if (mode === 'install') child.stdin!.write(bundle.bytes);
  return child;
}

export function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('error', (e: NodeJS.ErrnoException) => {
      process.stderr.write(
        `runyard: cannot start ${e.path ?? 'ssh'}: ${e.code === 'ENOENT' ? 'it is not on the PATH (set RUNYARD_SSH_COMMAND to the ssh to use)' : e.message}\n`,
      );
      resolve(255);
    });
    child.once('close', (code, signal) => resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 0)));
  });
}
