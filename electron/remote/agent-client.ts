// The workstation's end of a remote runs folder: the agent (`runyard serve --stdio`)
// started over the user's ssh, spoken to with the same requests and events as IPC and
// the WebSocket. A dropped connection turns the state to 'reconnecting' and is retried
// with growing pauses; on success the client emits a fresh snapshot, since whatever
// changed meanwhile was not seen. Requests in flight when it drops fail with an io
// error rather than hang; a write they carried was done whole by the agent or not at all.
// A connection that falls silent without closing counts as dropped (silence-watchdog.ts).
// Each failed retry says why (`failure`); one that retrying cannot mend (the login or the
// host key refused, no node there) stops at 'failed' rather than ask the user every few seconds.
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { DirSnapshot } from '../../shared/api/models';
import { fail, type ApiResult } from '../../shared/api/result';
import { formatRemoteDir, type RemoteDir } from '../../shared/remote-dir';
import { printable } from '../cli/output';
import { agentOutput } from './agent-output';
import { AgentCalls } from './agent-calls';
import { LineReader, MAX_LINE_CHARS, snapshotProblem } from './agent-wire';
import { AGENT_SAYS, launchAgent, loadBundle, type AgentMode } from './bootstrap';
import { reconnectPause, retryCannotMend } from './reconnect';
import { DEFAULT_SILENCE, SilenceWatchdog, type SilenceOptions } from './silence-watchdog';
import { explainSshFailure, sshLine } from './ssh-failure';

/** `failed`: reconnecting failed in a way retrying will not mend (see the `failure` event); it stopped. */
export type AgentState = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

export interface AgentClientOptions {
  env?: NodeJS.ProcessEnv;
  readOnly?: boolean;
  /** Pauses before each retry; the last one repeats (reconnect.ts has the usual ones). */
  backoffMs?: number[];
  /** When a quiet connection is pinged, and taken as dropped (silence-watchdog.ts). */
  silence?: SilenceOptions;
}

/** The agent could not be started at all: no node there, ssh refused, the copy failed. */
export class AgentStartError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'AgentStartError';
  }
}

export interface AgentClientEvents {
  state: [AgentState];
  event: [string, unknown];
  snapshot: [DirSnapshot];
  stderr: [string];
  /** Why the connection was lost or could not be made again; `retrying` false once it stopped trying. */
  failure: [reason: string, retrying: boolean];
}

export class AgentClient extends EventEmitter<AgentClientEvents> {
  state: AgentState = 'connecting';
  private child: ChildProcess | null = null;
  private readonly calls: AgentCalls;
  private retries = 0;
  private timer: NodeJS.Timeout | null = null;
  private lastStderr: string[] = [];
  private watchdog: SilenceWatchdog | null = null;
  /** Set when the watchdog cut the connection, for the reason given. */
  private silentFor = 0;

  constructor(
    readonly remote: RemoteDir,
    private readonly opts: AgentClientOptions = {},
  ) {
    super();
    this.label = formatRemoteDir(remote);
    this.calls = new AgentCalls(this.label, {
      event: (name, payload) => this.emit('event', name, payload),
      report: (line) => this.emit('stderr', line),
    });
  }

  readonly label: string;

  /** The first connection; rejects with AgentStartError when the agent cannot start (it is not retried). */
  async connect(): Promise<DirSnapshot> {
    const snap = await this.start();
    this.setState('connected');
    return snap;
  }

  call(method: string, params: unknown = {}): Promise<ApiResult<unknown>> {
    const child = this.child;
    if (this.state !== 'connected' || !child)
      return Promise.resolve(fail('io', `not connected to ${this.label} (${this.state})`));
    return this.calls.send(child.stdin!, method, params);
  }

  async close(): Promise<void> {
    // A connected agent gets a moment to end by itself; ssh that is still connecting (or
    // waiting on a password) has nothing to finish and would only keep the user waiting.
    const grace = this.state === 'connected' ? 2000 : 0;
    this.setState('closed');
    if (this.timer) clearTimeout(this.timer);
    this.watchdog?.stop();
    const child = this.child;
    this.child = null;
    this.calls.failAll('the connection was closed');
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('close', resolve));
      child.stdin?.end();
      const kill = setTimeout(() => child.kill('SIGTERM'), grace);
      await gone;
      clearTimeout(kill);
    }
  }

  private setState(s: AgentState): void {
    if (this.state === s) return;
    this.state = s;
    this.emit('state', s);
  }

  /** Starts the agent (copying it first if the remote has none) and resolves with its first snapshot. */
  private async start(): Promise<DirSnapshot> {
    // One ssh, copying the agent only when it is not there yet: a passphrase is asked once per connection.
    const code = await this.attempt('auto');
    if (typeof code !== 'number') return code;
    const said = this.lastStderr
      .filter((l) => l.trim())
      .slice(-3)
      .join(' ');
    const why = explainSshFailure(this.remote, this.lastStderr);
    throw new AgentStartError(why ?? (said || `ssh to ${this.label} ended with exit code ${code}`), code);
  }

  /** One ssh process: its snapshot once connected, or its exit code if it ended first. */
  private attempt(mode: AgentMode): Promise<DirSnapshot | number> {
    this.lastStderr = [];
    const args = ['serve', '--stdio', ...(this.opts.readOnly ? ['--read-only'] : [])];
    const child = launchAgent(this.remote, { dir: this.remote.path, args }, mode, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: this.opts.env,
    });
    this.child = child;
    child.stdin!.on('error', () => undefined);
    const reader = new LineReader();
    // What the login shell printed before the agent started is no message (agent-output.ts).
    const out = agentOutput(child.stdout!);
    out.setEncoding('utf8');
    out.on('data', (chunk: string) => {
      if (this.child === child) this.watchdog?.heard();
      const lines = reader.push(chunk);
      if (!lines)
        return this.refuse(
          child,
          `runyard: ${this.label} sent a line longer than ${MAX_LINE_CHARS / 2 ** 20} MB on the agent's connection, which Runyard's agent never does; the connection was ended`,
        );
      for (const line of lines) {
        if (child.killed) break;
        this.calls.take(line);
      }
    });
    // The first request goes once the script has said whether it needs the bundle first (bootstrap.ts).
    let asked = false;
    const ask = () => {
      if (asked) return;
      asked = true;
      void this.calls.send(child.stdin!, 'runs.snapshot', {}).then((r) => {
        if (settled) return;
        const bad = r.ok ? snapshotProblem(r.value) : null;
        if (!r.ok || bad)
          return this.refuse(
            child,
            r.ok
              ? `runyard: the agent on ${this.label} did not send its runs folder: ${bad}`
              : `runyard: ${printable(r.error.message)}`,
          );
        settled = true;
        this.retries = 0;
        this.watch(child);
        resolveFirst(r.value as DirSnapshot);
      });
    };
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      for (const line of chunk.split('\n').map(sshLine).filter(Boolean)) {
        if (line.trim() === AGENT_SAYS.send && !asked) {
          this.emit('stderr', `runyard: copying the Runyard agent to ${this.remote.host}, once for this version`);
          child.stdin!.write(loadBundle().bytes);
          ask();
          continue;
        }
        if (line.trim() === AGENT_SAYS.ready) {
          ask();
          continue;
        }
        this.lastStderr = [...this.lastStderr.slice(-19), line];
        this.emit('stderr', line);
      }
    });
    let settled = false;
    let resolveFirst: (first: DirSnapshot | number) => void = () => undefined;
    return new Promise((resolve) => {
      resolveFirst = resolve;
      child.once('error', (e) => {
        this.lastStderr.push(`cannot start ssh: ${e.message}`);
      });
      child.once('close', (code) => {
        if (this.child === child) {
          this.child = null;
          this.watchdog?.stop();
        }
        if (!settled) {
          settled = true;
          this.calls.failAll('the agent ended');
          resolve(code ?? 255);
        } else this.dropped();
      });
      if (mode !== 'auto') ask();
    });
  }

  /** Ends a connection whose agent cannot be trusted to speak the protocol; nothing more is read from it. */
  private refuse(child: ChildProcess, why: string): void {
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.removeAllListeners('data');
      stream.resume();
    }
    this.lastStderr = [why];
    this.emit('stderr', why);
    child.kill('SIGTERM');
  }

  /** A connected agent that falls silent is asked something; one that stays silent is cut off and reconnected. */
  private watch(child: ChildProcess): void {
    const silence = this.opts.silence ?? DEFAULT_SILENCE;
    this.watchdog?.stop();
    this.watchdog = new SilenceWatchdog(
      silence,
      () => void this.calls.send(child.stdin!, 'app.info', {}),
      () => {
        this.silentFor = silence.dropAfterMs;
        child.kill('SIGTERM');
      },
    );
  }

  private dropped(): void {
    if (this.state === 'closed') return;
    this.calls.failAll('the connection was lost');
    this.setState('reconnecting');
    const why = this.silentFor
      ? `${this.remote.host} did not answer for ${Math.round(this.silentFor / 1000)} s (the network or the machine may be down)`
      : explainSshFailure(this.remote, this.lastStderr);
    this.silentFor = 0;
    if (why) this.emit('failure', why, true);
    this.retry();
  }

  private retry(): void {
    const pause = reconnectPause(this.retries++, this.opts.backoffMs);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.state === 'closed') return;
      this.start().then(
        (snap) => {
          if (this.state === 'closed') return void this.child?.kill();
          this.setState('connected');
          this.emit('snapshot', snap);
        },
        (e: Error) => {
          if (this.state === 'closed') return;
          const lasting = retryCannotMend(e instanceof AgentStartError ? e.exitCode : null, this.lastStderr);
          this.emit('failure', e.message, !lasting);
          if (lasting) this.setState('failed');
          else this.retry();
        },
      );
    }, pause);
  }
}
