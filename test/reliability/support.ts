// Shared by the reliability tests: a snapshot of a folder tree that notices any write
// (names as raw bytes, so names that are not UTF-8 are compared too), the built CLI as
// a child process with its caches kept out of the user's home, and a seeded PRNG.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stableCli } from '../helpers/trash';

/**
 * Every entry under `root` with its inode, size, mode, mtime and ctime: reading must
 * leave this unchanged (atime is left out; reading is allowed to move it). Links are
 * recorded, not followed.
 */
export function fsSnapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: Buffer, rel: string) => {
    for (const name of fs.readdirSync(dir, { encoding: 'buffer' }).sort(Buffer.compare)) {
      const full = Buffer.concat([dir, Buffer.from(path.sep), name]);
      const key = `${rel}/${name.toString('latin1')}`;
      const st = fs.lstatSync(full);
      out.set(
        key,
        `${st.ino}:${st.size}:${st.mode}:${st.mtimeMs}:${st.ctimeMs}${st.isSymbolicLink() ? `:->${fs.readlinkSync(full, { encoding: 'buffer' }).toString('latin1')}` : ''}`,
      );
      if (st.isDirectory()) walk(full, key);
    }
  };
  walk(Buffer.from(root), '');
  return out;
}

/** The entries that differ between two snapshots, for a readable failure. */
export function snapshotDiff(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys]
    .filter((k) => before.get(k) !== after.get(k))
    .map((k) => `${k}: ${before.get(k) ?? '(none)'} -> ${after.get(k) ?? '(gone)'}`);
}

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Caches (parsed metadata, sizes) go to a folder of the test run's own, never the user's home. */
export const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'runyard-rel-cache-'));
process.on('exit', () => fs.rmSync(cacheHome, { recursive: true, force: true }));

export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    RUNYARD_DIR: '',
    XDG_CACHE_HOME: cacheHome,
    RUNYARD_CACHE_DIR: 'off',
    RUNYARD_CONFIG_DIR: path.join(cacheHome, 'config'),
    ...extra,
  };
}

/** The built CLI as a child; `killAfterMs` sends SIGKILL at that moment. */
/** `wrap` runs the CLI under another program (setpriv, prlimit): `wrap... node cli args`; `cli`: another copy of it (cliCopy). */
export function runyard(
  args: string[],
  o: {
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    killAfterMs?: number;
    input?: string;
    timeoutMs?: number;
    wrap?: string[];
    cli?: string;
    onSpawn?: (child: ChildProcess) => void;
  } = {},
): Promise<Ran> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const argv = [process.execPath, o.cli ?? stableCli(), ...args];
    const [cmd, ...rest] = o.wrap ? [...o.wrap, ...argv] : argv;
    const child = spawn(cmd!, rest, { env: cliEnv(o.env), cwd: o.cwd });
    o.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(o.input ?? '');
    const killer = o.killAfterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), o.killAfterMs) : null;
    const guard = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 60_000);
    child.on('close', (code, signal) => {
      if (killer) clearTimeout(killer);
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

/** The packages the built CLI loads at run time (scripts/build.mjs leaves them external). */
const CLI_EXTERNALS = ['zod', 'yaml', 'ws'];

/**
 * A copy of the built CLI, with the packages it loads, in `dir`: for running it as
 * another user, who may not be able to read this checkout at all (CI clones into a
 * temporary folder of mode 0700).
 */
export function cliCopy(dir: string): string {
  const from = path.dirname(stableCli());
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  for (const f of ['cli.cjs', 'cli-main.cjs']) fs.copyFileSync(path.join(from, f), path.join(dir, f));
  for (const pkg of CLI_EXTERNALS)
    fs.cpSync(path.resolve(__dirname, '../../node_modules', pkg), path.join(dir, 'node_modules', pkg), {
      recursive: true,
      dereference: true,
    });
  return path.join(dir, 'cli.cjs');
}

/** mulberry32: small, seeded, good enough to pick payloads and kill times reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Figures for RELIABILITY.md: each test file adds its own under its name. */
export function recordFigures(name: string, figures: Record<string, unknown>): void {
  const file = path.resolve(__dirname, '../../.vitest/reliability-figures.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // first figures of this run
  }
  all[name] = { ...figures, recorded_at: new Date().toISOString() };
  fs.writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
  process.stderr.write(`[reliability figures] ${name}: ${JSON.stringify(figures)}\n`);
}

/** A small tmpfs mounted here (root only), or the reason it cannot be: for full-disk tests. */
export function tryMount(size: string): { dir: string } | { skip: string } {
  if (process.platform !== 'linux') return { skip: 'not Linux' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runyard-mnt-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    fs.rmdirSync(dir);
    return { skip: `mounting a tmpfs is not permitted here (${(r.stderr || r.error?.message || '').trim()})` };
  }
  return { dir };
}

export function unmount(dir: string): void {
  spawnSync('umount', ['-l', dir]);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Why tmpfs tests cannot run on this machine, or null when they can. */
export function mountSkipReason(): string | null {
  const probe = tryMount('64k');
  if ('dir' in probe) unmount(probe.dir);
  return 'skip' in probe ? probe.skip : null;
}
