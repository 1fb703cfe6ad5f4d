// Nobody gets in through a runs folder or the API. Path traversal and symlink escapes
// are tried through every CLI command that takes a run or a path and through every API
// request (the list comes from the contract, so a new request is covered or this test
// says it is not); links planted to redirect Runyard's own writes are tried too. A
// folder outside the runs directory holds a canary: its bytes, inodes and times must
// not change and no answer may contain it. Nothing in a runs folder may make Runyard
// run a command. The API validator is fuzzed with seeded random payloads.
//
// Proven elsewhere and not repeated here: the token, Origin check, loopback default
// and read-only refusals of `serve` (test/serve.test.ts), the Electron security
// checklist (test/electron-shell.test.ts), resume commands run without a shell
// (test/api-handlers.test.ts › resume).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { z } from 'zod';
import { Backend } from '../../electron/api/backend';
import type { HandlerTable } from '../../electron/api/dispatcher';
import { SettingsStore } from '../../electron/api/settings-store';
import { contract, requestNames, type RequestName } from '../../shared/api/contract';
import type { ValueSeries } from '../../shared/api/value-models';
import type { ApiResult } from '../../shared/api/result';
import { connect } from '../helpers/api';
import { serve } from '../helpers/serve';
import { tempDir } from '../helpers/dirs';
import { runIds } from '../helpers/trash';
import { validParams } from '../helpers/valid-params';
import { goodRuns, GOOD_PARENT, metadataFor, writeRun } from './bad-input/cases';
import { cacheHome, fsSnapshot, prng, recordFigures, runyard, snapshotDiff } from './support';
import { until } from '../helpers/poll';

// Electron cannot run here; the window module only needs these (mocking `electron` is allowed, as in electron-shell.test.ts).
vi.mock('electron', () => ({ BrowserWindow: class {}, protocol: {}, session: {} }));

const SECRET = 'CANARY-7f3e9d21-do-not-leak';
const figures: Record<string, unknown> = {};

beforeAll(() => {
  process.env.XDG_CACHE_HOME = cacheHome;
  process.env.RUNYARD_CACHE_DIR = 'off';
});
afterAll(() => recordFigures('security', figures));

/**
 * root/runs: the two good runs, `linked-run` -> a run folder outside, a log link and a
 * config link leading out. root/outside: the canary files and a whole run folder.
 */
function hostileLayout() {
  const root = tempDir('runyard-sec-');
  const dir = path.join(root, 'runs');
  const outside = path.join(root, 'outside');
  fs.mkdirSync(dir);
  fs.mkdirSync(outside);
  goodRuns(dir);
  fs.writeFileSync(path.join(outside, 'canary.txt'), `${SECRET}\n`);
  const victim = writeRun(outside, 'victim-run', metadataFor('victim-run', { description: SECRET }));
  fs.writeFileSync(path.join(victim, 'config.yaml'), `secret: ${SECRET}\n`);
  fs.writeFileSync(path.join(victim, 'logs', 'simulation.log'), `${SECRET}\n`);
  fs.writeFileSync(path.join(victim, 'checkpoints', 'checkpoint_1.hdf5'), SECRET);
  fs.symlinkSync(victim, path.join(dir, 'linked-run'));
  fs.symlinkSync(outside, path.join(dir, GOOD_PARENT, 'logs', 'escape'));
  fs.symlinkSync(path.join(outside, 'canary.txt'), path.join(dir, GOOD_PARENT, 'results', 'canary-link.csv'));
  // A completed run nothing depends on: the one run a prune may take.
  writeRun(dir, 'done-run', metadataFor('done-run'));
  return { root, dir, outside };
}

const leaks = (text: string) => text.includes(SECRET);

describe('path traversal and symlink escape through every CLI command', () => {
  test('run references that leave the runs directory are refused, and nothing outside is read or changed', async () => {
    const { dir, outside } = hostileLayout();
    const before = fsSnapshot(outside);
    const runsBefore = runIds(dir);
    const configFile = path.join(dir, '..', 'new-config.yaml');
    fs.writeFileSync(configFile, 'a: 1\n');
    // '..' and an absolute path fail the same check as '../outside/victim-run' (a run id is one
    // folder name); the API test below tries them all.
    const refs = ['../outside/victim-run', 'linked-run'];
    const commands = (ref: string) => [
      ['show', ref],
      ['tree', ref],
      ['resume', ref],
      ['status', ref, 'completed'],
      ['checkpoint', ref, 'x'],
      ['config', ref],
      ['config', ref, configFile],
      ['params', ref],
      ['du', ref],
      ['prune', '--run', ref, '--yes'],
      ['checkpoints', 'prune', ref, '--keep-last', '0', '--yes'],
      ['trash', 'restore', ref],
      ['create', '--id', ref],
    ];
    const all = refs.flatMap((ref) => commands(ref));
    const results = [];
    for (let i = 0; i < all.length; i += 4)
      results.push(
        ...(await Promise.all(
          all.slice(i, i + 4).map((args) => runyard(['--dir', dir, ...args]).then((r) => ({ args, r }))),
        )),
      );
    for (const { args, r } of results) {
      const label = args.join(' ');
      expect(r.code, `${label} succeeded: ${r.stdout}`).not.toBe(0);
      expect(r.signal, label).toBeNull();
      expect(r.stderr.trim().split('\n'), `${label}: one line`).toHaveLength(1);
      expect(r.stderr, label).toMatch(
        /^runyard: (invalid run id|no run|nothing in the trash|.*symlink|a run linked-run already exists|.* is not inside)/,
      );
      expect(leaks(r.stdout + r.stderr), label).toBe(false);
    }
    expect(runIds(dir)).toEqual(runsBefore);
    expect(snapshotDiff(before, fsSnapshot(outside))).toEqual([]);
    figures.cli_traversal_attempts = results.length;
  }, 120_000);

  test('checkpoint paths pointing out of the runs directory are never resolved, measured or moved', async () => {
    const { dir, outside } = hostileLayout();
    const ckpt = path.join(outside, 'victim-run', 'checkpoints', 'checkpoint_1.hdf5');
    writeRun(
      dir,
      'ckpt-out',
      metadataFor('ckpt-out', {
        checkpoints: [
          { name: 'abs', created_at: null, path: ckpt },
          { name: 'rel', created_at: null, path: '../outside/victim-run/checkpoints/checkpoint_1.hdf5' },
          { name: 'via-runs', created_at: null, path: 'runs/../outside/victim-run/checkpoints/checkpoint_1.hdf5' },
          {
            name: 'via-link',
            created_at: null,
            path: `runs/${GOOD_PARENT}/logs/escape/victim-run/checkpoints/checkpoint_1.hdf5`,
          },
        ],
      }),
    );
    const before = fsSnapshot(outside);
    // show and du read the list before the prune empties it (run together, the prune could win).
    const [show, du] = await Promise.all([
      runyard(['--dir', dir, '--json', 'show', 'ckpt-out']),
      runyard(['--dir', dir, '--json', 'du', 'ckpt-out']),
    ]);
    const prune = await runyard(['--dir', dir, 'checkpoints', 'prune', 'ckpt-out', '--keep-last', '0', '--yes']);
    expect(show.code, show.stderr).toBe(0);
    expect(
      (JSON.parse(show.stdout) as { checkpoints: { resolved_path: string | null }[] }).checkpoints.map(
        (c) => c.resolved_path,
      ),
    ).toEqual([null, null, null, null]);
    expect(JSON.parse(du.stdout)).toMatchObject({ checkpoints: 0 });
    expect(prune.stdout + prune.stderr).not.toContain(outside);
    expect(snapshotDiff(before, fsSnapshot(outside))).toEqual([]);
  });
});

describe("links planted to redirect Runyard's own writes", () => {
  test('.run_index.json, metadata.json and config.yaml links: the link is replaced or refused, the target never written', async () => {
    const { dir, outside } = hostileLayout();
    fs.writeFileSync(path.join(outside, 'bashrc'), `# ${SECRET}\n`);
    fs.rmSync(path.join(dir, '.run_index.json'));
    fs.symlinkSync(path.join(outside, 'bashrc'), path.join(dir, '.run_index.json'));
    fs.mkdirSync(path.join(dir, 'meta-link'));
    fs.symlinkSync(path.join(outside, 'victim-run', 'metadata.json'), path.join(dir, 'meta-link', 'metadata.json'));
    fs.symlinkSync(path.join(outside, 'canary.txt'), path.join(dir, GOOD_PARENT, 'config.yaml'));
    const newConfig = path.join(dir, '..', 'cfg.yaml');
    fs.writeFileSync(newConfig, 'world: london\n');
    const before = fsSnapshot(outside);
    const list = await runyard(['--dir', dir, 'list']);
    expect(list.stderr).toMatch(/\.run_index\.json: the index is a link that leads out of the runs directory/);
    expect(leaks(list.stdout + list.stderr)).toBe(false);
    const created = await runyard(['--dir', dir, 'create', '--description', 'after the planted link']);
    expect(created.code, created.stderr).toBe(0);
    expect(fs.lstatSync(path.join(dir, '.run_index.json')).isFile()).toBe(true);
    expect(
      JSON.parse(fs.readFileSync(path.join(dir, '.run_index.json'), 'utf8')).runs.map(
        (e: { run_id: string }) => e.run_id,
      ),
    ).toContain(created.stdout.trim());
    const status = await runyard(['--dir', dir, 'status', 'meta-link', 'completed']);
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(
      /meta-link\/metadata\.json is a link that leads out of .*; Runyard neither reads nor writes through it/,
    );
    const config = await runyard(['--dir', dir, 'config', GOOD_PARENT, newConfig]);
    expect(config.code, config.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, GOOD_PARENT, 'config.yaml'), 'utf8')).toBe('world: london\n');
    expect(snapshotDiff(before, fsSnapshot(outside))).toEqual([]);
  });

  test('.trash/.deleting and .trash links: no command deletes or moves anything through them', async () => {
    const layout = hostileLayout();
    const victims = path.join(layout.outside, 'home');
    fs.mkdirSync(victims);
    for (const f of ['thesis.tex', 'data.csv']) fs.writeFileSync(path.join(victims, f), SECRET);
    fs.mkdirSync(path.join(layout.dir, '.trash'));
    fs.symlinkSync(victims, path.join(layout.dir, '.trash', '.deleting'));
    // A second directory whose whole .trash is a link.
    const other = hostileLayout();
    fs.symlinkSync(victims, path.join(other.dir, '.trash'));
    const before = fsSnapshot(victims);
    const runs = async (dir: string, ...cmds: string[][]) => {
      const out = [];
      for (const args of cmds) out.push({ args, r: await runyard(['--dir', dir, ...args]) });
      return out;
    };
    const a = await runs(
      layout.dir,
      ['index', 'repair'],
      ['create'],
      ['prune', '--run', 'done-run', '--yes'],
      ['trash', 'empty', '--yes'],
      ['trash', 'list'],
    );
    const b = await runs(
      other.dir,
      ['index', 'repair'],
      ['prune', '--run', 'done-run', '--yes'],
      ['trash', 'empty', '--yes'],
      ['trash', 'list'],
      ['trash', 'restore', 'thesis.tex'],
    );
    for (const { args, r } of [...a, ...b]) {
      expect(r.signal, args.join(' ')).toBeNull();
      expect(r.stderr + r.stdout, args.join(' ')).not.toMatch(/unexpected error/);
    }
    const empty = a.find((x) => x.args[0] === 'trash' && x.args[1] === 'empty')!.r;
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(
      /\.deleting is not a folder \(a link or a file\); Runyard will not move trash entries into it/,
    );
    expect(b.find((x) => x.args[0] === 'prune')!.r.stderr).toMatch(/\.trash is not a folder \(a symlink\)/);
    expect(snapshotDiff(before, fsSnapshot(victims))).toEqual([]);
    // The pruned run waits, whole, in the real trash of the first directory; the second never moved it.
    expect(fs.existsSync(path.join(layout.dir, '.trash', 'done-run', 'done-run', 'metadata.json'))).toBe(true);
    expect(fs.existsSync(path.join(other.dir, 'done-run', 'metadata.json'))).toBe(true);
  }, 60_000);
});

// ---- the API ----

const VALID: { [N in RequestName]: Record<string, unknown> } = validParams(GOOD_PARENT);

/** Params that name something on disk; every other param must be listed as inert, so a new request is classified here. */
const RUN_KEYS = new Set(['run_id']);
const PATH_KEYS = new Set(['path', 'folder', 'file']);
const DIR_KEYS = new Set(['dir']);
const LIST_KEYS = new Set(['run_ids', 'expect', 'policy']);
const INERT_KEYS = new Set([
  'offset',
  'length',
  'tail',
  'limit',
  'description',
  'tags',
  'status',
  'checkpoint',
  'copyCheckpoints',
  'olderThanDays',
  'operation',
  'reveal',
  'subscription',
  'theme',
  'columns',
  'staleAfterHours',
  'watchMode',
  'pollIntervalMs',
  'notifications',
  'resumeCommand',
  // Dotted config/params keys of the child: never a path (the file is config.yaml or
  // run_params.json by the prefix); hostile keys are refused in test/api-handlers.test.ts.
  'overrides',
  // An ssh question's id and the user's answer to it go to ssh's askpass, never to a file.
  'id',
  'answer',
  // Tag lists, a flag, a note's text: none names a file.
  'add',
  'remove',
  'includeRunning',
  'text',
  // Value paths (config.KEY, results.FILE.COLUMN): keys inside a run's files, never a path; a
  // results FILE is matched against the listing of the run's results/ (test/run-values.test.ts).
  'paths',
  // Settings keys naming the folder whose columns or saved views these are; nothing is read from it.
  'dirColumns',
  'dirViews',
  // A column name inside a results CSV already opened (values.series): never a path.
  'column',
]);

function shapeOf(name: RequestName): string[] {
  return Object.keys((contract[name].params as unknown as z.ZodObject<z.ZodRawShape>).shape);
}

const HOSTILE_RUNS = [
  '..',
  '../outside/victim-run',
  'linked-run',
  '/etc',
  '.trash',
  'current',
  `${GOOD_PARENT}/..`,
  '%2e%2e',
  '..\\..',
];
const HOSTILE_PATHS = (outside: string) => [
  '../../outside/canary.txt',
  '/etc/passwd',
  path.join(outside, 'canary.txt'),
  'logs/escape/canary.txt',
  'logs/escape',
  'results/canary-link.csv',
  'logs/../../linked-run/config.yaml',
  'config.yaml',
  '....//....//outside',
  '%2e%2e/%2e%2e/outside/canary.txt',
];

/** Each hostile variant of one request's valid params. */
function hostileVariants(name: RequestName, outside: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const key of shapeOf(name)) {
    const base = VALID[name];
    if (RUN_KEYS.has(key)) for (const v of HOSTILE_RUNS) out.push({ ...base, [key]: v });
    else if (PATH_KEYS.has(key))
      for (const v of key === 'folder' ? ['..', '../..', '/', 'escape'] : HOSTILE_PATHS(outside))
        out.push({ ...base, [key]: v });
    else if (DIR_KEYS.has(key))
      for (const v of [outside, path.join(outside, 'victim-run'), '/etc', '..']) out.push({ ...base, [key]: v });
    else if (key === 'runs')
      for (const v of HOSTILE_RUNS) out.push({ ...base, runs: [{ run_id: v, tags: [], expect: [] }] });
    else if (LIST_KEYS.has(key))
      for (const v of HOSTILE_RUNS)
        out.push({
          ...base,
          [key]: key === 'policy' ? { runs: [v] } : [v],
          ...(key === 'policy' && name === 'prune.execute' ? { expect: [v] } : {}),
        });
    else
      expect(
        INERT_KEYS.has(key),
        `${name}.${key} is neither a path-like param nor listed as inert; classify it in security.test.ts`,
      ).toBe(true);
  }
  return out;
}

describe('path traversal and symlink escape through every API request', () => {
  test('every request that names a run, a path or a folder refuses hostile values; no answer holds the canary', async () => {
    const { dir, outside } = hostileLayout();
    const opened: string[] = [];
    const config = tempDir('runyard-sec-config-');
    const settings = new SettingsStore(config);
    // A resume command of the user's own, so resume.preview and resume.launch get as far as the run.
    settings.update((s) => {
      s.resumeCommands[dir] = { template: `${process.execPath} -e 0 {checkpoint_path}`, cwd: dir };
    });
    const mk = (readOnly: boolean) =>
      new Backend({
        transport: 'ipc',
        readOnly,
        settings,
        log: () => undefined,
        watch: { mode: 'poll', pollIntervalMs: 250 },
        platform: { openPath: async (p) => void opened.push(p) },
      });
    const before = fsSnapshot(outside);
    let attempts = 0;
    const answers: { name: string; params: unknown; r: ApiResult<unknown> }[] = [];
    for (const readOnly of [false, true]) {
      const backend = mk(readOnly);
      const session = backend.openSession(() => undefined);
      try {
        expect((await backend.request(session, 'dir.open', { dir })).ok).toBe(true);
        for (const name of requestNames) {
          // Choosing another folder is the user's own decision in the desktop app and a writable serve.
          if (!readOnly && name.startsWith('dir.')) continue;
          for (const params of hostileVariants(name, outside)) {
            const r = await backend.request(session, name, params);
            attempts++;
            answers.push({ name, params, r });
          }
        }
      } finally {
        await backend.close();
      }
    }
    for (const { name, params, r } of answers) {
      const label = `${name} ${JSON.stringify(params)}`;
      expect(leaks(JSON.stringify(r)), label).toBe(false);
      if (r.ok) {
        // Accepted only where a hostile value is harmless: a plan or a size list that names nothing outside.
        expect(
          [
            'prune.plan',
            'prune.execute',
            'du.get',
            'runs.editTags',
            'runs.restoreTags',
            'values.columns',
            'values.get',
            'values.series',
          ],
          `${label} was accepted: ${JSON.stringify(r.value).slice(0, 300)}`,
        ).toContain(name);
        // run_ids only choose among the folder's runs: a hostile one chooses none.
        if (name === 'values.columns') expect(r.value).toMatchObject({ runs: 0 });
        if (name === 'values.get') expect(r.value).toMatchObject({ values: {} });
        // A results file that leads out is named with why, and nothing of it is plotted.
        if (name === 'values.series')
          for (const run of (r.value as ValueSeries).runs)
            expect([run.x, run.problem !== null], label).toEqual([[], true]);
        expect(JSON.stringify(r.value), label).not.toContain(outside);
        if (name === 'du.get') expect(r.value).toEqual([]);
        if (name === 'prune.execute') expect(r.value).toMatchObject({ removed: [] });
        // A bulk edit answers per run: every hostile one skipped, with the reason.
        if (name.endsWith('Tags'))
          expect(
            (r.value as { outcome: string }[]).every((x) => x.outcome === 'skipped'),
            label,
          ).toBe(true);
      } else expect(r.error.code, label).not.toBe('internal');
    }
    expect(opened.filter((p) => !p.startsWith(dir + path.sep))).toEqual([]);
    expect(snapshotDiff(before, fsSnapshot(outside))).toEqual([]);
    figures.api_traversal_attempts = attempts;
    figures.api_requests_covered = requestNames.length;
  }, 60_000);

  test('serve --read-only: another folder cannot be opened, the recent list is not shown, and a whole session writes nothing', async () => {
    const { root, dir, outside } = hostileLayout();
    const before = fsSnapshot(root);
    const s = await serve(dir, ['--read-only'], { XDG_CACHE_HOME: cacheHome });
    try {
      const c = await connect(`ws://127.0.0.1:${s.port}/api?token=${s.token}`);
      expect(await c.call('dir.open', { dir: outside })).toMatchObject({
        ok: false,
        error: { code: 'read-only', message: expect.stringContaining('shows only that folder') },
      });
      expect(await c.call('dir.open', { dir })).toMatchObject({ ok: true });
      expect(await c.call('dir.recent', {})).toEqual({ ok: true, value: [dir] });
      for (const [name, params] of [
        ['run.readFile', { run_id: GOOD_PARENT, path: 'logs/escape/canary.txt' }],
        ['run.readFile', { run_id: 'linked-run', path: 'config.yaml' }],
        ['run.get', { run_id: 'linked-run' }],
        ['run.files', { run_id: GOOD_PARENT, folder: '.' }],
        ['index.repair', {}],
        ['run.edit', { run_id: GOOD_PARENT, tags: ['x'] }],
      ] as const) {
        const r = await c.call(name, params);
        expect(leaks(JSON.stringify(r)), name).toBe(false);
      }
      expect((await c.call('runs.snapshot', {})).ok).toBe(true);
      c.close();
    } finally {
      await s.stop();
    }
    expect(snapshotDiff(before, fsSnapshot(root))).toEqual([]);
  }, 60_000);
});

// ---- nothing in a runs folder runs a command ----

describe('no command runs because of what a runs folder holds', () => {
  test('a hostile .git, shell syntax in metadata, a resume_command key and a settings file in the folder: list, show, serve, resume.preview and resume.launch run nothing of theirs', async () => {
    const root = tempDir('runyard-noexec-');
    const marker = (what: string) => path.join(root, `MARKER-${what}`);
    const touch = (what: string) => `touch ${marker(what)}`;
    // The simulation's repository (the CLI's working folder, whose HEAD goes into git_commit) is hostile.
    const repo = path.join(root, 'repo');
    const dir = path.join(repo, 'runs');
    fs.mkdirSync(dir, { recursive: true });
    const gitConfig = `[core]\n\tfsmonitor = "${touch('fsmonitor')}"\n\thooksPath = hooks\n\tsshCommand = "${touch('ssh')}"\n[alias]\n\trev-parse = "!${touch('alias')}"\n`;
    for (const base of [repo, dir]) {
      fs.mkdirSync(path.join(base, '.git', 'refs', 'heads'), { recursive: true });
      fs.mkdirSync(path.join(base, '.git', 'hooks'));
      fs.writeFileSync(path.join(base, '.git', 'config'), gitConfig);
      fs.writeFileSync(path.join(base, '.git', 'HEAD'), 'ref: refs/heads/main\n');
      fs.writeFileSync(path.join(base, '.git', 'refs', 'heads', 'main'), `${'c0ffee'.padEnd(40, '1')}\n`);
      for (const hook of ['post-checkout', 'pre-commit', 'post-index-change', 'fsmonitor-watchman'])
        fs.writeFileSync(path.join(base, '.git', 'hooks', hook), `#!/bin/sh\n${touch(`hook-${hook}`)}\n`, {
          mode: 0o755,
        });
    }
    // A `git` that tells on itself, first on PATH: Runyard must read .git, never run git.
    const bin = path.join(root, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'git'), `#!/bin/sh\n${touch('git-ran')}\n`, { mode: 0o755 });
    const env = { PATH: `${bin}:${process.env.PATH}` };

    goodRuns(dir);
    const evil = `$(${touch('subst')}); \`${touch('backtick')}\`; ${touch('semicolon')} | ${touch('pipe')}`;
    const ckptName = `ckpt-$(${touch('ckpt-name')})`;
    // A file name cannot hold a slash: this one touches a marker in whatever folder would run it.
    const ckptFile = '$(touch MARKER-ckpt-path).hdf5';
    const ckptPath = `runs/evil-run/checkpoints/${ckptFile}`;
    writeRun(
      dir,
      'evil-run',
      metadataFor('evil-run', {
        description: evil,
        tags: [evil],
        user: evil,
        hostname: `$(${touch('host')})`,
        resume_command: touch('resume-key'),
        on_open: touch('on-open'),
        checkpoints: [{ name: ckptName, created_at: '2026-10-28T09:00:00Z', path: ckptPath }],
      }),
    );
    fs.writeFileSync(path.join(dir, 'evil-run', 'checkpoints', ckptFile), 'HDF5');
    fs.writeFileSync(
      path.join(dir, 'evil-run', 'config.yaml'),
      `cmd: !!js/function "function () { require('child_process').execSync('${touch('yaml')}') }"\nshell: "${evil}"\n`,
    );
    fs.mkdirSync(path.join(dir, '.runyard'));
    fs.writeFileSync(
      path.join(dir, '.runyard', 'settings.json'),
      JSON.stringify({ resumeCommands: { [dir]: { template: touch('folder-settings'), cwd: '.' } } }),
    );

    // ---- the CLI, from inside the hostile repository ----
    const cli = (args: string[]) => runyard(['--dir', dir, ...args], { cwd: repo, env });
    for (const args of [
      ['list'],
      ['show', 'evil-run'],
      ['tree'],
      ['--json', 'show', 'evil-run'],
      ['config', 'evil-run'],
      ['du'],
      ['index', 'check'],
      ['status', 'evil-run', 'running'],
      ['index', 'repair'],
    ]) {
      const r = await cli(args);
      // The hostile run is not in the index yet: `index check` says so with exit 1 (issue 14).
      const code = args.join(' ') === 'index check' ? 1 : 0;
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
    }
    const created = await cli(['--json', 'create', '--description', evil]);
    expect(JSON.parse(created.stdout)).toMatchObject({ description: evil, git_commit: 'c0ffee111111' });
    const child = await cli(['--json', 'resume', 'evil-run']);
    expect(JSON.parse(child.stdout)).toMatchObject({ parent_run_id: 'evil-run', checkpoints: [{ name: ckptName }] });

    // ---- serve, with the user's own resume command in the user's own settings ----
    const config = path.join(root, 'user-config');
    const dump = path.join(root, 'argv.json');
    const dumper = path.join(root, 'dump-argv.js');
    fs.writeFileSync(
      dumper,
      `require('fs').writeFileSync(${JSON.stringify(dump)}, JSON.stringify(process.argv.slice(2)));\n`,
    );
    new SettingsStore(config).update((s) => {
      s.resumeCommands[dir] = {
        template: `${process.execPath} ${dumper} {checkpoint_path} {checkpoint_name} {run_id} {parent_run_id}`,
        cwd: root,
      };
    });
    const s = await serve(dir, [], { RUNYARD_CONFIG_DIR: config, XDG_CACHE_HOME: cacheHome, ...env });
    try {
      const c = await connect(`ws://127.0.0.1:${s.port}/api?token=${s.token}`);
      const snap = await c.call('runs.snapshot', {});
      expect(snap.ok && snap.value.runs.map((r: { run_id: string }) => r.run_id)).toContain('evil-run');
      // The YAML tag is only text: a parsed config holds strings, never something that runs.
      const detail = await c.call('run.get', { run_id: 'evil-run' });
      expect(detail.ok && typeof detail.value.config.parsed?.cmd).toBe('string');
      const preview = await c.call('resume.preview', { run_id: 'evil-run' });
      expect(preview.ok && preview.value.command).toContain(dumper);
      expect(preview.ok && preview.value.command).not.toContain('folder-settings');
      const launch = await c.call('resume.launch', { run_id: 'evil-run' });
      expect(launch.ok, JSON.stringify(launch)).toBe(true);
      const argv = await until(
        'the resume command to run',
        () => fs.existsSync(dump) && (JSON.parse(fs.readFileSync(dump, 'utf8')) as string[]),
        15_000,
      );
      // Values from the folder arrive as single, literal arguments.
      expect(argv).toEqual([
        path.join(dir, 'evil-run', 'checkpoints', ckptFile),
        ckptName,
        launch.ok ? launch.value.run_id : '',
        'evil-run',
      ]);
      c.close();
    } finally {
      await s.stop();
    }
    const found: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.name.startsWith('MARKER-')) found.push(path.join(d, e.name));
        if (e.isDirectory()) walk(path.join(d, e.name));
      }
    };
    walk(root);
    found.push(...fs.readdirSync(process.cwd()).filter((n) => n.startsWith('MARKER-')));
    const markers = found;
    expect(markers).toEqual([]);
    const planted = new Set(
      [
        gitConfig,
        evil,
        ckptName,
        ckptPath,
        touch('resume-key'),
        touch('on-open'),
        touch('yaml'),
        touch('folder-settings'),
        touch('host'),
        touch('git-ran'),
        ...['post-checkout', 'pre-commit', 'post-index-change', 'fsmonitor-watchman'].map((h) => touch(`hook-${h}`)),
      ]
        .join('\n')
        .match(/MARKER-[\w-]+/g),
    );
    figures.no_exec = { planted_commands: planted.size, markers_created: markers.length };
  }, 90_000);

  test('only four modules start processes, none through a shell', () => {
    const files = (d: string): string[] =>
      fs
        .readdirSync(d, { withFileTypes: true })
        .flatMap((e) =>
          e.isDirectory() ? files(path.join(d, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(d, e.name)] : [],
        );
    const src = ['electron', 'shared', 'renderer'].flatMap((d) => files(path.resolve(__dirname, '../..', d)));
    const spawning = src
      .filter((f) => /^import (?!type )[^\n]*child_process/m.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(path.resolve(__dirname, '../..'), f))
      .sort();
    // The user's resume command, the browser opener for `serve --open`, `runyard start` launching Electron,
    // and the user's own ssh reaching a remote runs folder.
    expect(spawning).toEqual([
      'electron/api/resume-launch.ts',
      'electron/cli/commands/start.ts',
      'electron/remote/bootstrap.ts',
      'electron/server/open-browser.ts',
    ]);
    for (const f of spawning) {
      const text = fs.readFileSync(path.resolve(__dirname, '../..', f), 'utf8');
      expect(text, f).not.toMatch(/shell:\s*true|\bexec(Sync)?\(|execFile/);
      expect(text, f).toMatch(/shell:\s*false/);
    }
  });
});

describe('the Electron checklist, beyond test/electron-shell.test.ts', () => {
  test('permission checks are denied as well as requests, and redirects away from the app are blocked', async () => {
    const { hardenContents, installCsp } = await import('../../electron/main/window');
    const handlers: Record<string, (...a: any[]) => unknown> = {};
    installCsp({
      webRequest: { onHeadersReceived: () => undefined },
      setPermissionRequestHandler: (h: never) => void (handlers.request = h),
      setPermissionCheckHandler: (h: never) => void (handlers.check = h),
    } as never);
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fileSystem',
    ]) {
      expect(handlers.check!(null, permission, 'app://runyard', {}), permission).toBe(false);
      const answer = vi.fn();
      handlers.request!(null, permission, answer);
      expect(answer, permission).toHaveBeenCalledWith(false);
    }
    const on: Record<string, (...a: any[]) => unknown> = {};
    let openHandler: ((d: { url: string }) => unknown) | null = null;
    hardenContents({
      on: (e: string, f: never) => void (on[e] = f),
      setWindowOpenHandler: (h: never) => void (openHandler = h),
    } as never);
    for (const [url, blocked] of [
      ['https://evil.example/', true],
      ['file:///etc/passwd', true],
      ['app://elsewhere/', true],
      ['app://runyard/index.html', false],
    ] as const) {
      const e = { preventDefault: vi.fn() };
      on['will-redirect']!(e, url);
      expect(e.preventDefault.mock.calls.length > 0, url).toBe(blocked);
    }
    expect(openHandler!({ url: 'app://runyard/' })).toEqual({ action: 'deny' });
  });
});

// ---- fuzzing the validator ----

function junk(rand: () => number, depth = 0): unknown {
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const r = rand();
  if (r < 0.12)
    return pick([
      null,
      undefined,
      true,
      false,
      0,
      -0,
      -1,
      1.5,
      2 ** 53 + 1,
      1e308,
      -1e308,
      Number.NaN,
      Infinity,
      -Infinity,
    ]);
  if (r < 0.4) {
    return pick([
      '',
      'a',
      '..',
      '../../etc/passwd',
      '/etc/passwd',
      '\0',
      '__proto__',
      'constructor',
      'prototype',
      '%2e%2e',
      'current',
      '.trash',
      'x'.repeat(5000),
      'é'.repeat(300),
      '\u202e\u200b',
      '$(touch /tmp/x)',
      GOOD_PARENT,
      'logs/simulation.log',
      '{"a":1}',
      ...(rand() < 0.02 ? ['y'.repeat(1 << 20)] : []),
    ]);
  }
  if (r < 0.5) return pick([new Date(), new Map([['a', 1]]), new Set([1]), new Uint8Array(4), /re/, Symbol.iterator]);
  if (depth > 3) return rand() < 0.5 ? [] : {};
  if (r < 0.7) return Array.from({ length: Math.floor(rand() * 5) }, () => junk(rand, depth + 1));
  if (r < 0.75) {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 2000; i++) deep = [deep];
    return deep;
  }
  const keys = [
    '__proto__',
    'constructor',
    'prototype',
    'run_id',
    'path',
    'dir',
    'policy',
    'runs',
    'tags',
    'offset',
    'length',
    'toString',
    'valueOf',
    'hasOwnProperty',
  ];
  const text = `{${Array.from({ length: 1 + Math.floor(rand() * 3) }, () => `${JSON.stringify(pick(keys))}: ${JSON.stringify(junk(rand, depth + 1) ?? null) ?? 'null'}`).join(', ')}}`;
  // JSON.parse makes "__proto__" an own key, as a WebSocket frame or IPC message would.
  return JSON.parse(text);
}

/** Values of a plausible type, so that many payloads get past the validator and into the handlers. */
const PLAUSIBLE: unknown[] = [
  GOOD_PARENT,
  'linked-run',
  'logs/simulation.log',
  'logs',
  'results',
  '.',
  'config.yaml',
  'logs/escape',
  '../x',
  '',
  'é',
  0,
  1,
  65_536,
  500,
  true,
  false,
  ['a'],
  [GOOD_PARENT],
  { keep: 0 },
  { runs: [GOOD_PARENT] },
];

function payloadFor(name: RequestName, rand: () => number): unknown {
  const r = rand();
  if (r < 0.25) return junk(rand);
  const base: Record<string, unknown> = JSON.parse(JSON.stringify(VALID[name]));
  const keys = shapeOf(name);
  if (r < 0.55 && keys.length) base[keys[Math.floor(rand() * keys.length)]!] = junk(rand);
  else if (r < 0.85 && keys.length)
    base[keys[Math.floor(rand() * keys.length)]!] = PLAUSIBLE[Math.floor(rand() * PLAUSIBLE.length)];
  else if (r < 0.95)
    Object.assign(
      base,
      JSON.parse(
        `{${JSON.stringify(['__proto__', 'constructor', 'extra', 'polluted'][Math.floor(rand() * 4)])}: {"polluted": "yes", "prototype": {"polluted": "yes"}}}`,
      ),
    );
  return base;
}

const CODES = new Set([
  'invalid',
  'not-found',
  'conflict',
  'refused',
  'read-only',
  'unreadable',
  'io',
  'unsupported',
  'unauthorised',
  'internal',
]);

function isTypedResult(r: unknown): r is ApiResult<unknown> {
  if (!r || typeof r !== 'object') return false;
  const x = r as Record<string, unknown>;
  if (x.ok === true) return 'value' in x;
  const e = x.error as Record<string, unknown> | undefined;
  return x.ok === false && !!e && typeof e.message === 'string' && e.message.length > 0 && CODES.has(e.code as string);
}

describe('the API request validator, fuzzed', () => {
  const protoKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');

  test('thousands of random payloads across every request: never a throw, always a typed result, invalid ones never reach a handler, no prototype pollution', async () => {
    const rand = prng(20261126);
    const protoBefore = protoKeys();
    const table = Object.fromEntries(requestNames.map((n) => [n, vi.fn(() => null)])) as unknown as HandlerTable &
      Record<RequestName, ReturnType<typeof vi.fn>>;
    const backend = new Backend({
      transport: 'websocket',
      handlers: table,
      settings: new SettingsStore(tempDir()),
      log: () => undefined,
    });
    const session = backend.openSession(() => undefined);
    let total = 0;
    let invalid = 0;
    for (let round = 0; round < 160; round++) {
      for (const name of requestNames) {
        const params = payloadFor(name, rand);
        const calledBefore = table[name].mock.calls.length;
        const r = await backend.request(session, rand() < 0.03 ? junk(rand) : name, params);
        total++;
        expect(isTypedResult(r), `${name}: ${String(r)}`).toBe(true);
        let parsed: { success: boolean };
        try {
          parsed = (contract[name].params as z.ZodType).safeParse(params ?? {});
        } catch {
          parsed = { success: false };
        }
        const reached = table[name].mock.calls.length > calledBefore;
        const namesFolder = typeof (params as { dir?: unknown } | null)?.dir === 'string';
        if (!r.ok && r.error.code === 'invalid') {
          invalid++;
          expect(reached, name).toBe(false);
        } else if (!r.ok && r.error.code === 'not-found' && namesFolder) {
          // A folder that is not open is refused before any handler runs.
          expect(r.error.message, name).toMatch(/is not one of the runs folders open here/);
          expect(reached, name).toBe(false);
        } else {
          expect(parsed.success, `${name} accepted ${String(JSON.stringify(params)).slice(0, 200)}`).toBe(true);
          expect(reached, name).toBe(true);
        }
      }
    }
    expect(protoKeys()).toBe(protoBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    await backend.close();
    figures.fuzz_validator = {
      payloads: total,
      invalid,
      valid: total - invalid,
      requests: requestNames.length,
      seed: 20261126,
    };
  }, 60_000);

  test('over the WebSocket: a payload that makes the validator itself throw is answered "invalid", and serve keeps serving', async () => {
    const { dir } = hostileLayout();
    const s = await serve(dir, [], { XDG_CACHE_HOME: cacheHome });
    try {
      const c = await connect(`ws://127.0.0.1:${s.port}/api?token=${s.token}`);
      for (const params of [
        '{"run_id": {"length": {"valueOf": 1, "toString": 1}}}',
        '{"run_id": "x", "__proto__": {"polluted": 1}}',
        '{"constructor": {"prototype": {"polluted": 1}}}',
      ]) {
        const id = Math.floor(Math.random() * 1e9);
        const answer = new Promise<unknown>((resolve) =>
          c.ws.on('message', (d) => {
            const m = JSON.parse(String(d));
            if (m.id === id) resolve(m.result);
          }),
        );
        c.ws.send(`{"type": "request", "id": ${id}, "method": "run.get", "params": ${params}}`);
        expect(await answer).toMatchObject({ ok: false, error: { code: 'invalid' } });
      }
      expect(await c.call('app.info', {})).toMatchObject({ ok: true });
      expect(s.child.exitCode).toBeNull();
      c.close();
    } finally {
      await s.stop();
    }
  }, 60_000);

  test('the real handlers, read-only on a real folder: random payloads never cause an internal error', async () => {
    const { dir } = hostileLayout();
    const before = fsSnapshot(dir);
    const rand = prng(7);
    const backend = new Backend({
      transport: 'websocket',
      readOnly: true,
      settings: new SettingsStore(tempDir()),
      log: () => undefined,
      watch: { mode: 'poll', pollIntervalMs: 1000 },
    });
    const session = backend.openSession(() => undefined);
    expect((await backend.request(session, 'dir.open', { dir })).ok).toBe(true);
    let total = 0;
    const codes: Record<string, number> = {};
    for (let round = 0; round < 100; round++) {
      for (const name of requestNames) {
        const r = await backend.request(session, name, payloadFor(name, rand));
        total++;
        expect(isTypedResult(r), name).toBe(true);
        const code = r.ok ? 'ok' : r.error.code;
        codes[code] = (codes[code] ?? 0) + 1;
        expect(code, `${name}: ${r.ok ? '' : r.error.message}`).not.toBe('internal');
      }
    }
    await backend.close();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(snapshotDiff(before, fsSnapshot(dir))).toEqual([]);
    figures.fuzz_real_handlers = { payloads: total, results: codes };
  }, 60_000);
});
