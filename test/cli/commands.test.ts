// The `runyard` command line as a user runs it: a real child process on real folders.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { json, runCli, runCliAsync } from '../helpers/cli';
import { readJson, sampleRuns, tempDir } from '../helpers/dirs';

const SUMMARY_KEYS = [
  'run_id',
  'description',
  'status',
  'tags',
  'created_at',
  'started_at',
  'completed_at',
  'parent_run_id',
  'user',
  'hostname',
  'git_commit',
  'checkpoint_count',
  'problems',
];

describe('list', () => {
  test('--json gives every summary field, newest first', () => {
    const dir = sampleRuns();
    const runs = json<Record<string, unknown>[]>(runCli(['--dir', dir, 'list', '--json']));
    expect(runs).toHaveLength(12);
    for (const r of runs) expect(Object.keys(r)).toEqual(expect.arrayContaining(SUMMARY_KEYS));
    const dates = runs.map((r) => Date.parse(r.created_at as string));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });

  test('--status (repeatable), --tag, --search and --limit narrow the list', () => {
    const dir = sampleRuns();
    const list = (...args: string[]) =>
      json<{ run_id: string; status: string; tags: string[] }[]>(runCli(['--dir', dir, 'list', '--json', ...args]));
    expect(list('--status', 'failed').every((r) => r.status === 'failed')).toBe(true);
    expect(
      list('--status', 'failed', '--status', 'running')
        .map((r) => r.status)
        .sort(),
    ).toEqual(['failed', 'failed', 'failed', 'running', 'running']);
    expect(list('--tag', 'sweep').every((r) => r.tags.includes('sweep'))).toBe(true);
    expect(list('--search', 'tyne').length).toBe(2);
    expect(list('--limit', '3')).toHaveLength(3);
  });

  test('the table shows statuses and short ids; RUNYARD_DIR is the default directory', () => {
    const dir = sampleRuns();
    const r = runCli(['list'], { env: { RUNYARD_DIR: dir } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^STATUS\s+ID\s+CREATED/);
    expect(r.stdout).toContain('9531985d');
    expect(r.stdout).toContain('Baseline calibration');
  });

  test('a directory that does not exist is one clear line, exit 1', () => {
    const r = runCli(['--dir', '/nonexistent/runs', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/\/nonexistent\/runs.*does not exist/);
  });
});

describe('show', () => {
  test('--json has every metadata key, paths, resolved checkpoints, children and problems', () => {
    const dir = sampleRuns();
    const d = json<Record<string, any>>(runCli(['--dir', dir, 'show', '9531985d', '--json']));
    expect(d).toMatchObject({ run_id: '9531985d-5d9d-49f8-9818-e811892f902b', seed: 42, n_ranks: 4, problems: [] });
    expect(Object.keys(d.paths)).toEqual(['run', 'results', 'checkpoints', 'logs']);
    expect(d.checkpoints[0]).toMatchObject({ name: 'checkpoint_2020-04-01', resolved_path: expect.any(String) });
    expect(d.checkpoints[0].files).toHaveLength(4);
    expect(d.checkpoints[0].files[0]).toEqual({ path: expect.stringMatching(/\.0\.hdf5$/), bytes: expect.any(Number) });
    const parent = json<Record<string, any>>(runCli(['--dir', dir, 'show', 'a170', '--json']));
    expect(parent.children.sort()).toEqual([
      '0fd630f1-f29d-4da9-953f-48f1a09f76b5',
      '8e81973e-0bec-47b0-b898-d190f9ebdacc',
    ]);
  });

  test('an ambiguous prefix lists the candidates; a short one is refused', () => {
    const dir = tempDir();
    for (const id of ['abcd1111', 'abcd2222']) runCli(['--dir', dir, 'create', '--id', id]);
    const r = runCli(['--dir', dir, 'show', 'abcd']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ambiguous.*abcd1111, abcd2222/);
    expect(runCli(['--dir', dir, 'show', 'abc']).stderr).toMatch(/at least 4 characters/);
    expect(json<{ run_id: string }>(runCli(['--dir', dir, 'show', 'abcd1', '--json'])).run_id).toBe('abcd1111');
  });
});

describe('tree', () => {
  test('draws the lineage with box characters and nests it in JSON', () => {
    const dir = sampleRuns();
    const text = runCli(['--dir', dir, 'tree']).stdout;
    expect(text).toMatch(/a170b338 \[checkpointed\] Long run to June 2020\n[├└]── /);
    expect(text).toContain('└── 0cb1e29c [running] Second attempt after OOM');
    const forest = json<any[]>(runCli(['--dir', dir, 'tree', '--json']));
    const long = forest.find((n) => n.run_id.startsWith('a170b338'));
    expect(long.children.map((c: any) => c.run_id.slice(0, 8)).sort()).toEqual(['0fd630f1', '8e81973e']);
    const sub = json<any>(runCli(['--dir', dir, 'tree', '0fd630f1', '--json']));
    expect(sub).toMatchObject({
      run_id: '0fd630f1-f29d-4da9-953f-48f1a09f76b5',
      status: 'failed',
      children: [{ run_id: expect.stringMatching(/^0cb1e29c/) }],
    });
  });

  test('orphans and cycles are reported and nothing loops', () => {
    const dir = tempDir();
    const meta = (id: string, parent: string | null) => ({
      run_id: id,
      created_at: '2026-10-28T08:30:00Z',
      description: id,
      status: 'completed',
      tags: [],
      parent_run_id: parent,
      checkpoints: [],
    });
    for (const [id, parent] of [
      ['aaaa', 'bbbb'],
      ['bbbb', 'aaaa'],
      ['orph', 'gone'],
      ['self', 'self'],
    ] as const) {
      fs.mkdirSync(path.join(dir, id));
      fs.writeFileSync(path.join(dir, id, 'metadata.json'), JSON.stringify(meta(id, parent)));
    }
    const r = runCli(['--dir', dir, 'tree']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/orph.*parent gone missing/);
    expect(r.stdout).toMatch(/in a parent cycle/);
    expect(r.stderr).toMatch(/parent cycle: (aaaa → bbbb|bbbb → aaaa)/);
    for (const id of ['aaaa', 'bbbb', 'orph', 'self']) expect(r.stdout).toContain(id);
  });
});

describe('writing commands', () => {
  test('create with --set parses JSON values and keeps text; --json prints the metadata', () => {
    const dir = tempDir();
    const meta = json<Record<string, unknown>>(
      runCli([
        '--dir',
        dir,
        '--json',
        'create',
        '--description',
        'seeded',
        '--tag',
        'a',
        '--tag',
        'b',
        '--set',
        'seed=42',
        '--set',
        'world=data/w.h5',
        '--set',
        'opts={"x":[1,2]}',
      ]),
    );
    expect(meta).toMatchObject({
      description: 'seeded',
      tags: ['a', 'b'],
      seed: 42,
      world: 'data/w.h5',
      opts: { x: [1, 2] },
      status: 'initialising',
    });
    const plain = runCli(['--dir', dir, 'create']);
    expect(plain.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
    expect(fs.readlinkSync(path.join(dir, 'current'))).toBe(plain.stdout.trim());
  });

  test("resume creates a child; --checkpoint must name one of the parent's checkpoints", () => {
    const dir = tempDir();
    const p = runCli(['--dir', dir, 'create', '--id', 'parent1']).stdout.trim();
    runCli(['--dir', dir, 'checkpoint', p, 'ck1', '--path', 'runs/parent1/checkpoints/ck1.hdf5']);
    const bad = runCli(['--dir', dir, 'resume', p, '--checkpoint', 'nope']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/has no checkpoint "nope" \(it has: ck1\)/);
    const child = runCli(['--dir', dir, 'resume', p, '--checkpoint', 'ck1', '--tag', 'retry']).stdout.trim();
    const meta = readJson(path.join(dir, child, 'metadata.json')) as Record<string, unknown>;
    expect(meta).toMatchObject({
      parent_run_id: 'parent1',
      resumed_from: 'parent1',
      resumed_from_checkpoint: 'ck1',
      tags: ['retry'],
    });
    const bare = runCli(['--dir', dir, 'resume', p, '--no-checkpoints']).stdout.trim();
    expect((readJson(path.join(dir, bare, 'metadata.json')) as any).checkpoints).toEqual([]);
  });

  test('status sets started_at and completed_at; --set adds fields', () => {
    const dir = tempDir();
    const id = runCli(['--dir', dir, 'create']).stdout.trim();
    expect(runCli(['--dir', dir, 'status', id, 'running']).stdout).toContain(`${id}: running`);
    runCli(['--dir', dir, 'status', id, 'failed', '--set', 'exit_code=137']);
    const meta = readJson(path.join(dir, id, 'metadata.json')) as Record<string, unknown>;
    expect(meta).toMatchObject({
      status: 'failed',
      exit_code: 137,
      started_at: expect.stringMatching(/Z$/),
      completed_at: expect.stringMatching(/Z$/),
    });
    expect(runCli(['--dir', dir, 'status', id, 'running', '--set', 'run_id=x']).stderr).toMatch(
      /"run_id" is kept by Runyard/,
    );
  });

  test('config and params: save from a file or stdin, print back; JSON inside config.yaml reads as YAML', () => {
    const dir = tempDir();
    const id = runCli(['--dir', dir, 'create']).stdout.trim();
    const yamlFile = path.join(tempDir(), 'c.yaml');
    fs.writeFileSync(yamlFile, 'region: North East\nbeta:\n  household: 0.25\n');
    runCli(['--dir', dir, 'config', id, yamlFile]);
    expect(runCli(['--dir', dir, 'config', id]).stdout).toContain('household: 0.25');
    runCli(['--dir', dir, 'config', id, '-'], { input: '{"region": "NE", "days": 60}' });
    expect(json(runCli(['--dir', dir, '--json', 'config', id]))).toEqual({ region: 'NE', days: 60 });
    runCli(['--dir', dir, 'params', id, '-'], { input: '{"seed": 1}' });
    expect(json(runCli(['--dir', dir, '--json', 'params', id]))).toEqual({ seed: 1 });
    const bad = runCli(['--dir', dir, 'params', id, '-'], { input: 'not json' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/stdin is not JSON/);
  });

  test('a config or params save killed mid-write leaves a temporary file that the next save removes', () => {
    const dir = tempDir();
    const id = runCli(['--dir', dir, 'create']).stdout.trim();
    // What writeFileAtomicSync leaves when killed before its rename: <target>.<pid>.<hex>.tmp
    const killed = ['config.yaml.4242.0badf00d.tmp', 'run_params.json.4243.deadbeef.tmp'];
    for (const k of killed) fs.writeFileSync(path.join(dir, id, k), '{"half": ');
    fs.writeFileSync(path.join(dir, id, 'config.yaml.notes.tmp'), 'a file of the user, named alike');
    runCli(['--dir', dir, 'config', id, '-'], { input: 'days: 60\n' });
    runCli(['--dir', dir, 'params', id, '-'], { input: '{"seed": 2}' });
    const names = fs.readdirSync(path.join(dir, id)).sort();
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual(['config.yaml.notes.tmp']);
    expect(json(runCli(['--dir', dir, '--json', 'params', id]))).toEqual({ seed: 2 });
  });
});

describe('index check and repair', () => {
  test('check reports missing, stale and mismatched entries; repair fixes them', () => {
    const dir = tempDir();
    const a = runCli(['--dir', dir, 'create', '--description', 'A']).stdout.trim();
    const b = runCli(['--dir', dir, 'create', '--description', 'B']).stdout.trim();
    const idx = readJson(path.join(dir, '.run_index.json')) as { runs: any[]; latest: string };
    idx.runs = idx.runs.filter((r) => r.run_id !== a);
    idx.runs.push({ run_id: 'ghost', description: '', created_at: '', status: 'running', tags: [] });
    idx.runs.find((r) => r.run_id === b).description = 'changed';
    fs.writeFileSync(path.join(dir, '.run_index.json'), JSON.stringify(idx));
    const check = runCli(['--dir', dir, '--json', 'index', 'check']);
    expect(JSON.parse(check.stdout)).toEqual({
      missing: [a],
      stale: ['ghost'],
      mismatched: [b],
      readable: true,
      latest: b,
    });
    expect(check.code).toBe(1);
    expect(check.stderr).toBe(
      'runyard: the index and the run folders disagree; run `runyard index repair` to rewrite it from the folders\n',
    );
    const text = runCli(['--dir', dir, 'index', 'check']);
    expect([text.code, text.stdout]).toEqual([1, expect.stringMatching(/1 run\(s\) on disk but not in the index/)]);
    expect(runCli(['--dir', dir, 'index', 'repair']).stdout).toMatch(/3 entr\(ies\) fixed/);
    expect(json(runCli(['--dir', dir, '--json', 'index', 'check']))).toEqual({
      missing: [],
      stale: [],
      mismatched: [],
      readable: true,
      latest: b,
    });
  });

  test('an unreadable index is reported as such', () => {
    const dir = tempDir();
    runCli(['--dir', dir, 'create']);
    fs.writeFileSync(path.join(dir, '.run_index.json'), 'garbage');
    const check = runCli(['--dir', dir, '--json', 'index', 'check']);
    expect(JSON.parse(check.stdout)).toMatchObject({ readable: false });
    expect(check.code).toBe(1);
    expect(runCli(['--dir', dir, 'index', 'repair']).code).toBe(0);
    expect(runCli(['--dir', dir, 'index', 'check'])).toMatchObject({
      code: 0,
      stderr: '',
      stdout: expect.stringMatching(/agrees with the folders/),
    });
  });
});

describe('errors and help', () => {
  test.each([
    ['show', '../etc'],
    ['show', '/etc/passwd'],
    ['status', '..', 'running'],
    ['create', '--id', '../escape'],
    ['create', '--id', 'a/b'],
    ['create', '--id', '..'],
  ])('path escape %s %s is refused without touching anything outside', (...args) => {
    const parent = tempDir();
    const dir = path.join(parent, 'runs');
    fs.mkdirSync(dir);
    const r = runCli(['--dir', dir, ...args]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/invalid run id/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(parent)).toEqual(['runs']);
  });

  test('usage errors exit 2; failed operations exit 1; never a stack trace', () => {
    const dir = tempDir();
    const usage = runCli(['--dir', dir, 'list', '--limit', 'many']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/whole number/);
    expect(runCli(['--dir', dir, 'frobnicate']).code).toBe(2);
    const missing = runCli(['--dir', dir, 'show', 'no-such-run']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^runyard: no run/);
    expect(missing.stderr).not.toMatch(/\bat .*\.cjs/);
  });

  test('--help works on every command', () => {
    for (const cmd of [
      [],
      ['list'],
      ['show'],
      ['tree'],
      ['create'],
      ['resume'],
      ['status'],
      ['checkpoint'],
      ['config'],
      ['params'],
      ['index'],
      ['index', 'check'],
      ['index', 'repair'],
      ['demo'],
    ]) {
      const r = runCli([...cmd, '--help']);
      expect(r.code, `runyard ${cmd.join(' ')} --help`).toBe(0);
      expect(r.stdout).toMatch(/Usage: runyard/);
    }
  });
});

test('demo makes a realistic directory: sweep, failures, running runs, lineage, per-rank checkpoints, logs and CSV', () => {
  const dir = path.join(tempDir(), 'demo');
  expect(runCli(['demo', dir]).code).toBe(0);
  const runs = json<any[]>(runCli(['--dir', dir, 'list', '--json']));
  const statuses = new Set(runs.map((r) => r.status));
  for (const s of ['completed', 'failed', 'running', 'initialising', 'checkpointed']) expect(statuses).toContain(s);
  expect(runs.filter((r) => r.tags.includes('sweep')).length).toBeGreaterThanOrEqual(5);
  expect(runs.filter((r) => r.parent_run_id).length).toBeGreaterThanOrEqual(3);
  const base = runs.find((r) => r.description === 'Baseline calibration');
  const detail = json<any>(runCli(['--dir', dir, 'show', base.run_id, '--json']));
  expect(detail.checkpoints[0].files).toHaveLength(4);
  expect(fs.readFileSync(path.join(dir, base.run_id, 'results/summary.csv'), 'utf8')).toMatch(
    /^day,susceptible,infected/,
  );
  expect(fs.readFileSync(path.join(dir, base.run_id, 'logs/simulation.log'), 'utf8')).toContain('[INFO]');
  expect(runCli(['demo', dir]).stderr).toMatch(/not empty/);
});

test('concurrent writers: several processes creating runs at once lose no index entry', async () => {
  const dir = tempDir();
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, i) => runCliAsync(['--dir', dir, 'create', '--description', `p${i}`])),
  );
  for (const r of results) expect(r.code, r.stderr).toBe(0);
  const ids = results.map((r) => r.stdout.trim()).sort();
  const idx = readJson(path.join(dir, '.run_index.json')) as { runs: { run_id: string }[] };
  expect(idx.runs.map((r) => r.run_id).sort()).toEqual(ids);
  expect(json(runCli(['--dir', dir, '--json', 'index', 'check']))).toMatchObject({ missing: [], stale: [] });
});
