// The backend's handlers on real folders, through the same dispatcher both transports
// use: bounded reads, confinement, log following, settings, resume, lineage, prune,
// trash and disk usage.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SettingsStore } from '../../electron/api/settings-store';
import { splitCommand } from '../../electron/api/resume-command';
import { handlers } from '../../electron/api/handler-table';
import { RunsDir } from '../../electron/store/runs-dir';
import type { ApiResult } from '../../shared/api/result';
import { eventsNamed, inProcess } from '../helpers/api';
import { sampleRuns, tempDir } from '../helpers/dirs';
import { until } from '../helpers/poll';

const PILOT = '6513270e-269e-4d37-b2a7-4de452e6b438';
const SWEEP = '36f675cc-81e7-4ef5-a8e2-5d940ed90475';
const LONG = 'a170b338-3926-4059-b28c-105d1fb17c23';
const OOM = '0fd630f1-f29d-4da9-953f-48f1a09f76b5';
const RETRY = '0cb1e29c-658c-4a14-95e6-0af593bd04cf';
const RUNNING = '8d116ece-1738-47d9-bd9c-172411e20b8f';

beforeAll(() => {
  process.env.RUNYARD_CACHE_DIR = 'off';
});

async function opened() {
  const dir = sampleRuns();
  const api = inProcess();
  const r = await api.call('dir.open', { dir });
  expect(r.ok).toBe(true);
  return { dir, ...api };
}

const value = <T = unknown>(r: ApiResult<unknown>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value as T;
};

describe('directories and runs', () => {
  it('asks for a folder before anything else, and says which folder is missing', async () => {
    const { call, backend } = inProcess();
    expect(await call('runs.snapshot', {})).toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringMatching(/no runs folder is open/) },
    });
    const missing = path.join(tempDir(), 'gone');
    expect(await call('dir.open', { dir: missing })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringContaining(missing) },
    });
    expect(await call('dir.pick', {})).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    await backend.close();
  });

  it('opens a folder, remembers it, and gives details of a run', async () => {
    const { dir, call, events, backend } = await opened();
    expect(eventsNamed(events, 'dir.opened')).toHaveLength(1);
    expect(value(await call('dir.recent', {}))).toEqual([dir]);
    expect(value<{ dir: string }>(await call('app.info', {})).dir).toBe(dir);
    const snap = value<{ runs: unknown[]; entries: { name: string; kind: string }[] }>(await call('runs.snapshot', {}));
    expect(snap.runs).toHaveLength(12);
    expect(snap.entries).toContainEqual(expect.objectContaining({ name: 'current', kind: 'current-link' }));

    const pilot = value<{ config: { ok: boolean; parsed: { region: string } }; metadata: Record<string, unknown> }>(
      await call('run.get', { run_id: PILOT }),
    );
    expect(pilot.config).toMatchObject({ ok: true, parsed: { region: 'Tyne and Wear' } });
    expect(pilot.metadata.run_id).toBe(PILOT);
    const sweep = value<{ params: { parsed: unknown } }>(await call('run.get', { run_id: SWEEP }));
    expect(sweep.params.parsed).toEqual({ household_beta: 0.2, mask_wearing: false });
    const long = value<{ children: string[]; checkpoints: { name: string; files: unknown[] }[] }>(
      await call('run.get', { run_id: LONG }),
    );
    expect(long.children.sort()).toEqual([OOM, '8e81973e-0bec-47b0-b898-d190f9ebdacc'].sort());
    // Both checkpoint paths (relative to another cwd, absolute on the cluster) resolve here.
    expect(long.checkpoints.map((c) => c.files.length)).toEqual([1, 1]);
    expect(await call('run.get', { run_id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    await backend.close();
  });

  it('edits tags, description and status on disk', async () => {
    const { dir, call, backend } = await opened();
    const r = value<{ tags: string[]; status: string }>(
      await call('run.edit', {
        run_id: PILOT,
        tags: ['pilot', 'keep'],
        description: 'Pilot (kept)',
        status: 'archived',
      }),
    );
    expect(r).toMatchObject({ tags: ['pilot', 'keep'], status: 'archived' });
    const meta = JSON.parse(fs.readFileSync(path.join(dir, PILOT, 'metadata.json'), 'utf8'));
    expect(meta).toMatchObject({ tags: ['pilot', 'keep'], description: 'Pilot (kept)', status: 'archived' });
    expect(await call('run.edit', { run_id: PILOT })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    await backend.close();
  });

  it('makes the demo folder and opens it', async () => {
    const { call, backend } = inProcess();
    const dir = path.join(tempDir(), 'demo');
    const snap = value<{ dir: string; runs: unknown[] }>(await call('dir.createDemo', { dir }));
    expect(snap.dir).toBe(dir);
    expect(snap.runs.length).toBeGreaterThan(5);
    expect(await call('dir.createDemo', { dir })).toMatchObject({ ok: false, error: { code: 'refused' } });
    await backend.close();
  });

  it('turns an unexpected error into an "internal" error and keeps answering', async () => {
    const { call, backend } = inProcess({
      handlers: {
        ...handlers,
        'app.info': () => {
          throw new TypeError('boom');
        },
      },
    });
    expect(await call('app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringMatching(/app\.info.*boom/) },
    });
    expect(value(await call('dir.recent', {}))).toEqual([]);
    await backend.close();
  });
});

describe('files and logs', () => {
  it('reads at most 64 KiB: the tail of a large log, on a character boundary', async () => {
    const { dir, call, backend } = await opened();
    const line = 'étape ✓ infections=12345\n';
    const text = line.repeat(8000);
    fs.writeFileSync(path.join(dir, PILOT, 'logs', 'big.log'), text);
    const size = Buffer.byteLength(text);
    const tail = value<{ text: string; offset: number; size: number; truncated: boolean }>(
      await call('run.readFile', { run_id: PILOT, path: 'logs/big.log', tail: true }),
    );
    expect(tail.size).toBe(size);
    expect(Buffer.byteLength(tail.text)).toBeLessThanOrEqual(65_536);
    expect(Buffer.byteLength(tail.text)).toBeGreaterThan(65_000);
    expect(tail.truncated).toBe(true);
    expect(tail.text).not.toContain('\uFFFD');
    expect(tail.text.endsWith(line)).toBe(true);
    expect(tail.offset + Buffer.byteLength(tail.text)).toBe(size);
    const head = value<{ text: string; offset: number }>(
      await call('run.readFile', { run_id: PILOT, path: 'logs/big.log', offset: 0, length: 100 }),
    );
    expect(head.offset).toBe(0);
    expect(head.text.startsWith('étape')).toBe(true);
    expect(await call('run.readFile', { run_id: PILOT, path: 'logs/big.log', length: 1_000_000 })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    await backend.close();
  });

  it('says a binary file is binary instead of sending its bytes as text', async () => {
    const { call, backend } = await opened();
    const h5 = value<{ binary: boolean; text: string }>(
      await call('run.readFile', { run_id: SWEEP, path: 'results/june_record.h5' }),
    );
    expect(h5).toMatchObject({ binary: true, text: '' });
    await backend.close();
  });

  it('pages a listing', async () => {
    const { dir, call, backend } = await opened();
    for (let i = 0; i < 30; i++)
      fs.writeFileSync(path.join(dir, PILOT, 'results', `part_${String(i).padStart(2, '0')}.csv`), 'x\n');
    const page = value<{ entries: { path: string }[]; total: number; offset: number }>(
      await call('run.files', { run_id: PILOT, folder: 'results', offset: 10, limit: 10 }),
    );
    expect(page.total).toBe(32);
    expect(page.offset).toBe(10);
    expect(page.entries.map((e) => e.path)).toEqual(
      Array.from({ length: 10 }, (_, i) => `results/part_${String(i + 9).padStart(2, '0')}.csv`),
    );
    fs.rmSync(path.join(dir, PILOT, 'logs'), { recursive: true });
    expect(value(await call('run.files', { run_id: PILOT, folder: 'logs' }))).toEqual({
      entries: [],
      total: 0,
      offset: 0,
    });
    await backend.close();
  });

  it('refuses a symlink that leads out of the runs directory, and allows one to a sibling run', async () => {
    const { dir, call, backend } = await opened();
    const outside = path.join(tempDir(), 'secret.txt');
    fs.writeFileSync(outside, 'secret\n');
    fs.symlinkSync(outside, path.join(dir, PILOT, 'logs', 'link.log'));
    fs.symlinkSync(path.join(dir, SWEEP, 'results', 'summary.csv'), path.join(dir, PILOT, 'results', 'sibling.csv'));
    expect(await call('run.readFile', { run_id: PILOT, path: 'logs/link.log' })).toMatchObject({
      ok: false,
      error: { code: 'refused' },
    });
    expect(await call('log.follow', { run_id: PILOT, path: 'logs/link.log' })).toMatchObject({
      ok: false,
      error: { code: 'refused' },
    });
    expect(
      value<{ text: string }>(await call('run.readFile', { run_id: PILOT, path: 'results/sibling.csv' })).text.length,
    ).toBeGreaterThan(0);
    await backend.close();
  });

  it('follows a log through appends, truncation and rotation', async () => {
    const { dir, call, events, backend } = await opened();
    const log = path.join(dir, RUNNING, 'logs', 'follow.log');
    fs.writeFileSync(log, 'day 1\n');
    const f = value<{ subscription: string; chunk: { text: string } }>(
      await call('log.follow', { run_id: RUNNING, path: 'logs/follow.log' }),
    );
    expect(f.chunk.text).toBe('day 1\n');
    type Data = { subscription: string; text: string; truncated: boolean };
    const data = () => eventsNamed(events, 'log.data') as Data[];
    const textAfter = (i: number) =>
      data()
        .slice(i)
        .map((d) => d.text)
        .join('');

    fs.appendFileSync(log, 'day 2\n');
    await until('the appended line', () => textAfter(0) === 'day 2\n');
    expect(data().every((d) => d.subscription === f.subscription && !d.truncated)).toBe(true);

    const n = data().length;
    fs.writeFileSync(log, 'restart\n');
    await until(
      'the truncated log',
      () =>
        data()
          .slice(n)
          .some((d) => d.truncated) && textAfter(n).includes('restart\n'),
    );

    const m = data().length;
    fs.renameSync(log, `${log}.1`);
    fs.writeFileSync(log, 'rotated\n');
    await until(
      'the rotated log',
      () =>
        data()
          .slice(m)
          .some((d) => d.truncated) && textAfter(m).includes('rotated\n'),
    );

    expect(value(await call('log.unfollow', { subscription: f.subscription }))).toBeNull();
    const k = data().length;
    fs.appendFileSync(log, 'unheard\n');
    await new Promise((r) => setTimeout(r, 700));
    expect(data().length).toBe(k);
    await backend.close();
  });
});

describe('shell.open (desktop only)', () => {
  it('opens data files and reveals anything, but never opens something the OS would run', async () => {
    const calls: [string, boolean][] = [];
    const { dir, call, backend } = await (async () => {
      const d = sampleRuns();
      const api = inProcess({
        platform: {
          openPath: async (full, reveal) => {
            calls.push([full, reveal]);
          },
        },
      });
      value(await api.call('dir.open', { dir: d }));
      return { dir: d, ...api };
    })();
    fs.writeFileSync(path.join(dir, PILOT, 'results', 'run.sh'), '#!/bin/sh\nrm -rf ~\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, PILOT, 'results', 'Runyard.desktop'), '[Desktop Entry]\nExec=evil\n');
    expect(value(await call('shell.open', { run_id: PILOT, path: 'logs/simulation.log' }))).toBeNull();
    expect(await call('shell.open', { run_id: PILOT, path: 'results/run.sh' })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringMatching(/Reveal/) },
    });
    expect(await call('shell.open', { run_id: PILOT, path: 'results/Runyard.desktop' })).toMatchObject({
      ok: false,
      error: { code: 'refused' },
    });
    expect(value(await call('shell.open', { run_id: PILOT, path: 'results/run.sh', reveal: true }))).toBeNull();
    // A folder is only ever revealed: opening one may launch it (a macOS .app bundle is a folder).
    expect(await call('shell.open', { run_id: PILOT })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: 'the run folder is not a file' },
    });
    expect(value(await call('shell.open', { run_id: PILOT, reveal: true }))).toBeNull();
    expect(await call('shell.open', { run_id: PILOT, path: '../../..' })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(calls).toEqual([
      [path.join(dir, PILOT, 'logs', 'simulation.log'), false],
      [path.join(dir, PILOT, 'results', 'run.sh'), true],
      [path.join(dir, PILOT), true],
    ]);
    await backend.close();
  });

  it('is unsupported under serve', async () => {
    const { call, backend } = await opened();
    expect(await call('shell.open', { run_id: PILOT })).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    await backend.close();
  });
});

describe('settings', () => {
  it('saves settings atomically in the user config folder and never shows window geometry', async () => {
    const { call, configDir, backend } = inProcess();
    const s = value<{ theme: string; pollIntervalMs: number }>(
      await call('settings.set', { theme: 'dark', pollIntervalMs: 5000 }),
    );
    expect(s).toMatchObject({ theme: 'dark', pollIntervalMs: 5000 });
    const file = path.join(configDir, 'settings.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ theme: 'dark', pollIntervalMs: 5000 });
    expect(fs.readdirSync(configDir)).toEqual(['settings.json']);
    new SettingsStore(configDir).update((x) => {
      x.window = { width: 900, height: 700 };
    });
    const again = inProcess({ settings: new SettingsStore(configDir) });
    const got = value<Record<string, unknown>>(await again.call('settings.get', {}));
    expect(got.theme).toBe('dark');
    expect(got).not.toHaveProperty('window');
    expect(await call('settings.set', { theme: 'purple' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    await backend.close();
    await again.backend.close();
  });

  it('keeps the good settings of a hand-edited file and ignores a broken one', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'settings.json'),
      JSON.stringify({ theme: 'dark', pollIntervalMs: -5, notifications: false }),
    );
    expect(new SettingsStore(dir).get()).toMatchObject({ theme: 'dark', pollIntervalMs: 2000, notifications: false });
    fs.writeFileSync(path.join(dir, 'settings.json'), '{ not json');
    expect(new SettingsStore(dir).get().theme).toBe('system');
  });

  it('uses RUNYARD_CONFIG_DIR, else XDG_CONFIG_HOME', async () => {
    const { configDir } = await import('../../electron/api/settings-store');
    expect(configDir({ RUNYARD_CONFIG_DIR: '/x/y' })).toBe('/x/y');
    if (process.platform === 'linux') expect(configDir({ XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/runyard');
  });
});

describe('resume', () => {
  const node = process.execPath;

  function argvScript(): string {
    const file = path.join(tempDir(), 'record argv.js');
    fs.writeFileSync(
      file,
      "require('fs').writeFileSync('argv.json', JSON.stringify({ argv: process.argv.slice(2), run: process.env.RUNYARD_RUN_ID }))\n",
    );
    return file;
  }

  it('splits a template like a shell would, without ever running one', () => {
    expect(splitCommand(`python run.py --x "a b" 'c "d"' e\\ f --ckpt={checkpoint_path}`)).toEqual([
      'python',
      'run.py',
      '--x',
      'a b',
      'c "d"',
      'e f',
      '--ckpt={checkpoint_path}',
    ]);
    expect(splitCommand('C:\\Python\\python.exe run.py')).toEqual(['C:\\Python\\python.exe', 'run.py']);
    expect(() => splitCommand('python "unclosed')).toThrow(/unclosed/);
  });

  it('refuses a template whose program is a placeholder', async () => {
    const { dir, call, backend } = await opened();
    expect(
      await call('settings.set', { resumeCommand: { dir, template: '{checkpoint_path} --go', cwd: '' } }),
    ).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/placeholder/) } });
    expect(value(await call('resume.preview', { run_id: LONG }))).toBeNull();
    expect(await call('resume.launch', { run_id: LONG })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/no resume command/) },
    });
    await backend.close();
  });

  it('previews, then launches the command without a shell: values from the runs folder stay single arguments', async () => {
    const { dir, call, backend } = await opened();
    const store = new RunsDir(dir, { gitRepo: null });
    const file = `x; touch PWNED $(touch PWNED2) 'q".hdf5`;
    // A path recorded on another machine: passed as where it is in this runs folder (issue #13, 10d).
    await store.addCheckpoint(LONG, 'evil name; rm -rf ~', `/elsewhere/runs/${LONG}/checkpoints/${file}`);
    const hostile = path.join(dir, LONG, 'checkpoints', file);
    const cwd = tempDir('runyard-cwd-');
    const template = `"${node}" "${argvScript()}" --run {run_id} --from {parent_run_id} --ckpt={checkpoint_path} {checkpoint_name} {runs_dir}`;
    value(await call('settings.set', { resumeCommand: { dir, template, cwd } }));

    const preview = value<{ command: string; cwd: string }>(await call('resume.preview', { run_id: LONG }));
    expect(preview.cwd).toBe(cwd);
    expect(preview.command).toContain('<new-run-id>');
    expect(preview.command).toContain(
      `"--ckpt=${dir}/${LONG}/checkpoints/x; touch PWNED \\$(touch PWNED2) 'q\\".hdf5"`,
    );

    const launch = value<{ run_id: string; command: string; pid: number; log: string }>(
      await call('resume.launch', { run_id: LONG, description: 'Longer horizon', tags: ['retry'] }),
    );
    expect(launch.pid).toBeGreaterThan(0);
    expect(launch.log).toBe('logs/resume-launch.log');
    const out = path.join(cwd, 'argv.json');
    await until('the command to run', () => fs.existsSync(out) && fs.statSync(out).size > 0);
    const rec = JSON.parse(fs.readFileSync(out, 'utf8')) as { argv: string[]; run: string };
    const child = rec.argv[1]!;
    expect(rec.run).toBe(child);
    expect(launch.run_id).toBe(child);
    expect(rec.argv).toEqual(['--run', child, '--from', LONG, `--ckpt=${hostile}`, 'evil name; rm -rf ~', dir]);
    expect(fs.readdirSync(cwd).sort()).toEqual(['argv.json']);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, child, 'metadata.json'), 'utf8'));
    expect(meta).toMatchObject({
      parent_run_id: LONG,
      resumed_from_checkpoint: 'evil name; rm -rf ~',
      status: 'initialising',
      description: 'Longer horizon',
      tags: ['retry'],
    });
    expect(fs.readFileSync(path.join(dir, child, 'logs', 'resume-launch.log'), 'utf8')).toContain('# runyard: started');
    await backend.close();
  });

  it('refuses a value from the runs folder that would stand alone as an option', async () => {
    const { dir, call, backend } = await opened();
    // A checkpoint path is always passed absolute (issue #13, 10d), so the name is the value that could start with "-".
    await new RunsDir(dir, { gitRepo: null }).addCheckpoint(
      LONG,
      '-cimport os; os.system("touch PWNED")',
      'sneaky.hdf5',
    );
    value(
      await call('settings.set', { resumeCommand: { dir, template: `"${node}" {checkpoint_name}`, cwd: tempDir() } }),
    );
    const before = fs.readdirSync(dir).length;
    expect(await call('resume.preview', { run_id: LONG })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringMatching(/starts with "-"/) },
    });
    expect(await call('resume.launch', { run_id: LONG })).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(fs.readdirSync(dir).length).toBe(before);
    await backend.close();
  });

  it('marks the new run failed with the exit code when the command fails', async () => {
    const { dir, call, backend } = await opened();
    value(
      await call('settings.set', {
        resumeCommand: { dir, template: `"${node}" -e "console.error('no GPU'); process.exit(3)" {run_id}`, cwd: '' },
      }),
    );
    const launch = value<{ command: string }>(
      await call('resume.launch', { run_id: LONG, checkpoint: 'checkpoint_2020-04-01' }),
    );
    const child = /\{?([0-9a-f-]{36})$/.exec(launch.command)![1]!;
    const metaFile = path.join(dir, child, 'metadata.json');
    const meta = await until('the run to be marked failed', () => {
      const m = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
      return m.status === 'failed' ? m : null;
    });
    expect(meta.exit_code).toBe(3);
    expect(fs.readFileSync(path.join(dir, child, 'logs', 'resume-launch.log'), 'utf8')).toContain('no GPU');
    await backend.close();
  });

  it('says so when the program does not exist, and marks the run failed', async () => {
    const { dir, call, backend } = await opened();
    value(await call('settings.set', { resumeCommand: { dir, template: '/nonexistent/simulate {run_id}', cwd: '' } }));
    const before = new Set(new RunsDir(dir).list().map((x) => x.run_id));
    const r = await call('resume.launch', { run_id: LONG });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'io', message: expect.stringMatching(/could not start \/nonexistent\/simulate: no such program/) },
    });
    const made = new RunsDir(dir).list().filter((x) => !before.has(x.run_id));
    expect(made).toMatchObject([{ parent_run_id: LONG, status: 'failed' }]);
    await backend.close();
  });

  it('creates a child run without launching anything', async () => {
    const { dir, call, backend } = await opened();
    const child = value<{ run_id: string; parent_run_id: string; tags: string[] }>(
      await call('run.resume', { run_id: LONG, description: 'try again', checkpoint: 'checkpoint_2020-05-01' }),
    );
    expect(child.parent_run_id).toBe(LONG);
    expect(fs.existsSync(path.join(dir, child.run_id, 'metadata.json'))).toBe(true);
    expect(await call('run.resume', { run_id: LONG, checkpoint: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/has no checkpoint "nope"/) },
    });
    await backend.close();
  });

  it('writes the overridden config and params into the child and leaves the parent as it was', async () => {
    const { dir, call, backend } = await opened();
    const configText = '{\n  "model": {\n    "lr": 0.1,\n    "scale": 1.0\n  },\n  "days": 30\n}';
    const paramsText = '{\n  "seed": 12345678901234567890,\n  "ranks": 4\n}';
    fs.writeFileSync(path.join(dir, LONG, 'config.yaml'), configText);
    fs.writeFileSync(path.join(dir, LONG, 'run_params.json'), paramsText);
    const overrides = { 'config.model.lr': 0.01, 'config.policy.name': 'lockdown', 'params.ranks': 8 };
    const child = value<{ run_id: string }>(await call('run.resume', { run_id: LONG, overrides }));
    const childConfig = fs.readFileSync(path.join(dir, child.run_id, 'config.yaml'), 'utf8');
    expect(JSON.parse(childConfig)).toEqual({ model: { lr: 0.01, scale: 1 }, days: 30, policy: { name: 'lockdown' } });
    // Python's float 1.0 and the 20-digit seed come through as written.
    expect(childConfig).toContain('"scale": 1.0');
    const childParams = fs.readFileSync(path.join(dir, child.run_id, 'run_params.json'), 'utf8');
    expect(childParams).toContain('"seed": 12345678901234567890');
    expect(childParams).toContain('"ranks": 8');
    expect(fs.readFileSync(path.join(dir, LONG, 'config.yaml'), 'utf8')).toBe(configText);
    expect(fs.readFileSync(path.join(dir, LONG, 'run_params.json'), 'utf8')).toBe(paramsText);
    // What the detail view shows for the child is the overridden config.
    const shown = value<{ config: { parsed: unknown } | null }>(await call('run.get', { run_id: child.run_id }));
    expect(shown.config?.parsed).toMatchObject({ model: { lr: 0.01 } });
    await backend.close();
  });

  it('refuses an override that cannot be applied, and makes no child', async () => {
    const { dir, call, backend } = await opened();
    fs.writeFileSync(path.join(dir, LONG, 'config.yaml'), '{"model": {"lr": 0.1}}');
    const before = new RunsDir(dir).list().length;
    expect(await call('run.resume', { run_id: LONG, overrides: { 'config.model.lr.x': 1 } })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/model\.lr is 0\.1, not a mapping/) },
    });
    expect(await call('run.resume', { run_id: LONG, overrides: { seed: 1 } })).toMatchObject({ ok: false });
    // Keys that would reach the prototype, or name a file instead of a key, are refused too.
    for (const key of [
      'config.__proto__.polluted',
      'config.constructor.prototype.polluted',
      'params.__proto__',
      'config',
      'config.',
      'config..x',
      '../config.x',
      'config/../../x',
    ]) {
      expect(await call('run.resume', { run_id: LONG, overrides: { [key]: 1 } }), key).toMatchObject({ ok: false });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(new RunsDir(dir).list()).toHaveLength(before);
    await backend.close();
  });
});

describe('lineage and index', () => {
  it('shows one family with its ancestors, or the whole forest', async () => {
    const { call, backend } = await opened();
    const fam = value<{
      roots: {
        run_id: string;
        children: { run_id: string; checkpoint: string | null; children: { run_id: string }[] }[];
      }[];
      ancestors: string[];
    }>(await call('lineage.get', { run_id: RETRY }));
    expect(fam.ancestors).toEqual([OOM, LONG]);
    expect(fam.roots).toHaveLength(1);
    expect(fam.roots[0]!.run_id).toBe(LONG);
    const oom = fam.roots[0]!.children.find((c) => c.run_id === OOM)!;
    expect(oom.children.map((c) => c.run_id)).toEqual([RETRY]);
    const all = value<{ roots: unknown[] }>(await call('lineage.get', {}));
    // 12 runs, 3 of them resumed from another.
    expect(all.roots.length).toBe(9);
    await backend.close();
  });

  it('checks and repairs the index', async () => {
    const { dir, call, backend } = await opened();
    const idxFile = path.join(dir, '.run_index.json');
    const idx = JSON.parse(fs.readFileSync(idxFile, 'utf8'));
    idx.runs = idx.runs.filter((e: { run_id: string }) => e.run_id !== PILOT);
    fs.writeFileSync(idxFile, JSON.stringify(idx, null, 2));
    expect(value<{ missing: string[] }>(await call('index.check', {})).missing).toEqual([PILOT]);
    const fixed = value<{ before: { missing: string[] }; after: { missing: string[] } }>(
      await call('index.repair', {}),
    );
    expect(fixed.before.missing).toEqual([PILOT]);
    expect(fixed.after.missing).toEqual([]);
    await backend.close();
  });
});

describe('prune, trash and disk usage', () => {
  it('plans, executes with progress, lists, restores and empties', async () => {
    const { dir, call, events, backend } = await opened();
    const plan = value<{
      remove: { run_id: string; bytes: number | null }[];
      refused: { run_id: string; reason: string }[];
    }>(await call('prune.plan', { policy: { runs: [PILOT] } }));
    expect(plan.remove.map((r) => r.run_id)).toEqual([PILOT]);
    // The preview answers before measuring; the UI asks du.get for the sizes of what goes.
    expect(plan.remove[0]!.bytes).toBeNull();
    const sizes = value<{ run_id: string; total: number }[]>(await call('du.get', { run_ids: [PILOT] }));
    expect(sizes[0]!.total).toBeGreaterThan(0);
    const refused = value<{ refused: { run_id: string; reason: string }[] }>(
      await call('prune.plan', { policy: { runs: [RUNNING, LONG] } }),
    );
    expect(refused.refused.map((r) => r.run_id).sort()).toEqual([LONG, RUNNING].sort());

    const done = value<{ removed: string[]; bytes_freed: number }>(
      await call('prune.execute', { policy: { runs: [PILOT] }, expect: [PILOT], operation: 'op-1' }),
    );
    expect(done.removed).toEqual([PILOT]);
    expect(done.bytes_freed).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(dir, PILOT))).toBe(false);
    expect(eventsNamed(events, 'prune.progress')).toContainEqual({
      operation: 'op-1',
      done: 1,
      total: 1,
      run_id: null,
    });

    const trash = value<{ run_id: string; entry: string; kind: string; complete: boolean }[]>(
      await call('trash.list', {}),
    );
    expect(trash).toEqual([
      expect.objectContaining({
        run_id: PILOT,
        entry: PILOT,
        kind: 'run',
        complete: true,
        policy: 'removed by hand',
      }),
    ]);
    const back = value<{ run_id: string }>(await call('trash.restore', { run_id: PILOT }));
    expect(back.run_id).toBe(PILOT);
    expect(fs.existsSync(path.join(dir, PILOT, 'metadata.json'))).toBe(true);

    value(await call('prune.execute', { policy: { runs: [PILOT] }, expect: [PILOT], operation: 'op-2' }));
    expect(value(await call('trash.empty', {}))).toEqual({ deleted: [PILOT] });
    expect(value(await call('trash.list', {}))).toEqual([]);
    await backend.close();
  });

  it('only removes what the user confirmed', async () => {
    const { dir, call, backend } = await opened();
    const done = value<{ removed: string[] }>(
      await call('prune.execute', { policy: { statuses: ['completed'] }, expect: [PILOT], operation: 'op' }),
    );
    expect(done.removed).toEqual([PILOT]);
    expect(fs.existsSync(path.join(dir, SWEEP))).toBe(true);
    await backend.close();
  });

  it('measures disk usage per run, split by folder', async () => {
    const { call, backend } = await opened();
    const du = value<{ run_id: string; results: number; checkpoints: number; total: number }[]>(
      await call('du.get', { run_ids: [SWEEP, LONG] }),
    );
    const sweep = du.find((d) => d.run_id === SWEEP)!;
    // june_record.h5 and summary.csv have fixed sizes in the fixture.
    expect(sweep.results).toBe(20_000 + 2491);
    expect(du.find((d) => d.run_id === LONG)!.checkpoints).toBe(2 * 16_384);
    expect(value<unknown[]>(await call('du.get', {}))).toHaveLength(12);
    await backend.close();
  });
});
