// The one launcher of a real `runyard serve` child process for tests: its own settings
// folder, no cache, the URL with the token read from what it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI } from './cli';

export interface Served {
  url: string;
  origin: string;
  token: string;
  port: number;
  host: string;
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** stdout and stderr as they arrived. */
  output: () => string;
  /** Stops the server (SIGTERM, SIGKILL after 5 s) and resolves with its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `runyard --dir DIR serve --port 0 ARGS…`; later ARGS win (e.g. `--port N`). A null DIR leaves it to $RUNYARD_DIR in ENV. */
export async function serve(dir: string | null, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runyard-serve-config-'));
  const dirArgs = dir === null ? [] : ['--dir', dir];
  const child = spawn(process.execPath, [CLI, ...dirArgs, 'serve', '--port', '0', ...args], {
    env: { ...process.env, RUNYARD_DIR: '', RUNYARD_CONFIG_DIR: configDir, RUNYARD_CACHE_DIR: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let all = '';
  child.stdout!.on('data', (d) => {
    out += d;
    all += d;
  });
  child.stderr!.on('data', (d) => {
    err += d;
    all += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const cleanup = () => fs.rmSync(configDir, { recursive: true, force: true });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runyard serve printed no URL within 30 s:\n${all}`)), 30_000);
    const check = () => {
      const m = /Open: (http:\/\/\S+token=[A-Za-z0-9_-]+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve(m[1]!);
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      cleanup();
      reject(new Error(`runyard serve exited ${code}: ${err}`));
    });
  });
  const u = new URL(url);
  return {
    url,
    origin: u.origin,
    token: u.searchParams.get('token')!,
    port: Number(u.port),
    host: u.hostname,
    child,
    stdout: () => out,
    stderr: () => err,
    output: () => all,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const force = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(force);
      }
      cleanup();
      return exited;
    },
  };
}
