// What every command gets: the store for --dir, --json, and one way to fail.
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { isRemoteDir } from '../../shared/remote-dir';
import { openRunsFolder, StoreError, type RunsDir } from '../ops/folder';
import { isAgent } from '../remote/payload';
import { terminalSafe } from './output';

export interface GlobalOptions {
  dir?: string;
  json?: boolean;
  gitRepo?: string;
}

export class CliContext {
  constructor(private readonly program: Command) {}

  get opts(): GlobalOptions {
    return this.program.opts<GlobalOptions>();
  }

  get json(): boolean {
    return Boolean(this.opts.json);
  }

  /** An empty --dir is a mistake (never "the current folder"); an empty $RUNYARD_DIR is unset. */
  get dir(): string {
    if (this.opts.dir === '') throw new UsageError('--dir needs a folder, got an empty string');
    return path.resolve(this.given ?? 'runs');
  }

  /** --dir, else $RUNYARD_DIR, as written. */
  private get given(): string | undefined {
    return this.opts.dir ?? (process.env.RUNYARD_DIR || undefined);
  }

  /**
   * The folder for commands that can hold a remote one (serve, start): ssh://… and host:path stay as
   * written, since resolving them as paths would name a local folder that does not exist. The agent's
   * own --dir is always a folder of its machine, whatever it looks like.
   */
  get folder(): string {
    const given = this.given;
    if (given && !isAgent() && isRemoteDir(given)) return given;
    return this.dir;
  }

  store(): RunsDir {
    if (this.opts.gitRepo === '') throw new UsageError('--git-repo needs a folder, got an empty string');
    return openRunsFolder(this.dir, { gitRepo: this.opts.gitRepo ?? (process.env.RUNYARD_GIT_REPO || process.cwd()) });
  }

  print(text: string): void {
    const safe = terminalSafe(text);
    process.stdout.write(safe.endsWith('\n') ? safe : `${safe}\n`);
  }

  printJson(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }
}

/** A usage error: exit 2, like commander's own. */
export class UsageError extends Error {}

/** --set KEY=VALUE: VALUE is JSON when it parses as JSON, otherwise text. */
export function parseSet(pairs: string[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of pairs ?? []) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set wants KEY=VALUE, got ${JSON.stringify(p)}`);
    const value = p.slice(eq + 1);
    try {
      out[p.slice(0, eq)] = JSON.parse(value);
    } catch {
      out[p.slice(0, eq)] = value;
    }
  }
  return out;
}

export const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError(`expected a whole number, got ${JSON.stringify(v)}`);
  return n;
}

export { StoreError };
