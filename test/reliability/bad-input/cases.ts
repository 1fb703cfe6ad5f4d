// The bad-input corpus: one generator per case, each making one kind of damage or
// trickery inside a runs directory that also holds two good runs (a parent and its
// child, as the Python module writes them). bad-input.test.ts runs every case through
// the CLI, a LiveIndex and the API, and checks that the user is told what is wrong,
// that the good runs still work, and that nothing was written.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { ApiResult } from '../../../shared/api/result';

export const GOOD_PARENT = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
export const GOOD_CHILD = '7c6b5a4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';
export const BAD = 'bad-run';

export type Call = (name: string, params: unknown) => Promise<ApiResult<any>>;

export interface BadInputCase {
  name: string;
  /** Makes the damage in `dir`; `outside` is a folder next to the runs directory (a stand-in for the rest of the machine). */
  make(dir: string, outside: string): void;
  /** The problem the user is shown: the file it names (relative to the runs directory) and what it says. */
  problem?: { file: string; message: RegExp };
  /** Or: what a command prints about it. */
  output?: { command: string[]; match: RegExp };
  /** Valid but tricky names: the run must be listed as itself and `show` must find exactly it. */
  listed?: { id: string; showArgs: string[] };
  /** The run whose `show` is also run (when there is one). */
  bad?: string;
  /** What the API answers about the damage. */
  api?: (call: Call, dir: string) => Promise<Record<string, number> | void>;
}

export function metadataFor(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    run_id: id,
    created_at: '2026-10-28T08:30:00.654321Z',
    description: `Simulation run ${id.slice(0, 8)}`,
    status: 'completed',
    tags: ['baseline'],
    hostname: 'login01',
    user: 'jdoe',
    git_commit: 'a1b2c3d4e5f6',
    parent_run_id: null,
    checkpoints: [],
    started_at: null,
    completed_at: '2026-10-28T09:30:00.000001Z',
    seed: 42,
    ...extra,
  };
}

export function writeRun(dir: string, id: string | Buffer, meta: unknown, text?: string): string {
  const folder = typeof id === 'string' ? path.join(dir, id) : Buffer.concat([Buffer.from(dir + path.sep), id]).toString('latin1');
  const p = typeof id === 'string' ? folder : Buffer.concat([Buffer.from(dir + path.sep), id]);
  fs.mkdirSync(p, { recursive: true });
  for (const sub of ['results', 'checkpoints', 'logs']) fs.mkdirSync(typeof p === 'string' ? path.join(p, sub) : Buffer.concat([p, Buffer.from(`/${sub}`)]), { recursive: true });
  const file = typeof p === 'string' ? path.join(p, 'metadata.json') : Buffer.concat([p, Buffer.from('/metadata.json')]);
  fs.writeFileSync(file, text ?? JSON.stringify(meta, null, 2));
  return folder;
}

/** The two good runs, an index listing them, and `current` at the child. */
export function goodRuns(dir: string): void {
  const parent = metadataFor(GOOD_PARENT, { checkpoints: [{ name: 'checkpoint_2020-03-15', created_at: '2026-10-28T09:00:00.123456Z', path: `runs/${GOOD_PARENT}/checkpoints/checkpoint_2020-03-15.hdf5` }] });
  writeRun(dir, GOOD_PARENT, parent);
  fs.writeFileSync(path.join(dir, GOOD_PARENT, 'checkpoints', 'checkpoint_2020-03-15.hdf5'), 'HDF5');
  fs.writeFileSync(path.join(dir, GOOD_PARENT, 'logs', 'simulation.log'), 'day 1\nday 2\n');
  const child = metadataFor(GOOD_CHILD, { created_at: '2026-10-29T08:30:00Z', description: `Resumed from ${GOOD_PARENT.slice(0, 8)}`, status: 'running', parent_run_id: GOOD_PARENT, resumed_from: GOOD_PARENT, checkpoints: parent.checkpoints, completed_at: null });
  writeRun(dir, GOOD_CHILD, child);
  const entry = (m: Record<string, unknown>) => ({ run_id: m.run_id, description: m.description, created_at: m.created_at, status: m.status, tags: m.tags });
  fs.writeFileSync(path.join(dir, '.run_index.json'), JSON.stringify({ runs: [entry(parent), entry(child)], latest: GOOD_CHILD }, null, 2));
  fs.symlinkSync(GOOD_CHILD, path.join(dir, 'current'));
}

const metaFile = `${BAD}/metadata.json`;
const badRun = (extra: Record<string, unknown>) => (dir: string) => void writeRun(dir, BAD, metadataFor(BAD, extra));
const badText = (text: string | Buffer) => (dir: string) => {
  writeRun(dir, BAD, null, '{}');
  fs.writeFileSync(path.join(dir, BAD, 'metadata.json'), text);
};
const problem = (message: RegExp, file = metaFile) => ({ problem: { file, message }, bad: BAD });

/** One wrong-typed value for every key the module writes, and what the user is told. */
const WRONG_TYPES: [key: string, value: unknown, message: RegExp][] = [
  ['run_id', 42, /"run_id" should be a string, found number 42/],
  ['created_at', ['2026-10-28'], /"created_at" should be a string, found a list/],
  ['description', { text: 'x' }, /"description" should be a string, found an object/],
  ['status', true, /"status" should be a string, found boolean true/],
  ['tags', { a: 1 }, /"tags" should be a list of strings, found an object/],
  ['hostname', 7, /"hostname" should be a string, found number 7/],
  ['user', ['jdoe'], /"user" should be a string, found a list/],
  ['git_commit', 123456, /"git_commit" should be a string, found number 123456/],
  ['parent_run_id', 5, /"parent_run_id" should be a string, found number 5/],
  ['resumed_from', { id: 'x' }, /"resumed_from" should be a string, found an object/],
  ['checkpoints', 'checkpoint_1', /"checkpoints" should be a list, found string "checkpoint_1"/],
  ['started_at', 1.5, /"started_at" should be a string, found number 1.5/],
  ['completed_at', false, /"completed_at" should be a string, found boolean false/],
];

function mkfifo(p: string): void {
  execFileSync('mkfifo', [p]);
}

export const CASES: BadInputCase[] = [
  // ---- metadata.json that cannot be data ----
  { name: 'metadata.json truncated mid-write', make: badText(JSON.stringify(metadataFor(BAD), null, 2).slice(0, 150)), ...problem(/not valid JSON, possibly half-written/) },
  { name: 'metadata.json empty', make: badText(''), ...problem(/metadata.json is empty/) },
  { name: 'metadata.json is a list, not an object', make: badText('[1, 2, 3]'), ...problem(/metadata is a list, not a JSON object/) },
  { name: 'metadata.json is a bare string', make: badText('"hello"'), ...problem(/metadata is string "hello", not a JSON object/) },
  { name: 'metadata.json is null', make: badText('null'), ...problem(/metadata is null, not a JSON object/) },
  {
    name: 'metadata.json of 50 MB',
    make: (dir) => {
      writeRun(dir, BAD, metadataFor(BAD));
      // Valid JSON, so that only the size can stop it: one huge extra key.
      const fd = fs.openSync(path.join(dir, BAD, 'metadata.json'), 'w');
      fs.writeSync(fd, '{"run_id": "bad-run", "status": "completed", "blob": "');
      const chunk = Buffer.alloc(1024 * 1024, 'x');
      for (let i = 0; i < 50; i++) fs.writeSync(fd, chunk);
      fs.writeSync(fd, '"}');
      fs.closeSync(fd);
    },
    ...problem(/metadata.json is 50 MiB, more than the 16 MiB Runyard reads/),
  },
  { name: 'metadata.json is binary garbage', make: badText(Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x22, 0x00, 0x89, 0x50, 0x4e, 0x47])), ...problem(/not valid JSON/) },
  {
    name: 'metadata.json is a folder',
    make: (dir) => {
      fs.mkdirSync(path.join(dir, BAD, 'metadata.json'), { recursive: true });
    },
    ...problem(/metadata.json is a folder/),
  },
  {
    name: 'metadata.json is a FIFO (opening it must not block)',
    make: (dir) => {
      fs.mkdirSync(path.join(dir, BAD));
      mkfifo(path.join(dir, BAD, 'metadata.json'));
    },
    ...problem(/metadata.json is not a regular file/),
  },
  {
    name: 'metadata.json is a link to a JSON file outside the runs directory',
    make: (dir, outside) => {
      fs.writeFileSync(path.join(outside, 'private.json'), JSON.stringify({ run_id: BAD, status: 'completed', api_key: 'OUTSIDE-SECRET' }));
      fs.mkdirSync(path.join(dir, BAD));
      fs.symlinkSync(path.join(outside, 'private.json'), path.join(dir, BAD, 'metadata.json'));
    },
    ...problem(/metadata.json is a link that leads out of the runs directory; it was not read/),
    api: async (call) => {
      const r = await call('run.get', { run_id: BAD });
      expect(JSON.stringify(r)).not.toContain('OUTSIDE-SECRET');
    },
  },

  // ---- a wrong type for every key, tags as a string, bad timestamps ----
  ...WRONG_TYPES.map(([key, value, message]): BadInputCase => ({ name: `"${key}" of the wrong type`, make: badRun({ [key]: value }), ...problem(message) })),
  { name: 'tags given as a string', make: badRun({ tags: 'baseline' }), ...problem(/"tags" is a string, not a list; read as one tag/) },
  { name: 'tags holding numbers and nulls', make: badRun({ tags: ['ok', 3, null] }), ...problem(/"tags" holds values that are not strings/) },
  { name: 'checkpoint entries without a name', make: badRun({ checkpoints: [42, { path: 'x.hdf5' }] }), ...problem(/checkpoint #1 has no "name"/) },
  { name: 'a timestamp that is not a date', make: badRun({ created_at: 'yesterday, around noon' }), ...problem(/"created_at" is not a timestamp/) },
  { name: 'a timestamp without a timezone', make: badRun({ started_at: '2026-10-28T08:30:00' }), ...problem(/"started_at" has no timezone; read as UTC/) },
  { name: 'run_id disagreeing with the folder name', make: badRun({ run_id: GOOD_PARENT }), ...problem(/folder name is used/) },

  // ---- the index ----
  {
    name: 'index missing',
    make: (dir) => fs.rmSync(path.join(dir, '.run_index.json')),
    problem: { file: '.run_index.json', message: /the index is missing/ },
  },
  {
    name: 'index corrupt',
    make: (dir) => fs.writeFileSync(path.join(dir, '.run_index.json'), '{"runs": [{"run_id": "3f2a'),
    problem: { file: '.run_index.json', message: /the index is unusable: not valid JSON/ },
  },
  {
    name: 'index whose "runs" is not a list',
    make: (dir) => fs.writeFileSync(path.join(dir, '.run_index.json'), '{"runs": {"a": 1}, "latest": 7}'),
    problem: { file: '.run_index.json', message: /"runs" is not a list/ },
  },
  {
    name: 'index entries without run_id',
    make: (dir) => {
      const file = path.join(dir, '.run_index.json');
      const idx = JSON.parse(fs.readFileSync(file, 'utf8'));
      idx.runs.push({ description: 'no id' }, 'not even an object');
      fs.writeFileSync(file, JSON.stringify(idx));
    },
    problem: { file: '.run_index.json', message: /2 index entries have no run_id and were ignored/ },
  },
  {
    name: 'index listing runs that no longer exist',
    make: (dir) => {
      const file = path.join(dir, '.run_index.json');
      const idx = JSON.parse(fs.readFileSync(file, 'utf8'));
      idx.runs.push({ run_id: 'deleted-by-cleanup', description: '', created_at: '2020-01-01T00:00:00Z', status: 'completed', tags: [] });
      idx.latest = 'deleted-by-cleanup';
      fs.writeFileSync(file, JSON.stringify(idx));
    },
    output: { command: ['index', 'check'], match: /1 entr\(ies\) for runs no longer on disk[\s\S]*stale: deleted-by-cleanup/ },
  },

  // ---- the `current` link ----
  { name: '`current` dangling', make: (dir) => { fs.rmSync(path.join(dir, 'current')); fs.symlinkSync('deleted-run', path.join(dir, 'current')); }, problem: { file: 'current', message: /points at "deleted-run", which is not a run/ } },
  { name: '`current` looping onto itself', make: (dir) => { fs.rmSync(path.join(dir, 'current')); fs.symlinkSync('current', path.join(dir, 'current')); }, problem: { file: 'current', message: /points at "current", which is not a run/ } },
  { name: '`current` a plain file', make: (dir) => { fs.rmSync(path.join(dir, 'current')); fs.writeFileSync(path.join(dir, 'current'), GOOD_CHILD); }, problem: { file: 'current', message: /"current" is not a symlink/ } },

  // ---- inside a run: link loops, odd logs, many files ----
  {
    name: 'symlink loops inside a run (results/loop -> .., results/self -> self)',
    make: (dir) => {
      writeRun(dir, BAD, metadataFor(BAD));
      fs.symlinkSync('..', path.join(dir, BAD, 'results', 'loop'));
      fs.symlinkSync('self', path.join(dir, BAD, 'results', 'self'));
    },
    bad: BAD,
    api: async (call) => {
      const files = await call('run.files', { run_id: BAD, folder: 'results' });
      expect(files.ok && files.value.entries.map((e: { path: string; kind: string }) => `${e.path}:${e.kind}`)).toEqual(['results/loop:symlink', 'results/self:symlink']);
      const loop = await call('run.readFile', { run_id: BAD, path: 'results/self' });
      expect(loop).toMatchObject({ ok: false, error: { message: expect.stringMatching(/results\/self/) } });
      const du = await call('du.get', { run_ids: [BAD] });
      expect(du.ok && du.value[0].total).toBeGreaterThan(0);
    },
  },
  {
    name: 'a binary log',
    make: (dir) => {
      writeRun(dir, BAD, metadataFor(BAD));
      fs.writeFileSync(path.join(dir, BAD, 'logs', 'simulation.log'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0xff, 0xfe, 0x00, 0x00]));
    },
    bad: BAD,
    api: async (call) => {
      const r = await call('run.readFile', { run_id: BAD, path: 'logs/simulation.log', tail: true });
      expect(r).toMatchObject({ ok: true, value: { binary: true, text: '' } });
    },
  },
  {
    name: 'a 1 GB log (sparse): the tail is read, not the file',
    make: (dir) => {
      writeRun(dir, BAD, metadataFor(BAD));
      const log = path.join(dir, BAD, 'logs', 'simulation.log');
      fs.writeFileSync(log, '');
      fs.truncateSync(log, 1024 ** 3);
      fs.appendFileSync(log, 'last line of a long simulation\n');
    },
    bad: BAD,
    api: async (call) => {
      const t0 = performance.now();
      const r = await call('run.readFile', { run_id: BAD, path: 'logs/simulation.log', tail: true });
      expect(r.ok && r.value.text.length).toBeLessThanOrEqual(65_536);
      expect(r.ok && r.value.size).toBe(1024 ** 3 + 31);
      expect(r.ok && r.value.truncated).toBe(true);
      const follow = await call('log.follow', { run_id: BAD, path: 'logs/simulation.log' });
      expect(follow.ok && follow.value.chunk.offset).toBeGreaterThan(1024 ** 3 - 65_536);
      expect(performance.now() - t0).toBeLessThan(3000);
    },
  },
  {
    name: 'a FIFO in logs/ (reading it must not block the backend)',
    make: (dir) => {
      writeRun(dir, BAD, metadataFor(BAD));
      mkfifo(path.join(dir, BAD, 'logs', 'pipe.log'));
    },
    bad: BAD,
    api: async (call) => {
      const r = await call('run.readFile', { run_id: BAD, path: 'logs/pipe.log' });
      expect(r).toMatchObject({ ok: false, error: { message: expect.stringMatching(/pipe\.log is not a file/) } });
    },
  },
  {
    name: '100k files in results/: a page of the listing, du and the scan stay quick',
    make: (dir) => {
      writeRun(dir, BAD, metadataFor(BAD));
      const results = path.join(dir, BAD, 'results');
      execFileSync('sh', ['-c', 'seq -f "part-%06g.csv" 1 100000 | xargs touch'], { cwd: results });
    },
    bad: BAD,
    api: async (call) => {
      const t0 = performance.now();
      const page = await call('run.files', { run_id: BAD, folder: 'results', offset: 50_000, limit: 500 });
      expect(page.ok && page.value.total).toBe(100_000);
      expect(page.ok && page.value.entries.length).toBe(500);
      expect(page.ok && page.value.entries[0].path).toBe('results/part-050001.csv');
      const pageMs = performance.now() - t0;
      const du = await call('du.get', { run_ids: [BAD] });
      expect(du.ok && du.value[0].run_id).toBe(BAD);
      const duMs = performance.now() - t0 - pageMs;
      expect(pageMs).toBeLessThan(3000);
      expect(duMs).toBeLessThan(10_000);
      return { results_files: 100_000, page_ms: Math.round(pageMs), du_ms: Math.round(duMs) };
    },
  },

  // ---- names made to trick path handling ----
  {
    name: 'a folder name that is not UTF-8',
    make: (dir) => {
      writeRun(dir, Buffer.from([0x66, 0xff, 0x6f]), metadataFor('f?o'));
    },
    problem: { file: 'f\uFFFDo', message: /not read as a run: it is not valid UTF-8/ },
  },
  {
    name: 'a folder name with a newline and an escape sequence',
    make: (dir) => void writeRun(dir, 'evil\nrunyard: all good\u001b[2J', metadataFor('x')),
    problem: { file: 'evil\nrunyard: all good\u001b[2J', message: /not read as a run: it contains control characters/ },
  },
  {
    name: 'a description with terminal escape sequences and a forged line',
    make: (dir) => void writeRun(dir, BAD, metadataFor(BAD, { description: 'ok\n\u001b]0;pwned\u0007\u001b[31mred' })),
    bad: BAD,
    output: { command: ['show', BAD], match: /description: ok\\u000a\\u001b\]0;pwned\\u0007\\u001b\[31mred/ },
  },
  {
    name: '`..` lookalikes: fullwidth dots and an ellipsis',
    make: (dir) => {
      writeRun(dir, '\uFF0E\uFF0E', metadataFor('\uFF0E\uFF0E'));
      writeRun(dir, '\u2026', metadataFor('\u2026'));
    },
    listed: { id: '\uFF0E\uFF0E', showArgs: ['show', '\uFF0E\uFF0E'] },
    api: async (call) => {
      const r = await call('run.readFile', { run_id: '\uFF0E\uFF0E', path: 'metadata.json' });
      expect(r.ok && JSON.parse(r.value.text).run_id).toBe('\uFF0E\uFF0E');
    },
  },
  {
    name: 'a run folder named like an option (--dir)',
    make: (dir) => void writeRun(dir, '--dir', metadataFor('--dir')),
    listed: { id: '--dir', showArgs: ['show', '--', '--dir'] },
  },
  {
    name: 'a run folder whose name is 255 bytes long',
    make: (dir) => void writeRun(dir, `long-${'x'.repeat(250)}`, metadataFor(`long-${'x'.repeat(250)}`)),
    listed: { id: `long-${'x'.repeat(250)}`, showArgs: ['show', `long-${'x'.repeat(250)}`] },
  },
  {
    name: 'a run folder named %2e%2e',
    make: (dir) => void writeRun(dir, '%2e%2e', metadataFor('%2e%2e')),
    listed: { id: '%2e%2e', showArgs: ['show', '%2e%2e'] },
    api: async (call) => {
      const r = await call('run.readFile', { run_id: '%2e%2e', path: 'metadata.json' });
      expect(r.ok && JSON.parse(r.value.text).run_id).toBe('%2e%2e');
    },
  },
  {
    name: 'a unicode confusable of a good run id (Cyrillic а)',
    make: (dir) => void writeRun(dir, `\u0430${GOOD_PARENT.slice(1)}`, metadataFor(`\u0430${GOOD_PARENT.slice(1)}`, { description: 'impostor' })),
    listed: { id: `\u0430${GOOD_PARENT.slice(1)}`, showArgs: ['show', `\u0430${GOOD_PARENT.slice(1)}`] },
    api: async (call) => {
      const real = await call('run.get', { run_id: GOOD_PARENT });
      expect(real.ok && real.value.run.description).not.toBe('impostor');
    },
  },
  {
    name: 'a run folder that is a symlink to /etc',
    make: (dir) => fs.symlinkSync('/etc', path.join(dir, 'etc-run')),
    problem: { file: 'etc-run', message: /it is a symlink, and Runyard does not follow links as runs/ },
    bad: 'etc-run',
    api: async (call) => {
      for (const [name, params] of [['run.get', { run_id: 'etc-run' }], ['run.files', { run_id: 'etc-run', folder: '.' }], ['run.readFile', { run_id: 'etc-run', path: 'passwd' }]] as const) {
        const r = await call(name, params);
        expect(r.ok, name).toBe(false);
        expect(JSON.stringify(r)).not.toMatch(/root:/);
      }
    },
  },

  // ---- other files of a run ----
  {
    name: 'config.yaml that does not parse',
    make: (dir) => {
      writeRun(dir, BAD, metadataFor(BAD));
      fs.writeFileSync(path.join(dir, BAD, 'config.yaml'), 'world: [unclosed\n  - a: b: c\n');
    },
    bad: BAD,
    output: { command: ['--json', 'config', BAD], match: /bad-run\/config\.yaml cannot be parsed/ },
    api: async (call) => {
      const r = await call('run.get', { run_id: BAD });
      expect(r.ok && r.value.config).toMatchObject({ ok: false, error: expect.any(String) });
    },
  },
  {
    name: 'config.yaml that links to a file outside the runs directory',
    make: (dir, outside) => {
      writeRun(dir, BAD, metadataFor(BAD));
      fs.writeFileSync(path.join(outside, 'id_rsa'), 'OUTSIDE-SECRET private key');
      fs.symlinkSync(path.join(outside, 'id_rsa'), path.join(dir, BAD, 'config.yaml'));
    },
    bad: BAD,
    output: { command: ['config', BAD], match: /bad-run\/config\.yaml is a link that leads out of/ },
    api: async (call) => {
      const r = await call('run.get', { run_id: BAD });
      expect(r.ok && r.value.config).toMatchObject({ ok: false, error: expect.stringMatching(/leads out of the runs directory/) });
      expect(JSON.stringify(r)).not.toContain('OUTSIDE-SECRET');
    },
  },
  {
    name: 'runs resumed from each other in a cycle',
    make: (dir) => {
      writeRun(dir, 'cycle-a', metadataFor('cycle-a', { parent_run_id: 'cycle-b' }));
      writeRun(dir, 'cycle-b', metadataFor('cycle-b', { parent_run_id: 'cycle-a' }));
    },
    output: { command: ['tree'], match: /warning: parent cycle: cycle-a → cycle-b → cycle-a|warning: parent cycle: cycle-b → cycle-a → cycle-b/ },
  },
  {
    name: 'a trash entry whose record is corrupt',
    make: (dir) => {
      fs.mkdirSync(path.join(dir, '.trash', 'old-run', 'old-run'), { recursive: true });
      fs.writeFileSync(path.join(dir, '.trash', 'old-run', '.record.json'), '{"run_id": ');
    },
    output: { command: ['trash', 'list'], match: /\.trash\/old-run\/\.record\.json is missing or not valid JSON/ },
  },
];
