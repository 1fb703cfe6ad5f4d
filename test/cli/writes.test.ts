// Issue 14, writing runs: what `runyard` writes must be what the module writes, must
// never give a module key a type the module does not write, must not rewrite a file it
// cannot read exactly, and must say so when the input looks like a mistake. The Python
// module is the reader after every write (test/helpers/reference.ts).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { dumpPyJson, parsePyJson } from '../../shared/py-json';
import { metadataFieldsProblem } from '../../shared/metadata-rules';
import { RunsDir } from '../../electron/store/runs-dir';
import { json, runCli } from '../helpers/cli';
import { tempDir } from '../helpers/dirs';
import { describeWithReference, py } from '../helpers/reference';

function runsDir(): string {
  const d = path.join(tempDir('runyard-writes-'), 'runs');
  fs.mkdirSync(d);
  return d;
}

const cli = (dir: string, ...args: string[]) => runCli(['--dir', dir, ...args], { env: { RUNYARD_CACHE_DIR: 'off' } });

/** Every file a user would look at, as bytes: what "nothing was written" compares. */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else if (e.isSymbolicLink()) out[p] = `-> ${fs.readlinkSync(path.join(dir, p))}`;
      else out[p] = fs.readFileSync(path.join(dir, p)).toString('base64');
    }
  };
  walk('');
  return out;
}

/** The module, in a C locale with UTF-8 mode off (a cluster node): load the run, make a child of it, list. */
function moduleReadsUnderCLocale(
  dir: string,
  id: string,
): { loaded: boolean; child: string; listed: string[]; tags: string[] } {
  return py(
    dir,
    [
      `assert rm.load_run(${JSON.stringify(id)})`,
      'assert sys.getfilesystemencoding() and __import__("locale").getpreferredencoding(False).lower() in ("ascii", "ansi_x3.4-1968"), __import__("locale").getpreferredencoding(False)',
      `child = RunManager(${JSON.stringify(dir)}).create_child_run(${JSON.stringify(id)})`,
      'out = {"loaded": True, "child": child, "listed": [r["run_id"] for r in rm.list_runs()], "tags": rm.metadata["tags"]}',
    ].join('\n'),
    { LANG: 'C', LC_ALL: 'C', PYTHONCOERCECLOCALE: '0', PYTHONUTF8: '0', PYTHONIOENCODING: undefined },
  ) as never;
}

// ---- point 4: the module's bytes ----

/** Every kind of number and character json.dump treats its own way. */
const TRICKY_DOC = String.raw`{"floats": [1.0, 1.50, 1e-05, 0.00001, 1E+16, 1e16, 12345678901234567890, -0, -0.0, 0.1, 123456789.125, 5e-324, 1.7976931348623157e308, 100, 2.5e-7, NaN, Infinity, -Infinity, 1e22, 3.0e2],
 "strings": ["Z\u00fcrich", "\ud83d\ude00 astral", "del \u007f", "nul \u0000 \u001f", "tab\t nl\n cr\r bs\b ff\f", "quote \" slash \\ /", "\u2028\u2029", "lone \ud800", "~ and space"],
 "caf\u00e9 key": {"__proto__": {"x": []}, "empty": {}, "nested": [[], {}, [null, true, false]]}}`;

describeWithReference('writing as the module writes (byte for byte)', () => {
  test('dumpPyJson(parsePyJson(text)) is json.dumps(json.loads(text), indent=2), for every tricky number and character', () => {
    const mine = dumpPyJson(parsePyJson(TRICKY_DOC).value);
    const python = execFileSync(
      'python3',
      ['-c', 'import json,sys; sys.stdout.write(json.dumps(json.loads(sys.stdin.read()), indent=2))'],
      { input: TRICKY_DOC, encoding: 'utf8' },
    );
    expect(mine).toBe(python);
    // and it is pure ASCII, as the module's files are
    expect(/^[\x20-\x7e\n]*$/.test(mine)).toBe(true);
  });

  test('a run Runyard creates, changes and resumes: metadata.json and the index are the bytes Python writes for the same data, and the module reads them under a C locale', () => {
    const dir = runsDir();
    const id = cli(
      dir,
      'create',
      '--description',
      'Zürich 😀 café',
      '--tag',
      'Ωmega',
      '--set',
      'seed=1.0',
      '--set',
      'big=12345678901234567890',
      '--set',
      'tol=1e-05',
      '--set',
      'note=naïve',
    ).stdout.trim();
    expect(cli(dir, 'status', id, 'running', '--set', 'beta=2.50').code).toBe(0);
    expect(cli(dir, 'checkpoint', id, 'ckpt_é', '--path', `runs/${id}/checkpoints/x.hdf5`).code).toBe(0);
    const child = cli(dir, 'resume', id, '--description', 'Резюме').stdout.trim();
    for (const file of [`${id}/metadata.json`, `${child}/metadata.json`, '.run_index.json']) {
      const bytes = fs.readFileSync(path.join(dir, file));
      expect(
        bytes.every((b) => b < 0x80),
        `${file} is pure ASCII`,
      ).toBe(true);
      // What the module itself would write after reading the file: the same bytes.
      const again = execFileSync(
        'python3',
        [
          '-c',
          'import json,sys; sys.stdout.write(json.dumps(json.load(open(sys.argv[1])), indent=2))',
          path.join(dir, file),
        ],
        { encoding: 'utf8' },
      );
      expect(again, file).toBe(bytes.toString('latin1'));
    }
    const meta = fs.readFileSync(path.join(dir, id, 'metadata.json'), 'latin1');
    expect(meta).toContain('"description": "Z\\u00fcrich \\ud83d\\ude00 caf\\u00e9"');
    expect(meta).toContain('"seed": 1.0');
    expect(meta).toContain('"big": 12345678901234567890');
    expect(meta).toContain('"tol": 1e-05');
    expect(meta).toContain('"beta": 2.5');
    const read = moduleReadsUnderCLocale(dir, id);
    expect(read.tags).toEqual(['Ωmega']);
    expect(read.listed).toEqual(expect.arrayContaining([id, child, read.child]));
  });

  test('a status change on a run the module wrote changes only what the module would change: numbers, escapes and unknown keys keep their bytes', () => {
    const dir = runsDir();
    const id = py(
      dir,
      'out = rm.create_run(description="Zürich 😀", tags=["ü"], seed=1.0, big=2**70, tol=1e-05, loss=float("nan"), huge=1e300)',
    ) as string;
    const before = fs.readFileSync(path.join(dir, id, 'metadata.json'), 'latin1');
    expect(before).toContain('NaN');
    expect(cli(dir, 'status', id, 'completed').code).toBe(0);
    const after = fs.readFileSync(path.join(dir, id, 'metadata.json'), 'latin1');
    const changed = (text: string) => text.split('\n').filter((l) => !/"(status|completed_at)"/.test(l));
    expect(changed(after)).toEqual(changed(before));
    expect(after).toContain('"status": "completed"');
    // The module's update_status on the same run writes the same layout.
    const viaModule = py(dir, `rm.load_run(${JSON.stringify(id)}); out = json.dumps(rm.metadata, indent=2)`) as string;
    expect(after).toBe(viaModule);
  });
});

// ---- point 2: --set and edits keep the module's types ----

describe('--set refuses what the module would choke on', () => {
  const bad: [string[], RegExp][] = [
    [['create', '--set', 'tags=5'], /--set tags: expected a list of strings.*got number 5/],
    [['create', '--set', 'tags=["a",1]'], /--set tags: expected a list of strings/],
    [['create', '--set', 'description=null'], /--set description: expected a string, got null/],
    [['create', '--set', 'started_at=garbage'], /--set started_at: expected null or a UTC timestamp/],
    [
      ['create', '--set', 'completed_at=2026-10-28T08:30:00+01:00'],
      /--set completed_at: expected null or a UTC timestamp/,
    ],
    [['create', '--set', 'completed_at=2026-02-30T08:30:00Z'], /--set completed_at/],
    [['create', '--set', 'user=7'], /--set user: expected a string, got number 7/],
    [['create', '--set', 'hostname=["a"]'], /--set hostname: expected a string/],
    [['create', '--set', 'git_commit=42'], /--set git_commit: expected a string or null/],
    [['create', '--set', 'run_id=x'], /--set run_id: "run_id" is kept by Runyard.*create --id/],
    [['create', '--set', 'parent_run_id=x'], /--set parent_run_id: .*runyard resume/],
    [['create', '--set', 'status=running'], /--set status: .*runyard status RUN STATUS/],
    [['create', '--set', 'checkpoints=[]'], /--set checkpoints: .*runyard checkpoint/],
    [['create', '--set', 'created_at=2026-10-28T08:30:00Z'], /--set created_at/],
    [['resume', 'PARENT', '--set', 'tags="x"'], /--set tags: expected a list of strings/],
    [['status', 'PARENT', 'running', '--set', 'tags=notalist'], /--set tags: expected a list of strings.*"notalist"/],
    [['status', 'PARENT', 'running', '--set', 'resumed_from=x'], /--set resumed_from/],
  ];

  test(`${bad.length} wrong --set values: exit 2, one line naming the key and the type, nothing written`, () => {
    const dir = runsDir();
    const parent = cli(dir, 'create', '--description', 'parent').stdout.trim();
    const before = files(dir);
    for (const [args, why] of bad) {
      const r = cli(dir, ...args.map((a) => (a === 'PARENT' ? parent : a)));
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(/^runyard: /);
      expect(r.stderr, args.join(' ')).toMatch(why);
    }
    expect(files(dir)).toEqual(before);
  });

  test('the right types are written, unknown keys stay free, and the module makes a child of the run', () => {
    const dir = runsDir();
    const id = cli(
      dir,
      'create',
      '--set',
      'tags=["a","b"]',
      '--set',
      'started_at=2026-10-28T08:30:00.654321Z',
      '--set',
      'completed_at=null',
      '--set',
      'git_commit=null',
      '--set',
      'user=alice',
      '--set',
      'anything=[1,{"x":null}]',
      '--set',
      'free=5',
    ).stdout.trim();
    expect(
      cli(
        dir,
        'status',
        id,
        'running',
        '--set',
        'completed_at=2026-10-28T09:00:00Z',
        '--set',
        'description="forty-two"',
      ).code,
    ).toBe(0);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, id, 'metadata.json'), 'utf8'));
    expect(meta).toMatchObject({
      tags: ['a', 'b'],
      started_at: '2026-10-28T08:30:00.654321Z',
      completed_at: '2026-10-28T09:00:00Z',
      user: 'alice',
      description: 'forty-two',
      anything: [1, { x: null }],
      free: 5,
    });
    expect(cli(dir, '--json', 'show', id).stdout).not.toMatch(/should be|not a timestamp/);
  });

  test('the API edit and the store refuse the same wrong types (one shared validator)', async () => {
    const dir = runsDir();
    const store = new RunsDir(dir, { gitRepo: null });
    const id = (await store.createRun({ description: 'x' })).run_id;
    await expect(store.edit(id, { tags: 'solo' as never })).rejects.toThrow(/"tags": expected a list of strings/);
    await expect(store.edit(id, { description: 7 as never })).rejects.toThrow(/"description": expected a string/);
    await expect(store.updateStatus(id, 'running', { run_id: 'y' })).rejects.toThrow(/"run_id" is kept by Runyard/);
    await expect(store.createRun({ extra: { user: 7 } })).rejects.toThrow(/"user": expected a string/);
    expect(metadataFieldsProblem({ seed: 'anything', tags: [] })).toBeNull();
    expect(store.list()).toHaveLength(1);
  });
});

describeWithReference('after --set, the module still works on the run', () => {
  test('create_child_run on a run written with every allowed module key', () => {
    const dir = runsDir();
    const id = cli(
      dir,
      'create',
      '--set',
      'tags=["x"]',
      '--set',
      'hostname=node7',
      '--set',
      'git_commit="abcdef123456"',
    ).stdout.trim();
    cli(dir, 'status', id, 'running', '--set', 'tags=["x","y"]');
    const r = py(
      dir,
      `child = rm.create_child_run(${JSON.stringify(id)}); rm2 = RunManager(${JSON.stringify(dir)}); rm2.load_run(child); out = rm2.metadata["tags"]`,
    );
    expect(r).toEqual(['x', 'y', 'resumed']);
  });
});

// ---- point 3: metadata that is not UTF-8 ----

describeWithReference('metadata.json that is not valid UTF-8', () => {
  test('is flagged with the byte and its offset, and every write to it is refused with the reason; the file keeps its bytes', async () => {
    const dir = runsDir();
    const id = py(dir, 'out = rm.create_run(description="caf")') as string;
    const file = path.join(dir, id, 'metadata.json');
    const text = fs.readFileSync(file, 'latin1');
    const at = text.indexOf('"caf"') + 4;
    fs.writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(text.slice(0, at), 'latin1'),
        Buffer.from([0xe9]),
        Buffer.from(text.slice(at), 'latin1'),
      ]),
    );
    const bytes = fs.readFileSync(file);
    const problem = `metadata.json is not valid UTF-8 (byte 0xE9 at offset ${at}); Runyard will not rewrite it`;
    const listed = json<any[]>(cli(dir, '--json', 'list'));
    expect(listed[0].problems.map((p: any) => p.message)).toContain(problem);
    const shown = json<any>(cli(dir, '--json', 'show', id));
    expect(shown.problems.map((p: any) => p.message)).toContain(problem);
    expect(cli(dir, 'list').stdout).toContain('!');
    for (const args of [
      ['status', id, 'running'],
      ['checkpoint', id, 'c1'],
      ['status', id, 'failed', '--set', 'x=1'],
    ]) {
      const r = cli(dir, ...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr.trim(), args.join(' ')).toBe(`runyard: ${id}/${problem}`);
    }
    await expect(new RunsDir(dir, { gitRepo: null }).edit(id, { tags: ['t'] })).rejects.toThrow(problem);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});

// ---- point 8: doubtful input ----

describeWithReference('doubtful input gets a word', () => {
  test('an unknown status asks for --force and lists the known ones; a status already in the folder is fine', () => {
    const dir = runsDir();
    py(dir, 'out = rm.create_run(); rm.update_status("queued")');
    const id = cli(dir, 'create').stdout.trim();
    const before = files(dir);
    const r = cli(dir, 'status', id, 'complete');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'runyard: "complete" is not a status the module or this folder uses (known: initialising, running, completed, failed, checkpointed, resumed, queued); nothing was written. Use --force to set it anyway',
    );
    expect(files(dir)).toEqual(before);
    expect(cli(dir, 'status', id, 'queued').code).toBe(0);
    const forced = cli(dir, 'status', id, 'complete', '--force');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/^runyard: warning: "complete" is not a status/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, id, 'metadata.json'), 'utf8')).status).toBe('complete');
  });

  test('a checkpoint path that does not exist is warned about; a name recorded twice is refused unless --force', () => {
    const dir = runsDir();
    const id = cli(dir, 'create').stdout.trim();
    const missing = cli(dir, 'checkpoint', id, 'c1', '--path', 'nowhere/c1.hdf5');
    expect(missing.code).toBe(0);
    expect(missing.stderr).toMatch(/^runyard: warning: --path nowhere\/c1.hdf5 does not exist/);
    const there = path.join(dir, id, 'checkpoints', 'c2.hdf5');
    fs.writeFileSync(there, 'x');
    expect(cli(dir, 'checkpoint', id, 'c2', '--path', there).stderr).toBe('');
    const before = files(dir);
    const twice = cli(dir, 'checkpoint', id, 'c1');
    expect(twice.code).toBe(1);
    expect(twice.stderr.trim()).toBe(
      `runyard: run ${id} already has a checkpoint "c1"; nothing was written (use --force to record it again)`,
    );
    expect(files(dir)).toEqual(before);
    expect(cli(dir, 'checkpoint', id, 'c1', '--force').code).toBe(0);
    expect(
      JSON.parse(fs.readFileSync(path.join(dir, id, 'metadata.json'), 'utf8')).checkpoints.map((c: any) => c.name),
    ).toEqual(['c1', 'c2', 'c1']);
  });

  test('--git-repo that is not a repository is an error and nothing is created; a real one is recorded', () => {
    const dir = runsDir();
    const notRepo = tempDir('runyard-notrepo-');
    for (const repo of [notRepo, path.join(notRepo, 'missing')]) {
      const r = runCli(['--dir', dir, '--git-repo', repo, 'create']);
      expect(r.code, repo).toBe(2);
      expect(r.stderr.trim(), repo).toMatch(
        new RegExp(`^runyard: --git-repo: ${notRepo}.*(is not inside a git repository|does not exist)`),
      );
    }
    const env = runCli(['--dir', dir, 'create'], { env: { RUNYARD_GIT_REPO: notRepo } });
    expect(env.code).toBe(2);
    expect(fs.readdirSync(dir)).toEqual([]);
    const head = execFileSync('git', ['-C', path.resolve(__dirname, '../..'), 'rev-parse', 'HEAD'], {
      encoding: 'utf8',
    }).trim();
    const ok = runCli(['--dir', dir, '--git-repo', path.resolve(__dirname, '../..'), '--json', 'create']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).git_commit).toBe(head.slice(0, 12));
  });
});
