// A CLI command on a remote runs folder: run the same command there, by the agent, and
// pass its output and exit code through. The answer is the one the cluster would give
// locally, and a write is made there under the store's lock, so a dropped connection
// can stop it only where a local Ctrl+C could. ssh keeps our controlling terminal, so
// its own questions (a new host key, a password) are asked there, on /dev/tty.
import type { ChildProcess, StdioOptions } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import type { Readable } from 'node:stream';
import { terminalSafe } from '../cli/output';
import { formatRemoteDir, type RemoteDir } from '../../shared/remote-dir';
import { agentOutput } from './agent-output';
import { AGENT_EXIT, exitCode, launchAgent, loadBundle, type AgentMode } from './bootstrap';
import { SSH_FAILED } from './ssh-command';
import { reconnectPause, retryCannotMend } from './reconnect';
import { explainSshFailure } from './ssh-failure';

/** Commands that end with 0 when stopped by SIGINT or SIGTERM locally, so they do over ssh too. */
const STOP_CLEANLY = new Set(['watch', 'serve']);

/**
 * What the remote writes, made safe for the user's terminal: whoever controls that machine
 * could otherwise drive it with escape sequences (retitle it, rewrite what is shown, and on
 * some terminals answer back). Runyard's own output holds none; CSV's \r\n is kept.
 */
function passSafely(from: Readable, to: NodeJS.WriteStream, seen: (text: string) => void = () => undefined): void {
  let held = '';
  from.setEncoding('utf8');
  const write = (text: string, end: boolean) => {
    text = held + text;
    held = !end && text.endsWith('\r') ? '\r' : '';
    if (held) text = text.slice(0, -1);
    if (text) to.write(text.split('\r\n').map(terminalSafe).join('\r\n'));
    seen(text);
  };
  from.on('data', (text: string) => write(text, false));
  from.on('end', () => write('', true));
}

/** Long-running commands whose connection is made again when it drops, as the app's are. */
const RECONNECTS = new Set(['watch']);

/** Runs `args` (the CLI words without --dir) on the remote folder; resolves to the exit code to end with. */
export async function forwardCommand(remote: RemoteDir, args: string[], word: string | null = null): Promise<number> {
  const payload = { dir: remote.path, args, tty: Boolean(process.stdin.isTTY && process.stderr.isTTY) };
  const where = formatRemoteDir(remote);
  const reconnects = word !== null && RECONNECTS.has(word);
  let current: ChildProcess | null = null;
  let stoppedBy: NodeJS.Signals | null = null;
  let wake: () => void = () => undefined;
  // A signal for us alone (a script's kill, not a terminal's Ctrl+C to the whole group)
  // must end ssh too; the agent then ends with its connection (agent-entry.ts).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => {
      stoppedBy ??= signal;
      current?.kill('SIGTERM');
      wake();
    });
  // ssh's stderr (and the agent's, through it) is passed on as it comes; its last lines
  // are kept to explain a failure in Runyard's words.
  let tail: string[] = [];
  // The agent's stdout is passed on whole; what the login shell printed before it goes to stderr (agent-output.ts).
  let output: Promise<unknown> = Promise.resolve();
  /** Whether the agent has said anything: a connection that ends after that was lost, not refused. */
  let spoke = false;
  let reconnecting = false;
  // A reader that stopped (`| head`) ends the command there, as it would have locally.
  process.stdout.once('error', () => current?.kill('SIGTERM'));
  const launch = (mode: AgentMode, stdio: StdioOptions) => {
    tail = [];
    spoke = false;
    // A watch over a link that dies without closing (a laptop's sleep, a dropped VPN) ends within about 30 s, so it can reconnect.
    const child = launchAgent(remote, payload, mode, { stdio, keepAlive: reconnects });
    passSafely(child.stderr!, process.stderr, (text) => {
      tail = [...tail, ...text.split('\n').filter(Boolean)].slice(-20);
    });
    const out = agentOutput(child.stdout!, (text) => process.stderr.write(text));
    out.once('data', () => {
      spoke = true;
      if (reconnecting)
        process.stderr.write(
          `runyard: reconnected to ${where}; the ready line below counts the runs as they are now\n`,
        );
      reconnecting = false;
    });
    // Escaped only when a person reads it: a file or a pipe gets the bytes as they were sent.
    if (process.stdout.isTTY) passSafely(out, process.stdout);
    else out.pipe(process.stdout, { end: false });
    output = once(out, 'end');
    return (current = child);
  };
  const runOnce = async (): Promise<number> => {
    let code = await exitCode(launch('run', ['inherit', 'pipe', 'pipe']));
    await output;
    if (code === AGENT_EXIT.notCached && !stoppedBy) {
      const size = (loadBundle().bytes.length / 1e6).toFixed(1);
      process.stderr.write(
        `runyard: copying the Runyard agent (${size} MB) to ${remote.host}, once for this version\n`,
      );
      const child = launch('install', ['pipe', 'pipe', 'pipe']);
      // After the bundle, what the user types or pipes (config RUN -) goes on to the command.
      process.stdin.pipe(child.stdin!);
      child.stdin!.on('error', () => undefined);
      code = await exitCode(child);
      await output;
      process.stdin.unpipe(child.stdin!);
      if (!reconnects) process.stdin.destroy();
    }
    return code;
  };
  const explain = () => explainSshFailure(remote, tail) ?? "ssh's own message is above";

  let code = await runOnce();
  // A watch that was running and lost its connection (ssh ended, or the agent was killed
  // there) starts again for as long as it takes, with its new ready line as the fresh
  // start. One that never connected is not retried, and the CLI's own exits (0, 1, 2)
  // are answers, passed on.
  const dropped = () => code === SSH_FAILED || code >= 128;
  const everConnected = spoke;
  for (let tries = 0; reconnects && everConnected && !stoppedBy && dropped(); tries++) {
    if (spoke) tries = 0;
    else if (retryCannotMend(code, tail)) break;
    const pause = reconnectPause(tries);
    const why = explainSshFailure(remote, tail);
    process.stderr.write(
      spoke
        ? `runyard: lost the connection to ${where}${why ? ` (${why})` : ''}; reconnecting…\n`
        : `runyard: reconnecting to ${where} failed (${why ?? "ssh's own message is above"}); trying again in ${(pause / 1000).toFixed(1)} s\n`,
    );
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, pause);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
    if (stoppedBy) break;
    reconnecting = true;
    code = await runOnce();
  }
  if (stoppedBy && word && STOP_CLEANLY.has(word)) return 0;
  if (stoppedBy) {
    // ssh carries no Ctrl+C to a command without a terminal: the agent there ends with the
    // connection, once it is free to notice, which for a prune may be only at its end.
    process.stderr.write(
      `runyard: stopped waiting for ${where}; the command there may still run to its end (nothing is left half-done: a prune, restore or trash empty cut short is finished by the next command)\n`,
    );
    return 128 + os.constants.signals[stoppedBy];
  }
  if (code === SSH_FAILED) process.stderr.write(`runyard: could not reach ${where} over ssh: ${explain()}\n`);
  return code;
}
