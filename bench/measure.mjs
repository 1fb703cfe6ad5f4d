// Timing whole processes the way a user meets them: wall time from spawn to exit, and
// peak memory from /usr/bin/time when the machine has it.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_DIR } from './generate.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/**
 * The measured CLI is a copy of dist/cli.cjs (and the bundles it loads) taken when the bench starts, so a rebuild
 * meanwhile (tests build too) cannot change what is measured half-way, nor make the
 * metadata cache, which is tied to the program file, start over.
 */
export const CLI = path.join(ROOT, 'bench/.data/cli.cjs');
fs.mkdirSync(path.dirname(CLI), { recursive: true });
fs.copyFileSync(path.join(ROOT, 'dist/cli.cjs'), CLI);
for (const loaded of ['cli-main.cjs', 'remote-cli.cjs'])
  fs.copyFileSync(path.join(ROOT, 'dist', loaded), path.join(path.dirname(CLI), loaded));

/**
 * A TypeScript module of the repository (`entry`, from its root), loaded into this process:
 * the bench is plain Node, so it is bundled with esbuild into bench/.data first.
 */
export async function bundleForBench(entry) {
  const out = path.join(DATA_DIR, path.basename(entry).replace(/\.ts$/, '.cjs'));
  // Loaded here only: the suites that time processes never need it.
  const { build } = await import('esbuild');
  await build({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: out,
    logLevel: 'silent',
  });
  return createRequire(import.meta.url)(out);
}

/**
 * The environment for measured children. NODE_EXTRA_CA_CERTS is dropped: some
 * sandboxes set it, and it makes every Node process parse a CA bundle at start-up
 * (about 20 ms here), which no user's `runyard` pays and Python never pays.
 */
export function benchEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
}

export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
}

/** Runs `cmd args` to completion with stdout to /dev/null; returns wall ms. */
export function timeOnce(cmd, args, { env = benchEnv(), cwd = ROOT } = {}) {
  const t = performance.now();
  const r = spawnSync(cmd, args, { env, cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/**
 * Best wall time over `repeat` runs after `warmup` unmeasured ones. The machine is
 * shared, and other work only ever adds time, so the fastest run is the truest figure
 * for what the program itself costs; baselines are measured the same way.
 */
export function timeBest(cmd, args, { repeat = 7, warmup = 1, ...opts } = {}) {
  for (let i = 0; i < warmup; i++) timeOnce(cmd, args, opts);
  const runs = [];
  for (let i = 0; i < repeat; i++) runs.push(timeOnce(cmd, args, opts));
  return { ms: Math.min(...runs), median: median(runs), runs };
}

/**
 * Best wall times of two commands run by turns, `rounds` times each: a ratio between them
 * should not depend on which one happened to run while the machine was busy.
 */
export function timeBestInterleaved(a, b, { rounds = 11, warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) {
    timeOnce(a.cmd, a.args, a.opts);
    timeOnce(b.cmd, b.args, b.opts);
  }
  const ra = [];
  const rb = [];
  for (let i = 0; i < rounds; i++) {
    ra.push(timeOnce(a.cmd, a.args, a.opts));
    rb.push(timeOnce(b.cmd, b.args, b.opts));
  }
  return { a: Math.min(...ra), b: Math.min(...rb), aMedian: median(ra), bMedian: median(rb) };
}

export const hasGnuTime = fs.existsSync('/usr/bin/time');

/** Wall ms and peak RSS in MB of one run, via GNU time; RSS is null without it. */
export function timeWithMemory(cmd, args, { env = benchEnv(), cwd = ROOT } = {}) {
  if (!hasGnuTime) return { ms: timeOnce(cmd, args, { env, cwd }), rssMb: null };
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], {
    env,
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}: ${r.stderr}`);
  const kb = Number(r.stderr.trim().split('\n').pop());
  return { ms, rssMb: Number.isFinite(kb) ? kb / 1024 : null };
}

/** The Python the user's `python3` really is (pyenv and similar put a slow shell shim first on PATH). */
export function realPython() {
  const r = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The reference RunManager: ../shared/reference beside the repository, or $RUNYARD_REFERENCE. */
export function referenceDir() {
  const dirs = [process.env.RUNYARD_REFERENCE, path.resolve(ROOT, '../shared/reference')].filter(Boolean);
  return dirs.find((d) => fs.existsSync(path.join(d, 'run_manager.py'))) ?? null;
}

/** Spawns a long-running child and hands its stdout lines to `onLine`. */
export function spawnLines(cmd, args, onLine, { env = benchEnv(), cwd = ROOT } = {}) {
  const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  let buf = '';
  child.stdout.on('data', (d) => {
    buf += d;
    const parts = buf.split('\n');
    buf = parts.pop();
    for (const l of parts) onLine(l, performance.now());
  });
  return child;
}
