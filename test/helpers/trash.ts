// Helpers for the pruning and trash tests: a content hash of a folder tree, the CLI
// run as a child that may be killed, and "where is every run now?".
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CLI } from './cli';

/** Relative path, type, mode, bytes and link targets of everything under `dir`; links are not followed. */
export function treeHash(dir: string): string {
  const h = createHash('sha256');
  const walk = (rel: string) => {
    const full = path.join(dir, rel);
    const st = fs.lstatSync(full);
    if (st.isSymbolicLink()) h.update(`L ${rel} -> ${fs.readlinkSync(full)}\n`);
    else if (st.isDirectory()) {
      h.update(`D ${rel} ${st.mode}\n`);
      for (const name of fs.readdirSync(full).sort()) walk(rel ? `${rel}/${name}` : name);
    } else h.update(`F ${rel} ${st.mode} ${createHash('sha256').update(fs.readFileSync(full)).digest('hex')}\n`);
  };
  walk('');
  return h.digest('hex');
}

export function runIds(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((n) => !n.startsWith('.') && n !== 'current' && fs.existsSync(path.join(dir, n, 'metadata.json')))
    .sort();
}

/** run id → tree hash, for every run folder in place. */
export function runHashes(dir: string): Map<string, string> {
  return new Map(runIds(dir).map((id) => [id, treeHash(path.join(dir, id))]));
}

/** Where each run folder is: 'place', a trash entry name, 'deleting', or missing. */
export function locateRuns(dir: string): Map<string, { where: string; hash: string }[]> {
  const out = new Map<string, { where: string; hash: string }[]>();
  const add = (id: string, where: string, p: string) =>
    out.set(id, [...(out.get(id) ?? []), { where, hash: treeHash(p) }]);
  for (const id of runIds(dir)) add(id, 'place', path.join(dir, id));
  const trash = path.join(dir, '.trash');
  for (const entry of fs.existsSync(trash) ? fs.readdirSync(trash) : []) {
    if (entry === '.deleting') {
      for (const d of fs.readdirSync(path.join(trash, entry)))
        for (const id of fs.readdirSync(path.join(trash, entry, d)))
          if (!id.startsWith('.')) add(id, 'deleting', path.join(trash, entry, d, id));
      continue;
    }
    if (entry.startsWith('.')) continue;
    for (const id of fs.readdirSync(path.join(trash, entry))) {
      if (!id.startsWith('.') && fs.existsSync(path.join(trash, entry, id, 'metadata.json')))
        add(id, entry, path.join(trash, entry, id));
    }
  }
  return out;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let snapshot: string | null = null;

/**
 * A private copy of the built CLI (dist/cli.cjs and the cli-main.cjs it loads): another
 * build rewriting dist/ mid-run must not hand a child half a bundle. esbuild ends a
 * complete bundle with its source map comment. Copies live in node_modules/.cache (so
 * the libraries the bundle leaves external still resolve), one folder per build;
 * copies unused for an hour are removed.
 */
export function stableCli(): string {
  if (snapshot) return snapshot;
  const complete = (text: string) => /\/\/# sourceMappingURL=\S+\s*$/.test(text);
  for (let attempt = 0; attempt < 50; attempt++) {
    const entry = fs.readFileSync(CLI, 'utf8');
    const main = fs.readFileSync(path.join(path.dirname(CLI), 'cli-main.cjs'), 'utf8');
    if (complete(entry) && complete(main)) {
      const root = path.resolve(path.dirname(CLI), '..', 'node_modules', '.cache', 'runyard-test-cli');
      const dir = path.join(root, createHash('sha256').update(entry).update(main).digest('hex').slice(0, 16));
      if (!fs.existsSync(dir)) {
        const tmp = `${dir}.${process.pid}.tmp`;
        fs.mkdirSync(tmp, { recursive: true });
        fs.writeFileSync(path.join(tmp, 'cli.cjs'), entry);
        fs.writeFileSync(path.join(tmp, 'cli-main.cjs'), main);
        try {
          fs.renameSync(tmp, dir);
        } catch {
          fs.rmSync(tmp, { recursive: true, force: true }); // another worker made the same copy first
        }
      }
      const now = new Date();
      fs.utimesSync(dir, now, now);
      for (const old of fs.readdirSync(root)) {
        const p = path.join(root, old);
        if (p !== dir && fs.statSync(p).mtimeMs < Date.now() - 3_600_000)
          fs.rmSync(p, { recursive: true, force: true });
      }
      snapshot = path.join(dir, 'cli.cjs');
      return snapshot;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
  throw new Error(`${CLI} stays incomplete; is a build stuck?`);
}

/** The built CLI as a child process that may die by a signal (RUNYARD_TEST_CRASH_AFTER). */
export function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [stableCli(), ...args], {
      env: { ...process.env, RUNYARD_DIR: '', RUNYARD_CACHE_DIR: 'off', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * A process killed while holding the index lock leaves the lock folder behind. When it
 * named itself the owner, the next command takes the lock over at once; a kill in the
 * moment between taking the lock and naming itself leaves a lock that counts as stale
 * only after 15 s. Backdating it stands in for waiting that long.
 */
export function ageLock(dir: string): void {
  const lock = path.join(dir, '.run_index.json.lock');
  if (fs.existsSync(lock)) fs.utimesSync(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
}

/** Copies a runs directory (symlinks as links) into a new folder under `parent`. */
export function copyDir(from: string, parent: string, name: string): string {
  const to = path.join(parent, name);
  fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  return to;
}

/** Sets the mtime of everything under `dir` to `ms`. */
export function backdate(dir: string, ms: number): void {
  const t = new Date(ms);
  const walk = (p: string) => {
    const st = fs.lstatSync(p);
    if (st.isDirectory()) for (const n of fs.readdirSync(p)) walk(path.join(p, n));
    if (!st.isSymbolicLink()) fs.utimesSync(p, t, t);
  };
  walk(dir);
}
