// Faults from outside: the process killed with SIGKILL at a random moment (not at a
// chosen step: test/crash-safety.test.ts kills at every journalled step of the trash
// operations), a disk that fills up, a folder that turns read-only. After a kill, the
// next command a user runs must leave the directory consistent: nothing pending, the
// index agreeing with the folders, every run whole in exactly one place (in place or
// in the trash), and the Python module reading it. A write that fails leaves the old
// files as they were and tells the user in one line which file and why.
import { spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { UsageMeter } from '../../electron/store/usage-meter';
import { checkIndex } from '../../electron/store/index-maintenance';
import { pendingWork } from '../../electron/store/journal';
import { executePrune, makePrunePlan } from '../../electron/store/prune';
import { NEW_RUN_PREFIX } from '../../electron/store/index-files';
import { RunsDir } from '../../electron/store/runs-dir';
import { FIXTURE_TGZ } from '../helpers/dirs';
import { hasReference, py } from '../helpers/reference';
import { ageLock, copyDir, locateRuns, runHashes, runIds, treeHash } from '../helpers/trash';
import { cliCopy, mountSkipReason, prng, recordFigures, runyard, tryMount, unmount, type Ran } from './support';

let root: string;
let base: string;
let trashed: string;
let original: Map<string, string>;
const recovered: string[] = [];
const figures: Record<string, unknown> = {};

/** 24 completed runs besides the Python-made sample, each with files, so a prune has a few dozen moves to make. */
async function addCompletedRuns(dir: string, n: number): Promise<void> {
  const store = new RunsDir(dir, { gitRepo: null });
  for (let i = 0; i < n; i++) {
    const run = await store.createRun({ description: `sweep point ${i}`, tags: ['sweep'], extra: { seed: i } });
    await store.updateStatus(run.run_id, 'running');
    await store.addCheckpoint(
      run.run_id,
      'checkpoint_2020-04-01',
      `runs/${run.run_id}/checkpoints/checkpoint_2020-04-01.hdf5`,
    );
    await store.updateStatus(run.run_id, 'completed');
    for (const [sub, file, bytes] of [
      ['results', 'summary.csv', 2000],
      ['logs', 'simulation.log', 5000],
      ['checkpoints', 'checkpoint_2020-04-01.hdf5', 20_000],
    ] as const) {
      fs.writeFileSync(path.join(dir, run.run_id, sub, file), crypto.randomBytes(bytes));
    }
  }
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'runyard-faults-'));
  spawnSync('tar', ['xzf', FIXTURE_TGZ, '-C', root]);
  base = path.join(root, 'sample-runs');
  await addCompletedRuns(base, 24);
  original = runHashes(base);
  trashed = copyDir(base, root, 'trashed-base');
  const r = await runyard(['--dir', trashed, 'prune', '--status', 'completed', '--keep', '3', '--yes']);
  if (r.code !== 0) throw new Error(`prune for the restore/empty base: ${r.stderr}`);
}, 120_000);
afterAll(() => {
  recordFigures('faults', figures);
  fs.rmSync(root, { recursive: true, force: true });
});

// ---- consistency after the next start ----

function trashEntries(dir: string): string[] {
  const t = path.join(dir, '.trash');
  return fs.existsSync(t)
    ? fs
        .readdirSync(t)
        .filter((n) => !n.startsWith('.'))
        .sort()
    : [];
}

/** What a killed process left behind before the next command ran. */
function leftovers(dir: string): string[] {
  const out: string[] = [];
  if (fs.existsSync(path.join(dir, '.run_index.json.lock'))) out.push('lock');
  if (fs.existsSync(path.join(dir, '.trash', '.journal.json'))) out.push('journal');
  if (fs.existsSync(path.join(dir, '.trash', '.deleting'))) out.push('deleting');
  if (fs.readdirSync(dir).some((n) => n.startsWith(NEW_RUN_PREFIX))) out.push('unfinished-creation');
  if (fs.readdirSync(dir).some((n) => n.endsWith('.tmp'))) out.push('temp-file');
  if (
    fs.existsSync(path.join(dir, '.trash')) &&
    fs.readdirSync(path.join(dir, '.trash')).some((n) => n.endsWith('.tmp'))
  )
    out.push('temp-file-in-trash');
  return out;
}

function expectConsistent(
  dir: string,
  label: string,
  o: { mayBeDeleted?: Set<string>; extraRuns?: boolean } = {},
): void {
  expect(pendingWork(dir), label).toBeNull();
  // A temporary journal in .trash (a kill mid-write of it) is swept by the next trash operation, not by every command.
  expect(
    leftovers(dir).filter((l) => l !== 'temp-file-in-trash'),
    label,
  ).toEqual([]);
  const c = checkIndex(new RunsDir(dir));
  expect({ readable: c.readable, missing: c.missing, stale: c.stale, mismatched: c.mismatched }, label).toEqual({
    readable: true,
    missing: [],
    stale: [],
    mismatched: [],
  });
  // Every run of the base is whole, exactly once: in place or in one trash entry.
  const where = locateRuns(dir);
  for (const [id, hash] of original) {
    const spots = (where.get(id) ?? []).filter((s) => s.where !== 'deleting');
    if (!spots.length && o.mayBeDeleted?.has(id)) continue;
    expect(
      spots.map((s) => s.where),
      `${label}: ${id}`,
    ).toHaveLength(1);
    expect(spots[0]!.hash, `${label}: ${id} changed`).toBe(hash);
  }
  // Every trash entry has all it lists; every run folder is a whole run.
  for (const entry of trashEntries(dir)) {
    const rec = JSON.parse(fs.readFileSync(path.join(dir, '.trash', entry, '.record.json'), 'utf8')) as {
      paths: string[];
    };
    for (const p of rec.paths)
      expect(fs.existsSync(path.join(dir, '.trash', entry, p)), `${label}: ${entry}/${p}`).toBe(true);
  }
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith('.') || name === 'current') continue;
    expect(fs.existsSync(path.join(dir, name, 'metadata.json')), `${label}: ${name} has no metadata.json`).toBe(true);
    JSON.parse(fs.readFileSync(path.join(dir, name, 'metadata.json'), 'utf8'));
    if (!o.extraRuns)
      expect(original.has(name) || name.startsWith('probe-'), `${label}: unexpected ${name}`).toBe(true);
  }
  expect(runIds(dir), label).toContain(fs.readlinkSync(path.join(dir, 'current')));
}

// ---- kill -9 at random moments ----

interface Trial {
  op: 'prune' | 'restore' | 'empty' | 'repair' | 'create';
  i: number;
}

interface Outcome {
  op: Trial['op'];
  killed: boolean;
  leftovers: string[];
  killAtMs: number;
}

const LOCK = '.run_index.json.lock';

/**
 * Runs the CLI and, `afterLockMs` after it takes the index lock (seen through inotify on
 * the runs directory), kills it with SIGKILL. Every operation here does its work under
 * that lock (trash empty also deletes after releasing it), so the kill lands inside the
 * operation rather than in Node's start-up. Also says when the lock was seen, from spawn.
 */
async function runKilledAfterLock(
  dir: string,
  args: string[],
  afterLockMs: number | null,
): Promise<Ran & { lockAtMs: number | null }> {
  let lockAtMs: number | null = null;
  let child: ChildProcess | null = null;
  const t0 = performance.now();
  const watcher = fs.watch(dir, (_event, name) => {
    if (name !== LOCK || lockAtMs !== null || !fs.existsSync(path.join(dir, LOCK))) return;
    lockAtMs = performance.now() - t0;
    if (afterLockMs !== null) setTimeout(() => child?.kill('SIGKILL'), afterLockMs);
  });
  try {
    const r = await runyard(['--dir', dir, ...args], { onSpawn: (c) => (child = c) });
    return { ...r, lockAtMs };
  } finally {
    watcher.close();
  }
}

describe('kill -9 at random moments', () => {
  test('52 trials across prune, restore, trash empty, index repair and child creation; the next command leaves every directory consistent', async () => {
    const rand = prng(8_2026);
    const trashedEntries = trashEntries(trashed);
    const inTrash = new Set(trashedEntries);
    // The repair lane reuses one big directory; each trial first knocks entries out of its index.
    const repairDir = copyDir(base, root, 'repair-lane');
    for (let i = 0; i < 1500; i++) {
      const id = `bulk-${String(i).padStart(4, '0')}`;
      fs.mkdirSync(path.join(repairDir, id));
      fs.writeFileSync(
        path.join(repairDir, id, 'metadata.json'),
        JSON.stringify(
          {
            run_id: id,
            created_at: '2026-01-01T00:00:00.000001Z',
            description: `bulk ${i}`,
            status: 'completed',
            tags: [],
            checkpoints: [],
          },
          null,
          2,
        ),
      );
    }
    const createDir = copyDir(base, root, 'create-lane');
    const parents = [...original.keys()];
    const argsFor = (t: Trial): string[] => {
      switch (t.op) {
        case 'prune':
          return ['prune', '--status', 'completed', '--keep', '3', '--yes'];
        case 'restore':
          return ['trash', 'restore', trashedEntries[t.i % trashedEntries.length]!];
        case 'empty':
          return ['trash', 'empty', '--yes'];
        case 'repair':
          return ['index', 'repair'];
        case 'create':
          return ['resume', parents[t.i % parents.length]!, '--tag', `trial-${t.i}`];
      }
    };
    const dirFor = (t: Trial): string => {
      if (t.op === 'repair') {
        const file = path.join(repairDir, '.run_index.json');
        const idx = JSON.parse(fs.readFileSync(file, 'utf8')) as { runs: Record<string, unknown>[] };
        idx.runs = idx.runs.filter(() => rand() > 0.3);
        idx.runs.push({ run_id: `ghost-${t.i}`, description: '', created_at: '', status: 'running', tags: [] });
        fs.writeFileSync(file, JSON.stringify(idx));
        return repairDir;
      }
      if (t.op === 'create') return createDir;
      return copyDir(t.op === 'prune' ? base : trashed, root, `${t.op}-${t.i}`);
    };

    // How long each operation runs from taking the lock to exiting (the quicker of two runs,
    // as other work on the machine only makes it slower): the kills land anywhere in 0–100 % of that.
    const calibration: Record<string, number> = {};
    for (const op of ['prune', 'restore', 'empty', 'repair', 'create'] as const) {
      for (const k of [998, 999]) {
        const t: Trial = { op, i: k };
        const dir =
          op === 'repair' || op === 'create'
            ? dirFor(t)
            : copyDir(op === 'prune' ? base : trashed, root, `${op}-calibrate-${k}`);
        const r = await runKilledAfterLock(dir, argsFor(t), null);
        expect(r.code, `${op}: ${r.stderr}`).toBe(0);
        expect(r.lockAtMs, `${op} never took the index lock`).not.toBeNull();
        calibration[op] = Math.min(calibration[op] ?? Infinity, Math.max(5, Math.round(r.ms - r.lockAtMs!)));
      }
    }

    const trials: Trial[] = [];
    const counts = { prune: 11, restore: 10, empty: 10, repair: 10, create: 11 };
    for (const [op, n] of Object.entries(counts)) for (let i = 0; i < n; i++) trials.push({ op: op as Trial['op'], i });
    // Two lanes at a time; the repair and create lanes share a directory across their trials, so each stays in one lane.
    const lanes: Trial[][] = [
      trials.filter((t) => (t.op !== 'create' && t.op !== 'repair' ? t.i % 2 === 0 : t.op === 'repair')),
      [],
    ];
    lanes[1] = trials.filter((t) => !lanes[0]!.includes(t));
    const outcomes: Outcome[] = [];
    let childrenMade = 0;
    const runTrial = async (t: Trial) => {
      const dir = dirFor(t);
      const killAtMs = Math.round(calibration[t.op]! * rand());
      const r: Ran = await runKilledAfterLock(dir, argsFor(t), killAtMs);
      const killed = r.signal === 'SIGKILL';
      if (!killed) expect(r.code, `${t.op} ${t.i}: ${r.stderr}`).toBe(0);
      if (t.op === 'create' && !killed) childrenMade++;
      const left = leftovers(dir);
      outcomes.push({ op: t.op, killed, leftovers: left, killAtMs });
      // The next start: a stale lock is taken over after 15 s; backdating it stands in for the wait.
      ageLock(dir);
      const next = t.i % 2 === 0 ? ['index', 'repair'] : ['create', '--id', `probe-${t.op}-${t.i}`];
      const n = await runyard(['--dir', dir, ...next]);
      expect(n.code, `${t.op} ${t.i}, then ${next.join(' ')}: ${n.stderr}`).toBe(0);
      expectConsistent(
        dir,
        `${t.op} #${t.i} killed ${killAtMs} ms after taking the lock (${left.join(', ') || 'nothing left'}), then ${next.join(' ')}`,
        {
          mayBeDeleted: t.op === 'empty' ? inTrash : undefined,
          extraRuns: t.op === 'repair' || t.op === 'create',
        },
      );
      if (t.op !== 'repair' && t.op !== 'create') recovered.push(dir);
    };
    const t0 = performance.now();
    await Promise.all(
      lanes.map(async (lane) => {
        for (const t of lane) await runTrial(t);
      }),
    );
    recovered.push(repairDir, createDir);

    // Every child the create lane made is a whole run with its parent recorded.
    const children = runIds(createDir).filter((id) => !original.has(id) && !id.startsWith('probe-'));
    // The calibration runs made two; each trial at most one more (a kill after the rename still leaves a whole child).
    expect(children.length).toBeGreaterThanOrEqual(childrenMade + 2);
    expect(children.length).toBeLessThanOrEqual(counts.create + 2);
    for (const id of children) {
      const meta = JSON.parse(fs.readFileSync(path.join(createDir, id, 'metadata.json'), 'utf8')) as {
        parent_run_id: string;
        tags: string[];
      };
      expect(parents).toContain(meta.parent_run_id);
      for (const sub of ['results', 'checkpoints', 'logs'])
        expect(fs.statSync(path.join(createDir, id, sub)).isDirectory()).toBe(true);
    }
    expect(runIds(repairDir).filter((id) => id.startsWith('bulk-'))).toHaveLength(1500);

    const killed = outcomes.filter((o) => o.killed);
    expect(outcomes).toHaveLength(52);
    // Most kills must land while the command runs, or the trials prove little.
    expect(killed.length).toBeGreaterThanOrEqual(32);
    const byOp = Object.fromEntries(
      Object.keys(counts).map((op) => {
        const mine = outcomes.filter((o) => o.op === op);
        return [
          op,
          {
            trials: mine.length,
            killed: mine.filter((o) => o.killed).length,
            left_work_behind: mine.filter((o) => o.leftovers.length).length,
            lock_to_exit_ms: calibration[op],
          },
        ];
      }),
    );
    const kinds = [...new Set(outcomes.flatMap((o) => o.leftovers))].sort();
    figures.kill9 = {
      trials: outcomes.length,
      killed: killed.length,
      finished_before_the_kill: outcomes.length - killed.length,
      by_operation: byOp,
      leftovers_seen: kinds,
      children_created: children.length,
      seconds: Math.round((performance.now() - t0) / 1000),
    };
  }, 300_000);

  test.runIf(hasReference)('the Python module reads every recovered directory', () => {
    expect(recovered.length).toBeGreaterThan(30);
    const bad = py(
      base,
      [
        'import os',
        `dirs = ${JSON.stringify(recovered)}`,
        'bad = []',
        'for d in dirs:',
        '    m = RunManager(d)',
        '    ids = sorted(r["run_id"] for r in m.list_runs())',
        '    folders = sorted(n for n in os.listdir(d) if not n.startswith(".") and n != "current" and os.path.isfile(os.path.join(d, n, "metadata.json")))',
        '    if ids != folders or not all(RunManager(d).load_run(i) for i in ids) or m.get_latest_run() not in ids:',
        '        bad.append(d)',
        'out = bad',
      ].join('\n'),
    );
    expect(bad).toEqual([]);
    figures.reference_module_read = recovered.length;
  });
});

// ---- a full disk, a read-only folder ----

const mountSkip = mountSkipReason();
if (mountSkip)
  process.stderr.write(
    `SKIPPED (faults.test.ts): the full-disk and read-only-mount tests: ${mountSkip}; the file-size-limit and non-root tests still cover failing writes\n`,
  );

/** Hash of every file's bytes (and every link), keyed by path: what "the old files stay intact" compares. */
function fileHashes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else if (e.isSymbolicLink()) out.set(p, `-> ${fs.readlinkSync(path.join(dir, p))}`);
      else
        out.set(
          p,
          crypto
            .createHash('sha256')
            .update(fs.readFileSync(path.join(dir, p)))
            .digest('hex'),
        );
    }
  };
  walk('');
  return out;
}

/** Runs, a checkpoint and one run in the trash: something for every writer to fail on. Made in-process (quicker than the CLI). */
async function populated(dir: string): Promise<{ run: string; other: string; entry: string }> {
  const store = new RunsDir(dir, { gitRepo: null });
  const run = (await store.createRun({ description: 'the run being written', tags: ['x'] })).run_id;
  await store.updateStatus(run, 'running');
  await store.addCheckpoint(run, 'checkpoint_2020-04-01', `runs/${run}/checkpoints/checkpoint_2020-04-01.hdf5`);
  const other = (await store.createRun({ description: 'done' })).run_id;
  await store.updateStatus(other, 'completed');
  const gone = (await store.createRun({ description: 'trashed' })).run_id;
  await store.updateStatus(gone, 'failed');
  const usage = new UsageMeter(dir, { cacheFile: null });
  const policy = { runs: [gone] };
  await executePrune(store, await makePrunePlan(store, policy, usage), policy, usage);
  return { run, other, entry: gone };
}

function writers(dir: string, s: { run: string; other: string; entry: string }, cfg: string): string[][] {
  return [
    ['create', '--description', 'new'],
    ['resume', s.run],
    ['status', s.run, 'completed'],
    ['checkpoint', s.run, 'checkpoint_2020-05-01'],
    ['config', s.run, cfg],
    ['params', s.run, cfg.replace(/\.yaml$/, '.json')],
    ['index', 'repair'],
    ['prune', '--run', s.other, '--yes'],
    ['trash', 'restore', s.entry],
  ].map((a) => ['--dir', dir, ...a]);
}

/** The writers three at a time: each fails on its own, and they take turns at the index lock. */
async function inThrees(all: string[][], run: (args: string[]) => Promise<Ran>): Promise<{ args: string[]; r: Ran }[]> {
  const out: { args: string[]; r: Ran }[] = [];
  for (let i = 0; i < all.length; i += 3)
    out.push(...(await Promise.all(all.slice(i, i + 3).map(async (args) => ({ args, r: await run(args) })))));
  return out;
}

/** One line, naming a file inside the runs directory, saying why. */
function expectClearFailure(r: Ran, dir: string, why: RegExp, label: string): void {
  expect(r.code, `${label}: ${r.stdout}${r.stderr}`).toBe(1);
  const lines = r.stderr
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('runyard: warning:') && !l.startsWith('runyard: note:'));
  expect(lines, label).toHaveLength(1);
  expect(lines[0], label).toMatch(why);
  expect(lines[0], label).toContain(dir);
  expect(lines[0], label).not.toMatch(/unexpected error/);
}

describe('writes that fail', () => {
  test.skipIf(mountSkip !== null)(
    `a full disk (a 512 KiB tmpfs): every writer says "the disk is full" about a file, the old files stay intact, and the folder works once there is room${mountSkip ? ` [SKIPPED: ${mountSkip}]` : ''}`,
    async () => {
      const m = tryMount('512k') as { dir: string };
      try {
        const dir = path.join(m.dir, 'runs');
        fs.mkdirSync(dir);
        const s = await populated(dir);
        const cfg = path.join(os.tmpdir(), `runyard-cfg-${process.pid}.yaml`);
        fs.writeFileSync(cfg, 'world: london\n');
        fs.writeFileSync(cfg.replace(/\.yaml$/, '.json'), '{"seed": 1}');
        // Fill the filesystem to the last byte.
        const filler = path.join(m.dir, 'filler');
        const fd = fs.openSync(filler, 'w');
        const chunk = Buffer.alloc(4096, 1);
        try {
          for (;;) fs.writeSync(fd, chunk);
        } catch (e) {
          expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
        }
        try {
          for (;;) fs.writeSync(fd, chunk, 0, 1);
        } catch {
          // full to the byte
        }
        fs.closeSync(fd);
        const before = fileHashes(dir);
        const failures: string[] = [];
        for (const { args, r } of await inThrees(writers(dir, s, cfg), (args) => runyard(args))) {
          expectClearFailure(r, dir, /: the disk is full$/, args.slice(2).join(' '));
          failures.push(r.stderr.trim());
        }
        expect(fileHashes(dir)).toEqual(before);
        // Reading still works on a full disk.
        const list = await runyard(['--dir', dir, '--json', 'list']);
        expect((JSON.parse(list.stdout) as unknown[]).length).toBe(2);
        // With room again, the same directory takes writes and is consistent.
        fs.rmSync(filler);
        const again = await runyard(['--dir', dir, 'status', s.run, 'completed']);
        expect(again.code, again.stderr).toBe(0);
        const c = checkIndex(new RunsDir(dir));
        expect({ missing: c.missing, stale: c.stale, mismatched: c.mismatched }).toEqual({
          missing: [],
          stale: [],
          mismatched: [],
        });
        expect(fs.readdirSync(dir).filter((n) => n.startsWith(NEW_RUN_PREFIX) || n.endsWith('.tmp'))).toEqual([]);
        figures.full_disk = { writers: failures.length, messages: failures.map((f) => f.replace(dir, '<runs>')) };
        fs.rmSync(cfg, { force: true });
        fs.rmSync(cfg.replace(/\.yaml$/, '.json'), { force: true });
      } finally {
        unmount(m.dir);
      }
    },
    120_000,
  );

  test.skipIf(mountSkip !== null)(
    `a read-only mount: every writer says "read-only" about a file, nothing changes, and reading works${mountSkip ? ` [SKIPPED: ${mountSkip}]` : ''}`,
    async () => {
      const m = tryMount('4m') as { dir: string };
      try {
        const dir = path.join(m.dir, 'runs');
        fs.mkdirSync(dir);
        const s = await populated(dir);
        const cfg = path.join(os.tmpdir(), `runyard-cfg-ro-${process.pid}.yaml`);
        fs.writeFileSync(cfg, 'world: london\n');
        fs.writeFileSync(cfg.replace(/\.yaml$/, '.json'), '{"seed": 1}');
        const remount = spawnSync('mount', ['-o', 'remount,ro', m.dir], { encoding: 'utf8' });
        expect(remount.status, remount.stderr).toBe(0);
        const before = treeHash(dir);
        const failures: string[] = [];
        for (const { args, r } of await inThrees(writers(dir, s, cfg), (args) => runyard(args))) {
          expectClearFailure(r, dir, /: the filesystem is read-only$/, args.slice(2).join(' '));
          failures.push(r.stderr.trim());
        }
        expect(treeHash(dir)).toBe(before);
        for (const args of [['list'], ['show', s.run], ['tree'], ['index', 'check'], ['du'], ['trash', 'list']]) {
          const r = await runyard(['--dir', dir, ...args]);
          expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
        }
        figures.read_only_mount = { writers: failures.length, messages: failures.map((f) => f.replace(dir, '<runs>')) };
        fs.rmSync(cfg, { force: true });
        fs.rmSync(cfg.replace(/\.yaml$/, '.json'), { force: true });
      } finally {
        unmount(m.dir);
      }
    },
    120_000,
  );

  const setpriv = spawnSync('setpriv', ['--version']).status === 0 && process.getuid?.() === 0;
  test.skipIf(!setpriv)(
    `a folder the user may not write (0555, as a non-root user via setpriv): "permission denied" about a file, nothing changes${setpriv ? '' : ' [SKIPPED: needs root and setpriv to run as another user]'}`,
    async () => {
      const top = fs.mkdtempSync(path.join(os.tmpdir(), 'runyard-ro-'));
      try {
        fs.chmodSync(top, 0o755);
        const dir = path.join(top, 'runs');
        fs.mkdirSync(dir);
        const s = await populated(dir);
        const cfg = path.join(top, 'cfg.yaml');
        fs.writeFileSync(cfg, 'world: london\n');
        fs.writeFileSync(path.join(top, 'cfg.json'), '{"seed": 1}');
        const lock = (p: string) => {
          const st = fs.lstatSync(p);
          if (st.isSymbolicLink()) return;
          fs.chmodSync(p, st.isDirectory() ? 0o555 : 0o444);
          if (st.isDirectory()) for (const n of fs.readdirSync(p)) lock(path.join(p, n));
        };
        lock(dir);
        const before = treeHash(dir);
        // The other user may not be able to read this checkout (a clone in a 0700 folder): it runs a copy of the CLI in `top`, from `top`.
        const cli = cliCopy(path.join(top, 'cli'));
        const nobody = (args: string[]) =>
          runyard(args, {
            cli,
            cwd: top,
            wrap: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'],
            env: { HOME: top, XDG_CACHE_HOME: path.join(top, 'cache'), RUNYARD_CONFIG_DIR: path.join(top, 'config') },
          });
        const failures: string[] = [];
        for (const { args, r } of await inThrees(writers(dir, s, cfg), nobody)) {
          expectClearFailure(r, dir, /: permission denied$/, args.slice(2).join(' '));
          failures.push(r.stderr.trim());
        }
        expect(treeHash(dir)).toBe(before);
        expect((await nobody(['--dir', dir, 'list'])).code).toBe(0);
        figures.no_write_permission = {
          writers: failures.length,
          messages: failures.map((f) => f.replace(dir, '<runs>')),
        };
      } finally {
        spawnSync('chmod', ['-R', 'u+w', top]);
        fs.rmSync(top, { recursive: true, force: true });
      }
    },
    120_000,
  );

  test('a write that fails part-way (the file-size limit, on any machine): the old file stays, the message names it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runyard-fsize-'));
    try {
      const s = await populated(dir);
      const cfg = path.join(os.tmpdir(), `runyard-cfg-fs-${process.pid}.yaml`);
      fs.writeFileSync(cfg, Array.from({ length: 100 }, (_, i) => `setting_${i}: ${i}\n`).join(''));
      fs.writeFileSync(cfg.replace(/\.yaml$/, '.json'), JSON.stringify({ seed: 'x'.repeat(2000) }));
      const before = fileHashes(dir);
      // Every metadata.json, the index and the journal are larger than 300 bytes: each of their writes fails after 300.
      const limited = (args: string[]) => runyard(args, { wrap: ['prlimit', '--fsize=300', '--'] });
      const failures: string[] = [];
      for (const { args, r } of await inThrees(writers(dir, s, cfg), limited)) {
        expectClearFailure(r, dir, /: the file is larger than this process may write/, args.slice(2).join(' '));
        failures.push(r.stderr.trim());
      }
      expect(fileHashes(dir)).toEqual(before);
      expect(fs.readdirSync(dir).filter((n) => n.startsWith(NEW_RUN_PREFIX) || n.endsWith('.tmp'))).toEqual([]);
      figures.file_size_limit = { writers: failures.length };
      fs.rmSync(cfg, { force: true });
      fs.rmSync(cfg.replace(/\.yaml$/, '.json'), { force: true });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
