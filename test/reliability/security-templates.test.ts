// Issue #13, points 4, 8 and 10d. Resume templates that call a shell: every hostile
// checkpoint name or path a colleague can write into a shared runs folder is run
// through the real launch code and a real /bin/sh, and must arrive as the exact literal
// value, with no marker file created. Templates Runyard cannot quote are refused when
// saved. A checkpoint path outside the runs folder is never handed to the command.
// A serve (read-only or not) shows only the settings that concern its own folder.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SettingsStore } from '../../electron/api/settings-store';
import type { ApiResult } from '../../shared/api/result';
import { connect, inProcess } from '../helpers/api';
import { serve } from '../helpers/serve';
import { tempDir } from '../helpers/dirs';
import { runIds } from '../helpers/trash';
import { goodRuns, GOOD_PARENT, metadataFor, writeRun } from './bad-input/cases';
import { cacheHome, recordFigures } from './support';
import { until } from '../helpers/poll';

const figures: Record<string, unknown> = {};
beforeAll(() => {
  process.env.XDG_CACHE_HOME = cacheHome;
  process.env.RUNYARD_CACHE_DIR = 'off';
});
afterAll(() => recordFigures('security-templates', figures));

const value = <T = any>(r: ApiResult<unknown>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value as T;
};

/** Checkpoint names (and file names) a colleague could write; each tries to touch a marker. */
const HOSTILE: Record<string, string> = {
  'command substitution': '$(touch MARKER-subst)',
  backticks: '`touch MARKER-backtick`',
  semicolon: 'a; touch MARKER-semicolon',
  pipe: 'a | touch MARKER-pipe',
  'and-list': 'a && touch MARKER-and',
  'single quotes': "it's'; touch MARKER-single; '",
  'double quotes': 'say "hi"; touch MARKER-double; "',
  newline: 'line1\ntouch MARKER-newline\n',
  glob: '*',
  tilde: '~',
  spaces: '  two  spaces ',
  unicode: 'çheckpoint-ünï-☃-日本',
  'dollar and backslashes': '$HOME ${PATH} \\ \\\\ \\$(touch MARKER-backslash)',
  'leading dash': '--output=MARKER-dash',
};

function markersUnder(root: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name.includes('MARKER') && !e.name.endsWith('.hdf5')) found.push(path.join(d, e.name));
      if (e.isDirectory()) walk(path.join(d, e.name));
    }
  };
  walk(root);
  return found;
}

/** root/runs with one parent run holding a checkpoint (and its file) per hostile name. */
function hostileRuns() {
  const root = tempDir('runyard-tpl-');
  const dir = path.join(root, 'runs');
  fs.mkdirSync(dir);
  goodRuns(dir);
  const parent = 'hostile-parent';
  const checkpoints = Object.values(HOSTILE).map((name) => ({
    name,
    created_at: '2026-10-28T09:00:00Z',
    path: `runs/${parent}/checkpoints/${name}.hdf5`,
  }));
  writeRun(dir, parent, metadataFor(parent, { checkpoints }));
  for (const c of checkpoints) fs.writeFileSync(path.join(dir, parent, 'checkpoints', `${c.name}.hdf5`), 'HDF5');
  const out = path.join(root, 'out');
  fs.mkdirSync(out);
  return { root, dir, parent, out };
}

describe('a template that calls a shell gets every value shell-quoted', () => {
  test('through the real launch code and /bin/sh: bare, in \'…\', in "…", and as a word of its own, each hostile name arrives literally and no marker appears', async () => {
    const { root, dir, parent, out } = hostileRuns();
    const api = inProcess({ transport: 'ipc' });
    // One shell string that uses the values in every quoting context a user may write.
    const template =
      "/bin/sh -c \"printf %s {checkpoint_path} > {run_id}.bare; printf %s '{checkpoint_path}' > {run_id}.single; " +
      'printf %s \\"{checkpoint_path}\\" > {run_id}.double; printf %s n={checkpoint_name} > {run_id}.glued; printf %s {checkpoint_name} > {run_id}.word; : > {run_id}.done"';
    value(await api.call('dir.open', { dir }));
    value(await api.call('settings.set', { resumeCommand: { dir, template, cwd: out } }));
    const preview = value<{ command: string; notes: string[] }>(
      await api.call('resume.preview', { run_id: parent, checkpoint: HOSTILE.semicolon }),
    );
    expect(preview.notes.join(' ')).toMatch(
      /sh -c reads its command as shell code, so \{checkpoint_path\}, \{run_id\}, \{checkpoint_name\} are filled in shell-quoted/,
    );
    expect(preview.command).toContain(
      `printf %s '${path.join(dir, parent, 'checkpoints', 'a; touch MARKER-semicolon.hdf5')}'`,
    );

    let launched = 0;
    for (const [label, name] of Object.entries(HOSTILE)) {
      const before = runIds(dir).length;
      const r = await api.call('resume.launch', { run_id: parent, checkpoint: name });
      const file = path.join(dir, parent, 'checkpoints', `${name}.hdf5`);
      if (name.startsWith('-')) {
        // Alone as a word, it would be an option of the program: refused before any child exists.
        expect(r, label).toMatchObject({
          ok: false,
          error: {
            code: 'refused',
            message: expect.stringMatching(/checkpoint_name "--output=MARKER-dash" starts with "-"/),
          },
        });
        expect(runIds(dir).length, label).toBe(before);
        continue;
      }
      const child = value<{ run_id: string }>(r).run_id;
      launched++;
      const got = (ext: string) => fs.readFileSync(path.join(out, `${child}.${ext}`), 'utf8');
      await until(`the command for ${label}`, () => fs.existsSync(path.join(out, `${child}.done`)), 15_000);
      expect(
        { bare: got('bare'), single: got('single'), double: got('double'), glued: got('glued'), word: got('word') },
        label,
      ).toEqual({ bare: file, single: file, double: file, glued: `n=${name}`, word: name });
    }
    // A leading dash is harmless where it is not the start of a word.
    value(
      await api.call('settings.set', {
        resumeCommand: { dir, template: '/bin/sh -c "printf %s --name={checkpoint_name} > dash.out"', cwd: out },
      }),
    );
    value(await api.call('resume.launch', { run_id: parent, checkpoint: HOSTILE['leading dash'] }));
    await until(
      'the dash command',
      () => fs.existsSync(path.join(out, 'dash.out')) && fs.statSync(path.join(out, 'dash.out')).size > 0,
    );
    expect(fs.readFileSync(path.join(out, 'dash.out'), 'utf8')).toBe('--name=--output=MARKER-dash');
    await new Promise((r) => setTimeout(r, 200));
    expect(markersUnder(root)).toEqual([]);
    expect(markersUnder(process.cwd())).toEqual([]);
    await api.backend.close();
    figures.shell_values_launched = launched + 1;
    figures.shell_contexts_per_launch = 5;
  }, 60_000);

  test('ssh: the remote command is quoted for the remote shell (a stand-in ssh that runs it with sh -c "$*" as sshd would); values that shell might not read literally are refused', async () => {
    const { root, dir, parent, out } = hostileRuns();
    const bin = path.join(root, 'bin');
    fs.mkdirSync(bin);
    const ssh = path.join(bin, 'ssh');
    fs.writeFileSync(
      ssh,
      '#!/bin/sh\n# skip the host, then run the rest joined by spaces, as sshd hands it to the login shell\nshift\nexec /bin/sh -c "$*"\n',
      { mode: 0o755 },
    );
    const api = inProcess({ transport: 'ipc' });
    value(await api.call('dir.open', { dir }));
    value(
      await api.call('settings.set', {
        resumeCommand: { dir, template: `${ssh} node1 printf %s {checkpoint_name} '>' {run_id}.remote`, cwd: out },
      }),
    );
    const preview = value<{ notes: string[] }>(
      await api.call('resume.preview', { run_id: parent, checkpoint: HOSTILE.pipe }),
    );
    expect(preview.notes.join(' ')).toMatch(/the remote shell of ssh reads its command as shell code.*refused/);
    for (const label of [
      'command substitution',
      'backticks',
      'semicolon',
      'pipe',
      'and-list',
      'double quotes',
      'glob',
      'tilde',
      'spaces',
      'unicode',
    ]) {
      const child = value<{ run_id: string }>(
        await api.call('resume.launch', { run_id: parent, checkpoint: HOSTILE[label]! }),
      ).run_id;
      const file = path.join(out, `${child}.remote`);
      await until(
        `the remote command for ${label}`,
        () => fs.existsSync(file) && fs.readFileSync(file, 'utf8') === HOSTILE[label],
        15_000,
      );
    }
    for (const label of ['single quotes', 'newline', 'dollar and backslashes']) {
      expect(await api.call('resume.launch', { run_id: parent, checkpoint: HOSTILE[label]! }), label).toMatchObject({
        ok: false,
        error: {
          code: 'refused',
          message: expect.stringMatching(/cannot be relied on to read literally; the resume command was not run/),
        },
      });
    }
    expect(markersUnder(root)).toEqual([]);
    await api.backend.close();
  }, 60_000);

  test('templates whose values Runyard cannot quote are refused when saved, with the reason', async () => {
    const { dir } = hostileRuns();
    const api = inProcess({ transport: 'ipc' });
    value(await api.call('dir.open', { dir }));
    const refusals: [string, RegExp][] = [
      [
        'python -c "import sim; sim.run(\'{checkpoint_path}\')"',
        /is program code for python.*pass the value as its own argument/,
      ],
      ['node -e "run(\'{checkpoint_name}\')"', /program code for node/],
      ['sudo sim --restart {checkpoint_path}', /may not run sudo/],
      ['bash -c "eval sim {checkpoint_path}"', /starts eval, which would read the values as code a second time/],
      ['bash -lc "ssh node1 sim {checkpoint_path}"', /starts ssh/],
      ['ssh node1 bash -c "sim {checkpoint_path}"', /starts bash/],
      ['sh -c "sim `echo {checkpoint_path}`"', /inside `…` \(backticks/],
      ['bash -c "sim $\'{checkpoint_name}\'"', /inside \$'…'/],
      ['sh -c "sim ${checkpoint_path}"', /\$\{checkpoint_path\} reads a shell variable/],
      ['sh -c "sim $(( {checkpoint_name} + 1 ))"', /arithmetic/],
      ['sh -c "cat <<EOF\n{checkpoint_path}\nEOF"', /here-document/],
      ['sh -c "sim # {checkpoint_path}"', /# comment/],
      ['sh -c "sim \'{checkpoint_path}"', /a ' quote is never closed/],
      ['run-on-cluster "module load x; sim {checkpoint_path}"', /looks like shell code \(it contains ";"\)/],
      ['env -S "bash -c sim {checkpoint_path}"', /env -S splits its argument again/],
      ['watch sim {checkpoint_path}', /cannot tell how watch reads its arguments/],
      ['pwsh -Command "sim {checkpoint_path}"', /cannot tell how pwsh/],
    ];
    for (const [template, why] of refusals) {
      expect(await api.call('settings.set', { resumeCommand: { dir, template, cwd: '' } }), template).toMatchObject({
        ok: false,
        error: { code: 'invalid', message: expect.stringMatching(why) },
      });
    }
    // Accepted: shells behind wrappers and full paths are found, plain arguments stay plain.
    const accepted: [string, RegExp | null][] = [
      [
        '/usr/bin/env FOO=1 bash -lc "module load x; sim --restart {checkpoint_path}"',
        /bash -lc reads its command as shell code/,
      ],
      ['srun -n 4 /bin/zsh -c "sim {checkpoint_path}"', /zsh -c reads/],
      ['sbatch --wrap="sim --restart {checkpoint_path}"', /sbatch --wrap reads/],
      ['python run.py --checkpoint {checkpoint_path} --run-id {run_id}', null],
      ['bash run.sh {checkpoint_path}', null],
    ];
    for (const [template, note] of accepted) {
      value(await api.call('settings.set', { resumeCommand: { dir, template, cwd: '' } }));
      const p = value<{ notes: string[] }>(await api.call('resume.preview', { run_id: GOOD_PARENT }));
      if (note) expect(p.notes.join(' '), template).toMatch(note);
      else expect(p.notes, template).toEqual([]);
    }
    figures.templates_refused = refusals.length;
    await api.backend.close();
  });

  test('a NUL byte in a value is refused before anything runs', async () => {
    const { dir, parent } = hostileRuns();
    const meta = JSON.parse(fs.readFileSync(path.join(dir, parent, 'metadata.json'), 'utf8'));
    meta.checkpoints.push({ name: 'nul\u0000name', created_at: null, path: null });
    fs.writeFileSync(path.join(dir, parent, 'metadata.json'), JSON.stringify(meta, null, 2));
    const api = inProcess({ transport: 'ipc' });
    value(await api.call('dir.open', { dir }));
    value(
      await api.call('settings.set', {
        resumeCommand: { dir, template: `${process.execPath} -e 0 {checkpoint_name}`, cwd: '' },
      }),
    );
    const before = runIds(dir).length;
    expect(await api.call('resume.launch', { run_id: parent, checkpoint: 'nul\u0000name' })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringMatching(/contains a NUL byte/) },
    });
    expect(runIds(dir).length).toBe(before);
    await api.backend.close();
  });
});

describe('a checkpoint path outside the runs folder is never passed to the command (10d)', () => {
  test('/etc/shadow, ../ paths and a link leading out are refused naming the path; a path from another machine maps inside', async () => {
    const root = tempDir('runyard-ckpt-');
    const dir = path.join(root, 'runs');
    const outside = path.join(root, 'outside');
    fs.mkdirSync(dir);
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'secret.hdf5'), 'SECRET');
    goodRuns(dir);
    const id = 'paths-run';
    const checkpoints = [
      { name: 'abs', created_at: null, path: '/etc/shadow' },
      { name: 'up', created_at: null, path: '../outside/secret.hdf5' },
      { name: 'deep-up', created_at: null, path: `runs/${id}/checkpoints/../../../outside/secret.hdf5` },
      { name: 'link', created_at: null, path: `runs/${id}/checkpoints/link.hdf5` },
      { name: 'foreign', created_at: null, path: `/cosma/scratch/jdoe/runs/${id}/checkpoints/foreign.hdf5` },
      { name: 'pending', created_at: null, path: `runs/${id}/checkpoints/pending.hdf5` },
    ];
    writeRun(dir, id, metadataFor(id, { checkpoints }));
    fs.symlinkSync(path.join(outside, 'secret.hdf5'), path.join(dir, id, 'checkpoints', 'link.hdf5'));
    const api = inProcess({ transport: 'ipc' });
    value(await api.call('dir.open', { dir }));
    const dump = path.join(root, 'argv.json');
    const script = path.join(root, 'dump.js');
    fs.writeFileSync(
      script,
      `require('fs').writeFileSync(${JSON.stringify(dump)}, JSON.stringify(process.argv.slice(2)))\n`,
    );
    value(
      await api.call('settings.set', {
        resumeCommand: { dir, template: `${process.execPath} ${script} {checkpoint_path}`, cwd: root },
      }),
    );
    const before = runIds(dir).length;
    for (const [name, shown] of [
      ['abs', '/etc/shadow'],
      ['up', '../outside/secret.hdf5'],
      ['deep-up', 'outside/secret.hdf5'],
      ['link', 'link.hdf5'],
    ]) {
      const why = expect.stringMatching(
        new RegExp(
          `checkpoint path "[^"]*${shown!.replace(/[.*/]/g, '\\$&')}" recorded for checkpoint "${name}" of run ${id} is outside the runs folder`,
        ),
      );
      expect(await api.call('resume.preview', { run_id: id, checkpoint: name }), name).toMatchObject({
        ok: false,
        error: { code: 'refused', message: why },
      });
      expect(await api.call('resume.launch', { run_id: id, checkpoint: name }), name).toMatchObject({
        ok: false,
        error: { code: 'refused', message: why },
      });
    }
    expect(runIds(dir).length).toBe(before);
    expect(fs.existsSync(dump)).toBe(false);
    for (const name of ['foreign', 'pending']) {
      const p = value<{ command: string }>(await api.call('resume.preview', { run_id: id, checkpoint: name }));
      expect(p.command, name).toContain(path.join(dir, id, 'checkpoints', `${name}.hdf5`));
    }
    value(await api.call('resume.launch', { run_id: id, checkpoint: 'foreign' }));
    // The command may be caught writing the file: read it again until it parses.
    const argv = await until('the command to run', () => {
      try {
        return JSON.parse(fs.readFileSync(dump, 'utf8')) as string[];
      } catch {
        return false;
      }
    });
    expect(argv).toEqual([path.join(dir, id, 'checkpoints', 'foreign.hdf5')]);
    await api.backend.close();
  }, 30_000);
});

describe("what a serve shows of the owner's settings (point 4)", () => {
  function ownerSettings() {
    const root = tempDir('runyard-owner-');
    const dir = path.join(root, 'runs');
    fs.mkdirSync(dir);
    goodRuns(dir);
    const other = path.join(root, 'private-project', 'runs');
    const home = path.join(root, 'home');
    const config = path.join(home, '.config', 'runyard');
    new SettingsStore(config).update((s) => {
      s.theme = 'dark';
      s.columns = ['status', 'run_id'];
      s.recentDirs = [dir, other, '/home/alice/secret-grant/runs'];
      s.resumeCommands[dir] = { template: 'ssh alice@cosma8 sim --restart {checkpoint_path}', cwd: '/home/alice/june' };
      s.resumeCommands[other] = { template: 'python private.py --token=PRIVATE-TOKEN {checkpoint_path}', cwd: '' };
    });
    const env = {
      RUNYARD_CONFIG_DIR: config,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_CACHE_HOME: cacheHome,
    };
    return { dir, other, config, env, file: path.join(config, 'settings.json') };
  }

  test('serve --read-only: theme and columns only; no recent folders but its own, no resume command at all', async () => {
    const { dir, env, file } = ownerSettings();
    const before = fs.readFileSync(file, 'utf8');
    const s = await serve(dir, ['--read-only'], env);
    try {
      const c = await connect(`ws://127.0.0.1:${s.port}/api?token=${s.token}`);
      const got = value(await c.call('settings.get', {}));
      expect(got).toMatchObject({
        theme: 'dark',
        columns: ['status', 'run_id'],
        recentDirs: [dir],
        resumeCommands: {},
      });
      for (const [name, params] of [
        ['settings.get', {}],
        ['dir.recent', {}],
        ['resume.preview', { run_id: GOOD_PARENT }],
        ['app.info', {}],
      ] as const) {
        const text = JSON.stringify(await c.call(name, params));
        for (const secret of ['private-project', 'secret-grant', 'alice', 'PRIVATE-TOKEN', 'cosma8'])
          expect(text, `${name} shows ${secret}`).not.toContain(secret);
      }
      expect(await c.call('resume.preview', { run_id: GOOD_PARENT })).toMatchObject({
        ok: false,
        error: { code: 'read-only' },
      });
      expect(await c.call('settings.set', { resumeCommand: { dir, template: 'touch x', cwd: '' } })).toMatchObject({
        ok: false,
        error: { code: 'read-only' },
      });
      c.close();
    } finally {
      await s.stop();
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  }, 30_000);

  test("a writable serve: its own folder's template only; it cannot set or remove another folder's; the desktop app sees everything", async () => {
    const { dir, other, config, env, file } = ownerSettings();
    const s = await serve(dir, [], env);
    try {
      const c = await connect(`ws://127.0.0.1:${s.port}/api?token=${s.token}`);
      const got = value(await c.call('settings.get', {}));
      expect(got).toMatchObject({
        theme: 'dark',
        recentDirs: [dir],
        resumeCommands: { [dir]: { template: 'ssh alice@cosma8 sim --restart {checkpoint_path}' } },
      });
      expect(Object.keys(got.resumeCommands)).toEqual([dir]);
      const text = JSON.stringify([got, await c.call('dir.recent', {})]);
      for (const secret of ['private-project', 'secret-grant', 'PRIVATE-TOKEN']) expect(text).not.toContain(secret);
      for (const target of [other, path.join(dir, '..', 'private-project', 'runs'), '/somewhere/else']) {
        for (const template of ['touch /tmp/pwned {checkpoint_path}', '']) {
          expect(
            await c.call('settings.set', { resumeCommand: { dir: target, template, cwd: '' } }),
            target,
          ).toMatchObject({ ok: false, error: { code: 'refused', message: expect.stringContaining(`serves ${dir}`) } });
        }
      }
      const saved = value(
        await c.call('settings.set', { resumeCommand: { dir, template: 'sim --restart {checkpoint_path}', cwd: '' } }),
      );
      expect(Object.keys(saved.resumeCommands)).toEqual([dir]);
      c.close();
    } finally {
      await s.stop();
    }
    const onDisk = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(onDisk.resumeCommands[other]).toEqual({
      template: 'python private.py --token=PRIVATE-TOKEN {checkpoint_path}',
      cwd: '',
    });
    expect(onDisk.resumeCommands[dir].template).toBe('sim --restart {checkpoint_path}');
    expect(onDisk.recentDirs).toContain('/home/alice/secret-grant/runs');
    // The desktop app (IPC) is the owner: all of it.
    const desktop = inProcess({ transport: 'ipc', settings: new SettingsStore(config) });
    const all = value(await desktop.call('settings.get', {}));
    expect(Object.keys(all.resumeCommands).sort()).toEqual([dir, other].sort());
    expect(all.recentDirs).toContain('/home/alice/secret-grant/runs');
    await desktop.backend.close();
  }, 30_000);
});
