// `runyard list --json` reuses parsed metadata from the user's cache for unchanged
// runs. Its output must be byte for byte the uncached path's (RUNYARD_NO_CACHE=1),
// however the folder changed since the cache was written.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli';
import { sampleRuns, tempDir } from '../helpers/dirs';
import { makeRun, rewriteMetadata, treeSnapshot } from '../helpers/live-runs';

// A few combinations that exercise every filter kind; each costs two CLI runs.
const FILTERS: string[][] = [
  [],
  ['--status', 'running', '--status', 'failed', '--tag', 'baseline'],
  ['--search', 'é'],
  ['--status', 'completed', '--limit', '1'],
];

function age(dir: string, seconds = 60): void {
  const t = new Date(Date.now() - seconds * 1000);
  for (const e of fs.readdirSync(dir)) {
    const p = path.join(dir, e, 'metadata.json');
    if (fs.existsSync(p)) fs.utimesSync(p, t, t);
  }
  // A settled directory lets list --json skip reading its entries (until one changes).
  fs.utimesSync(dir, t, t);
}

function compare(dir: string, cacheHome: string, filters = FILTERS): void {
  for (const f of filters) {
    const fast = runCli(['--dir', dir, 'list', '--json', ...f], { env: { XDG_CACHE_HOME: cacheHome } });
    const plain = runCli(['--dir', dir, 'list', '--json', ...f], { env: { RUNYARD_NO_CACHE: '1' } });
    expect(fast.code, fast.stderr).toBe(0);
    expect(fast.stdout, `list --json ${f.join(' ')}`).toBe(plain.stdout);
  }
}

describe('list --json from the metadata cache', () => {
  test('prints exactly the uncached JSON on the sample directory, first and cached runs, with filters', () => {
    const dir = sampleRuns();
    age(dir);
    const before = treeSnapshot(dir);
    const cacheHome = tempDir('runyard-cache-');
    compare(dir, cacheHome); // fills the cache
    compare(dir, cacheHome); // served from it
    expect(treeSnapshot(dir)).toEqual(before);
  });

  test('after metadata changed since caching, and with non-ASCII text, the answer is still the uncached one', () => {
    const dir = tempDir();
    makeRun(dir, 'a-run', 'running', { tags: ['baseline'], description: 'calibration — é' });
    makeRun(dir, 'b-run', 'completed', { tags: ['x'] });
    makeRun(dir, 'c-run', 'completed', { created_at: 'not a date' });
    makeRun(dir, 'd-run', 'failed', { created_at: null });
    makeRun(dir, 'ünï-run', 'completed', { description: '日本語' });
    age(dir);
    const cacheHome = tempDir('runyard-cache-');
    compare(dir, cacheHome);
    // Same length status change (only the mtime tells), a new tag, a broken file, a removed and a new run.
    const a = path.join(dir, 'a-run', 'metadata.json');
    fs.writeFileSync(a, fs.readFileSync(a, 'utf8').replace('"running"', '"failed!"'));
    const b = path.join(dir, 'b-run', 'metadata.json');
    const meta = JSON.parse(fs.readFileSync(b, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(b, JSON.stringify({ ...meta, tags: ['baseline', 'new'], description: 'CAL run' }, null, 2));
    fs.writeFileSync(path.join(dir, 'c-run', 'metadata.json'), '{"run_id": ');
    fs.rmSync(path.join(dir, 'd-run'), { recursive: true });
    makeRun(dir, 'e-run', 'running');
    age(dir, 30);
    compare(dir, cacheHome);
    compare(dir, cacheHome);
    const runs = JSON.parse(
      runCli(['--dir', dir, 'list', '--json'], { env: { XDG_CACHE_HOME: cacheHome } }).stdout,
    ) as { run_id: string; status: string }[];
    expect(runs.map((r) => r.run_id).sort()).toEqual(['a-run', 'b-run', 'c-run', 'e-run', 'ünï-run']);
    expect(runs.find((r) => r.run_id === 'a-run')?.status).toBe('failed!');
  });

  test('runs edited in place, again and again, are printed as they are now, in the right order', () => {
    const dir = tempDir();
    const ids = ['r-01', 'r-02', 'r-03', 'r-04', 'r-05', 'r-06'];
    ids.forEach((id, i) => makeRun(dir, id, 'running', { created_at: `2026-10-0${i + 1}T10:00:00` }));
    age(dir);
    const cacheHome = tempDir('runyard-cache-');
    compare(dir, cacheHome, [[]]);
    // Lines grow, shrink and stay the same length, at the start, middle and end of the answer.
    rewriteMetadata(dir, 'r-06', (m) => {
      m.description = 'a much longer description than before, with é and 日本';
    });
    rewriteMetadata(dir, 'r-03', (m) => {
      m.status = 'failed';
      m.tags = [];
    });
    rewriteMetadata(dir, 'r-01', (m) => {
      m.status = 'stopped';
    });
    age(dir, 30);
    compare(dir, cacheHome);
    rewriteMetadata(dir, 'r-04', (m) => {
      m.description = '';
    });
    rewriteMetadata(dir, 'r-06', (m) => {
      m.description = 'short';
    });
    age(dir, 20);
    compare(dir, cacheHome);
    // A changed created_at moves a run: r-01 becomes the newest.
    rewriteMetadata(dir, 'r-01', (m) => {
      m.created_at = '2026-11-01T10:00:00';
    });
    age(dir, 10);
    compare(dir, cacheHome);
    const runs = JSON.parse(
      runCli(['--dir', dir, 'list', '--json'], { env: { XDG_CACHE_HOME: cacheHome } }).stdout,
    ) as { run_id: string; status: string; description: string }[];
    expect(runs.map((r) => r.run_id)).toEqual(['r-01', 'r-06', 'r-05', 'r-04', 'r-03', 'r-02']);
    expect(runs[1]).toMatchObject({ description: 'short' });
    expect(runs[4]).toMatchObject({ status: 'failed' });
  });

  test('a run folder swapped for a link, and a folder that gains its metadata.json, are seen', () => {
    const dir = tempDir();
    makeRun(dir, 'a-run');
    makeRun(dir, 'b-run');
    fs.mkdirSync(path.join(dir, 'c-run')); // being created: no metadata.json yet
    age(dir);
    const cacheHome = tempDir('runyard-cache-');
    compare(dir, cacheHome, [[]]);
    const elsewhere = tempDir();
    fs.renameSync(path.join(dir, 'b-run'), path.join(elsewhere, 'b-run'));
    fs.symlinkSync(path.join(elsewhere, 'b-run'), path.join(dir, 'b-run'));
    makeRun(dir, 'c-run', 'initialising');
    age(dir);
    compare(dir, cacheHome, [[]]);
    const runs = JSON.parse(
      runCli(['--dir', dir, 'list', '--json'], { env: { XDG_CACHE_HOME: cacheHome } }).stdout,
    ) as { run_id: string }[];
    expect(runs.map((r) => r.run_id).sort()).toEqual(['a-run', 'c-run']);
  });

  test('an empty directory prints []', () => {
    const dir = tempDir();
    compare(dir, tempDir('runyard-cache-'), [[]]);
  });
});

describe('list --json answered without loading the whole CLI', () => {
  test('every spelling of the same question gets the same answer, and unusual ones still work', () => {
    const dir = sampleRuns();
    age(dir);
    const env = { XDG_CACHE_HOME: tempDir('runyard-cache-') };
    const canonical = runCli(['--dir', dir, 'list', '--json', '--status', 'completed', '--limit', '2'], { env });
    expect(canonical.code, canonical.stderr).toBe(0);
    expect(JSON.parse(canonical.stdout)).toHaveLength(2);
    for (const args of [
      ['--json', '--dir', dir, 'list', '--status', 'completed', '--limit', '2'],
      [`--dir=${dir}`, 'list', '--json', '--status=completed', '--limit=2'],
      ['list', '--dir', dir, '--json', '--limit', '2', '--status', 'completed'],
    ]) {
      const r = runCli(args, { env });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout, args.join(' ')).toBe(canonical.stdout);
    }
    // Errors are the full CLI's one-liners.
    const bad = runCli(['--dir', dir, 'list', '--json', '--limit', 'x'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/--limit.*expected a whole number, got "x"/);
    const missing = runCli(['--dir', path.join(dir, 'no-such-folder'), 'list', '--json'], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^runyard: .*no-such-folder/);
  });

  test('an interrupted trash operation is still warned about', () => {
    const dir = sampleRuns();
    fs.mkdirSync(path.join(dir, '.trash'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.trash', '.journal.json'), '{ not json');
    const r = runCli(['--dir', dir, 'list', '--json'], { env: { XDG_CACHE_HOME: tempDir('runyard-cache-') } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(12);
    expect(r.stderr).toMatch(/warning: an unreadable trash journal is pending/);
  });
});

describe('orphans and parent cycles in list --json', () => {
  type Listed = { run_id: string; problems: { file: string; message: string }[] };
  const problemsOf = (out: string) =>
    Object.fromEntries((JSON.parse(out) as Listed[]).map((r) => [r.run_id, r.problems.map((p) => p.message)]));
  const list = (dir: string, cacheHome: string) =>
    runCli(['--dir', dir, 'list', '--json'], { env: { XDG_CACHE_HOME: cacheHome } }).stdout;

  test('a removed parent makes its children orphans in the cached answer too, byte for byte the uncached one', () => {
    const dir = tempDir();
    makeRun(dir, 'parent-run', 'completed', { created_at: '2024-01-01T00:00:00+00:00' });
    makeRun(dir, 'child-one', 'running', { parent_run_id: 'parent-run', created_at: '2024-01-02T00:00:00+00:00' });
    makeRun(dir, 'child-two', 'completed', { parent_run_id: 'parent-run', created_at: '2024-01-03T00:00:00+00:00' });
    makeRun(dir, 'loner', 'completed', { created_at: '2024-01-04T00:00:00+00:00' });
    age(dir);
    const cacheHome = tempDir('runyard-cache-');
    compare(dir, cacheHome);
    compare(dir, cacheHome);
    expect(problemsOf(list(dir, cacheHome))).toEqual({ 'parent-run': [], 'child-one': [], 'child-two': [], loner: [] });
    fs.rmSync(path.join(dir, 'parent-run'), { recursive: true });
    const orphan = ['parent_run_id names parent-run, which is not a run in this folder (an orphan)'];
    expect(problemsOf(list(dir, cacheHome))).toEqual({ 'child-one': orphan, 'child-two': orphan, loner: [] });
    compare(dir, cacheHome); // cached again, with the orphans' lines from the stored answer
    // The parent comes back (restored from the trash): the children are no longer orphans.
    makeRun(dir, 'parent-run', 'completed', { created_at: '2024-01-01T00:00:00+00:00' });
    age(dir);
    compare(dir, cacheHome);
    expect(problemsOf(list(dir, cacheHome))).toEqual({ 'parent-run': [], 'child-one': [], 'child-two': [], loner: [] });
  });

  test('a parent_run_id edited into a cycle, and out of it, shows at once in the cached answer', () => {
    const dir = tempDir();
    makeRun(dir, 'run-a', 'completed', { created_at: '2024-01-01T00:00:00+00:00' });
    makeRun(dir, 'run-b', 'completed', { parent_run_id: 'run-a', created_at: '2024-01-02T00:00:00+00:00' });
    makeRun(dir, 'run-c', 'completed', { parent_run_id: 'run-b', created_at: '2024-01-03T00:00:00+00:00' });
    makeRun(dir, 'self', 'completed', { parent_run_id: 'self', created_at: '2024-01-04T00:00:00+00:00' });
    age(dir);
    const cacheHome = tempDir('runyard-cache-');
    compare(dir, cacheHome);
    expect(problemsOf(list(dir, cacheHome)).self).toEqual(['in a parent cycle: self → self']);
    // run-a's parent becomes run-c: a → c → b → a. Only run-a's file changes.
    rewriteMetadata(dir, 'run-a', (m) => (m.parent_run_id = 'run-c'));
    age(dir, 30);
    expect(problemsOf(list(dir, cacheHome))).toEqual({
      'run-a': ['in a parent cycle: run-a → run-c → run-b → run-a'],
      'run-b': ['in a parent cycle: run-b → run-a → run-c → run-b'],
      'run-c': ['in a parent cycle: run-c → run-b → run-a → run-c'],
      self: ['in a parent cycle: self → self'],
    });
    compare(dir, cacheHome, [[], ['--limit', '2'], ['--search', 'run-b']]);
    rewriteMetadata(dir, 'run-a', (m) => (m.parent_run_id = null));
    age(dir, 20);
    compare(dir, cacheHome);
    expect(problemsOf(list(dir, cacheHome))).toMatchObject({ 'run-a': [], 'run-b': [], 'run-c': [] });
  });

  test('show (text and --json) and list say the same of an orphan and a cycle', () => {
    const dir = tempDir();
    makeRun(dir, 'orphan-run', 'completed', { parent_run_id: 'gone-run', created_at: '2024-01-01T00:00:00+00:00' });
    makeRun(dir, 'loop-a', 'completed', { parent_run_id: 'loop-b', created_at: '2024-01-02T00:00:00+00:00' });
    makeRun(dir, 'loop-b', 'completed', { parent_run_id: 'loop-a', created_at: '2024-01-03T00:00:00+00:00' });
    makeRun(dir, 'fine-run', 'completed', { parent_run_id: 'loop-a', created_at: '2024-01-04T00:00:00+00:00' });
    const listed = problemsOf(runCli(['--dir', dir, 'list', '--json'], { env: { RUNYARD_NO_CACHE: '1' } }).stdout);
    expect(listed).toEqual({
      'orphan-run': ['parent_run_id names gone-run, which is not a run in this folder (an orphan)'],
      'loop-a': ['in a parent cycle: loop-a → loop-b → loop-a'],
      'loop-b': ['in a parent cycle: loop-b → loop-a → loop-b'],
      'fine-run': [],
    });
    for (const id of Object.keys(listed)) {
      const shown = JSON.parse(runCli(['--dir', dir, '--json', 'show', id]).stdout) as Listed;
      expect(
        shown.problems.map((p) => p.message),
        id,
      ).toEqual(listed[id]);
      const text = runCli(['--dir', dir, 'show', id]).stdout;
      for (const m of listed[id]!) expect(text).toContain(`${id}/metadata.json: ${m}`);
    }
    const table = runCli(['--dir', dir, 'list']).stdout;
    expect(table.split('\n').filter((l) => /completed !/.test(l))).toHaveLength(3);
    expect(table).toMatch(/3 run\(s\) marked ! have problems/);
  });
});

// A cache folder someone else can write (a shared XDG_CACHE_HOME on a cluster) must not
// decide what a listing says: a stored answer there is not used.
describe("the cache folder is trusted only when it is the user's alone", () => {
  const root = process.getuid?.() === 0;
  if (!root) process.stderr.write('SKIPPED cache-owner test: it needs root to hand a folder to another user\n');
  const listed = (dir: string, home: string) =>
    runCli(['--dir', dir, 'list', '--json'], { env: { XDG_CACHE_HOME: home } }).stdout;
  /** A cache folder holding this folder's stored answer, with one description changed in it as an intruder would. */
  function tampered(dir: string): string {
    const home = tempDir();
    listed(dir, home);
    const folder = path.join(home, 'runyard');
    for (const f of fs.readdirSync(folder)) {
      const file = path.join(folder, f);
      fs.writeFileSync(file, fs.readFileSync(file, 'latin1').replaceAll('Household', 'Hijacked!'), 'latin1');
    }
    return home;
  }

  test.skipIf(!root)(
    'a stored answer in a folder owned by someone else is not used, nor is anything written there',
    () => {
      const dir = sampleRuns();
      age(dir);
      const truth = runCli(['--dir', dir, 'list', '--json'], { env: { RUNYARD_NO_CACHE: '1' } }).stdout;
      expect(truth).toContain('Household');
      // Where the folder is the user's, the stored answer is what a listing prints: the check below matters.
      const own = tampered(dir);
      expect(listed(dir, own)).toContain('Hijacked!');
      const shared = tampered(dir);
      const folder = path.join(shared, 'runyard');
      fs.chownSync(folder, 65534, 65534);
      const before = fs.readdirSync(folder).map((f) => fs.statSync(path.join(folder, f)).mtimeMs);
      expect(JSON.parse(listed(dir, shared))).toEqual(JSON.parse(truth));
      expect(fs.readdirSync(folder).map((f) => fs.statSync(path.join(folder, f)).mtimeMs)).toEqual(before);
    },
  );

  test("a folder of the user's that others could write in is made private, then used", () => {
    const dir = sampleRuns();
    age(dir);
    const home = tempDir();
    const folder = path.join(home, 'runyard');
    fs.mkdirSync(folder);
    fs.chmodSync(folder, 0o777);
    const first = listed(dir, home);
    expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(folder).length).toBeGreaterThan(0);
    expect(listed(dir, home)).toBe(first);
  });
});
