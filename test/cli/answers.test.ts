// What a script can rely on from `runyard`: one line on stderr in Runyard's words for
// every mistake, exit 2 for usage and 1 for a failure, quiet ends when the reader of a
// pipe goes away, and --version.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLI, runCli } from '../helpers/cli';
import { tempDir } from '../helpers/dirs';
import { makeRun, makeRuns } from '../helpers/live-runs';

const VERSION = (
  JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string }
).version;

/** Exactly one line, `runyard: …`, and nothing of Node's own (stack frames, error codes, warnings). */
function expectOneLine(stderr: string, label: string): void {
  const lines = stderr.split('\n').filter((l) => l !== '');
  expect(lines, label).toHaveLength(1);
  expect(lines[0], label).toMatch(/^runyard: /);
  expect(stderr, label).not.toMatch(
    /Error:|^\s+at |node:|\bE[A-Z]{3,}\b|--trace-warnings|ExperimentalWarning|\(node:\d+\)/m,
  );
}

/** A folder kept for a whole describe block (tempDir's are removed after each test). */
const kept: string[] = [];
function lasting(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'runyard-answers-'));
  kept.push(d);
  return d;
}
afterAll(() => {
  for (const d of kept) fs.rmSync(d, { recursive: true, force: true });
});

let base: string;
let runs: string;
let aFile: string;
let run: string;
beforeAll(() => {
  base = lasting();
  runs = path.join(base, 'runs');
  fs.mkdirSync(runs);
  run = 'answer-run';
  makeRun(runs, run, 'completed');
  aFile = path.join(base, 'a-file');
  fs.writeFileSync(aFile, 'not a folder');
});

describe('usage errors: one runyard: line, exit 2', () => {
  const cases: [string, (d: string) => string[], RegExp][] = [
    ['unknown command', (d) => ['--dir', d, 'frobnicate'], /unknown command 'frobnicate'/],
    ['unknown command, close to a real one', (d) => ['--dir', d, 'lst'], /unknown command 'lst'.*Did you mean list/],
    ['unknown global option', (d) => ['--dir', d, '--bogus', 'list'], /unknown option '--bogus'/],
    ['unknown option of a command', (d) => ['--dir', d, 'list', '--bogus'], /unknown option '--bogus'/],
    [
      'unknown option of list --json (the fast path hands it on)',
      (d) => ['--dir', d, 'list', '--json', '--bogus'],
      /unknown option '--bogus'/,
    ],
    ['missing argument', (d) => ['--dir', d, 'show'], /missing required argument 'run'/],
    ['missing second argument', (d) => ['--dir', d, 'status', 'x'], /missing required argument 'status'/],
    ['missing option value', (d) => ['--dir', d, 'list', '--limit'], /option '--limit <n>' argument missing/],
    ['bad value', (d) => ['--dir', d, 'list', '--limit', 'many'], /whole number/],
    ['bad choice', (d) => ['--dir', d, 'watch', '--watch', 'sometimes'], /sometimes/],
    ['excess arguments', (d) => ['--dir', d, 'list', 'extra'], /too many arguments for 'list'/],
    ['excess arguments to a subcommand', (d) => ['--dir', d, 'index', 'check', 'extra'], /too many arguments/],
    ['unknown subcommand', (d) => ['--dir', d, 'trash', 'burn'], /unknown command 'burn'/],
    ['empty --dir', () => ['--dir', '', 'list'], /--dir needs a folder/],
    ['empty --dir, list --json', () => ['--dir', '', 'list', '--json'], /--dir needs a folder/],
    ['empty --dir=', () => ['--dir=', 'show', 'x'], /--dir needs a folder/],
    ['empty --dir with a write command', () => ['--dir', '', 'create'], /--dir needs a folder/],
    ['empty --git-repo', (d) => ['--dir', d, '--git-repo', '', 'create'], /--git-repo needs a folder/],
    ['bad --set', (d) => ['--dir', d, 'create', '--set', 'novalue'], /--set wants KEY=VALUE/],
  ];
  test.each(cases)('%s', (label, args, message) => {
    const r = runCli(args(runs), { cwd: base });
    expect(r.code, `${label}: ${r.stderr}`).toBe(2);
    expectOneLine(r.stderr, label);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  test('an empty --dir never means the current folder: nothing is created there', () => {
    const cwd = tempDir();
    expect(runCli(['--dir', '', 'create'], { cwd }).code).toBe(2);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});

describe('failures: one runyard: line, exit 1', () => {
  const missing = () => path.join(base, 'no-such-runs');
  const commands: string[][] = [
    ['list'],
    ['list', '--json'],
    ['--json', 'list'],
    ['list', '--json', '--limit', '1'],
    ['show', 'abc'],
    ['tree'],
    ['du'],
    ['watch'],
    ['index', 'check'],
    ['index', 'repair'],
    ['trash', 'list'],
    ['trash', 'empty', '--yes'],
    ['trash', 'restore', 'abc'],
    ['prune', '--older-than', '1d', '--yes'],
    ['checkpoints', 'prune', 'abc', '--keep-last', '1'],
    ['create'],
    ['resume', 'abc'],
    ['status', 'abc', 'running'],
    ['checkpoint', 'abc', 'c1'],
    ['config', 'abc'],
    ['params', 'abc'],
  ];
  test.each(commands)('a missing runs folder is said as that: %s', (...cmd) => {
    const r = runCli(['--dir', missing(), ...cmd]);
    expect(r.code, r.stderr).toBe(1);
    expectOneLine(r.stderr, cmd.join(' '));
    expect(r.stderr).toBe(`runyard: runs folder ${missing()} does not exist\n`);
    expect(fs.existsSync(missing())).toBe(false);
  });

  test.each([['list'], ['list', '--json'], ['create'], ['status', 'abc', 'running']])(
    'a file given as the runs folder: %s',
    (...cmd) => {
      const r = runCli(['--dir', aFile, ...cmd]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toBe(`runyard: runs folder ${aFile} is not a folder\n`);
    },
  );

  test('$RUNYARD_DIR naming a missing folder, and an empty $RUNYARD_DIR (unset: ./runs)', () => {
    const r = runCli(['list'], { env: { RUNYARD_DIR: missing() } });
    expect([r.code, r.stderr]).toEqual([1, `runyard: runs folder ${missing()} does not exist\n`]);
    for (const args of [
      ['list', '--json'],
      ['--json', 'list'],
    ]) {
      const unset = runCli(args, { cwd: base, env: { RUNYARD_DIR: '' } });
      expect(unset.code, unset.stderr).toBe(0);
      expect((JSON.parse(unset.stdout) as { run_id: string }[]).map((x) => x.run_id)).toEqual([run]);
    }
    const elsewhere = runCli(['list'], { cwd: tempDir(), env: { RUNYARD_DIR: '' } });
    expect(elsewhere.stderr).toMatch(/^runyard: runs folder .*\/runs does not exist\n$/);
  });

  test('a folder where a file is expected, and no run: plain words, no errno codes', () => {
    const folder = path.join(base, 'a-folder');
    fs.mkdirSync(folder, { recursive: true });
    for (const [args, message] of [
      [['params', run, folder], new RegExp(`${folder}`)],
      [['show', 'zzzz-no-run'], /no run/],
    ] as const) {
      const r = runCli(['--dir', runs, ...args]);
      expect(r.code, r.stderr).toBe(1);
      expectOneLine(r.stderr, args.join(' '));
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('--version', () => {
  test.each([[CLI], [path.join(path.dirname(CLI), 'cli-main.cjs')]])('%s prints the package version', (script) => {
    for (const flag of ['--version', '-V']) {
      const r = spawnSync(process.execPath, [script, flag], { encoding: 'utf8' });
      expect([r.status, r.stdout, r.stderr]).toEqual([0, `${VERSION}\n`, '']);
    }
  });
});

describe('index check answers with its exit code', () => {
  test('agreeing: 0; a run missing from the index: 1 and the advice to repair; after repair: 0', () => {
    const dir = tempDir();
    expect(runCli(['--dir', dir, 'create']).code).toBe(0);
    expect(runCli(['--dir', dir, 'index', 'check']).code).toBe(0);
    makeRun(dir, 'hand-made', 'completed');
    const text = runCli(['--dir', dir, 'index', 'check']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/missing: hand-made/);
    expectOneLine(text.stderr, 'index check');
    expect(text.stderr).toMatch(/runyard index repair/);
    const asJson = runCli(['--dir', dir, '--json', 'index', 'check']);
    expect([asJson.code, (JSON.parse(asJson.stdout) as { missing: string[] }).missing]).toEqual([1, ['hand-made']]);
    expect(runCli(['--dir', dir, 'index', 'repair']).code).toBe(0);
    expect(runCli(['--dir', dir, 'index', 'check']).code).toBe(0);
  });
});

describe('a reader that goes away ends the CLI quietly (exit 0, nothing on stderr)', () => {
  let many: string;
  beforeAll(() => {
    many = lasting();
    // Enough output to fill a pipe (64 KiB) several times over.
    makeRuns(many, 1500, { bare: true });
    for (let i = 1; i < 1500; i++) {
      const file = path.join(many, `run-${String(i).padStart(5, '0')}`, 'metadata.json');
      const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      m.parent_run_id = `run-${String(i - 1).padStart(5, '0')}`;
      m.description = 'x'.repeat(200);
      fs.writeFileSync(file, JSON.stringify(m));
    }
    expect(runCli(['--dir', many, 'index', 'repair']).code).toBe(0);
  });

  const piped: [string, string[], string][] = [
    ['list | head -1', ['list'], 'head -1'],
    ['list --json | head -c 10', ['list', '--json'], 'head -c 10'],
    ['--json list | head -c 10 (cached answer)', ['--json', 'list'], 'head -c 10'],
    ['list --json --limit 1000 | head -c 10', ['list', '--json', '--limit', '1000'], 'head -c 10'],
    [
      'list --json --status running | head -c 10 (full CLI)',
      ['list', '--json', '--status', 'running', '--tag', 'x', '--tag', 'y', '--search', ''],
      'head -c 10',
    ],
    ['tree | head -1', ['tree'], 'head -1'],
    ['--json tree | head -1', ['--json', 'tree'], 'head -1'],
    ['show | true', ['show', 'run-01499'], 'true'],
    ['--json show | true', ['--json', 'show', 'run-00000'], 'true'],
  ];
  test.each(piped)('%s', (_label, args, reader) => {
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} --dir ${JSON.stringify(many)} ${args.map((a) => JSON.stringify(a)).join(' ')} 2>"$ERR" | ${reader} >/dev/null; echo "\${PIPESTATUS[0]}"`;
    const err = path.join(tempDir(), 'stderr');
    for (let round = 0; round < 2; round++) {
      const r = spawnSync('bash', ['-c', cmd], {
        encoding: 'utf8',
        env: { ...process.env, RUNYARD_DIR: '', ERR: err, XDG_CACHE_HOME: path.join(many, '..', 'cache') },
      });
      expect(r.stdout.trim()).toBe('0');
      expect(fs.readFileSync(err, 'utf8')).toBe('');
    }
  });

  test('watch, once its reader has gone and a run changes', async () => {
    const dir = tempDir();
    makeRun(dir, 'first', 'running');
    const child = spawn(process.execPath, [CLI, '--dir', dir, 'watch', '--watch', 'poll', '--poll-interval', '100'], {
      env: { ...process.env, RUNYARD_DIR: '' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    for (let i = 0; i < 30 && child.exitCode === null; i++) {
      makeRun(dir, `later-${i}`, 'running');
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});
