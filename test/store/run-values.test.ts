// Reading run values from real files: config.yaml as JSON and as YAML, run_params.json,
// the last row of a results CSV read from its tail, and the files that must give a
// problem naming them instead of a value (links out, half-written, too large).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunValueReader } from '../../electron/store/run-values';
import { csvEnds } from '../../electron/store/value-files';
import { readRunValues, valueColumns, filterRuns } from '../../electron/ops/values';
import { tempDir } from '../helpers/dirs';
import type { RunRecord } from '../../shared/types';

const OLD = Date.now() - 60_000;

function makeRun(base: string, id: string, files: Record<string, string | Buffer>, mtime = OLD): string {
  const dir = path.join(base, id);
  fs.mkdirSync(path.join(dir, 'results'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'metadata.json'), JSON.stringify({ run_id: id, status: 'completed', tags: [] }));
  for (const [rel, text] of Object.entries(files)) {
    const f = path.join(dir, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
    fs.utimesSync(f, mtime / 1000, mtime / 1000);
  }
  return dir;
}

const record = (run_id: string, extra: Record<string, unknown> = {}): RunRecord => ({
  run_id,
  description: '',
  status: 'completed',
  tags: ['sweep'],
  created_at: null,
  started_at: null,
  completed_at: null,
  created_ms: null,
  started_ms: null,
  completed_ms: null,
  parent_run_id: null,
  user: 'ada',
  hostname: null,
  git_commit: null,
  checkpoints: [],
  extra,
  problems: [],
  unreadable: false,
  mtime_ms: 0,
});

describe('run values from config.yaml and run_params.json', () => {
  it('reads the JSON the module writes into config.yaml, real YAML, and run_params.json', () => {
    const base = tempDir();
    makeRun(base, 'json', {
      'config.yaml': JSON.stringify({ disease: { beta: 0.3, model: 'SEIR' }, ages: [0, 10] }, null, 2),
      'run_params.json': '{"seed": 7, "scale": NaN}',
    });
    makeRun(base, 'yaml', {
      'config.yaml': 'disease:\n  beta: 0.45   # household\n  model: SIR\nflag: yes\nnote: "0.5"\n',
    });
    const r = new RunValueReader(base);
    expect(r.value('json', 'config.disease.beta').value).toBe(0.3);
    expect(r.value('json', 'config.ages').value).toBe('[0,10]');
    expect(r.value('json', 'params.seed').value).toBe(7);
    expect(r.value('json', 'params.scale').value).toBeNaN();
    expect(r.value('yaml', 'config.disease.beta').value).toBe(0.45);
    expect(r.value('yaml', 'config.disease.model').value).toBe('SIR');
    expect(r.value('yaml', 'config.note').value).toBe('0.5');
    expect(r.value('yaml', 'params.seed')).toEqual({ value: undefined, problem: null });
  });

  it('reports a half-written file by name, then reads it once it is whole', () => {
    const base = tempDir();
    const dir = makeRun(base, 'busy', { 'config.yaml': '{\n  "disease": {\n    "beta": 0.' }, Date.now());
    const r = new RunValueReader(base);
    const got = r.value('busy', 'config.disease.beta');
    expect(got.value).toBeUndefined();
    expect(got.problem?.file).toBe('busy/config.yaml');
    expect(got.problem?.message).toMatch(
      /^busy\/config\.yaml: cannot be parsed as YAML or JSON \(it changed just now: perhaps still being written\)/,
    );
    fs.writeFileSync(path.join(dir, 'config.yaml'), '{"disease": {"beta": 0.25}}');
    expect(r.value('busy', 'config.disease.beta')).toEqual({ value: 0.25, problem: null });
  });

  it('refuses a link that leads out of the runs folder, and follows one that stays inside', () => {
    const base = tempDir();
    const outside = tempDir('runyard-outside-');
    fs.writeFileSync(path.join(outside, 'secret.yaml'), 'password: hunter2\n');
    const dir = makeRun(base, 'linked', {});
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'config.yaml'));
    const inside = makeRun(base, 'inside', { 'shared.yaml': 'beta: 0.1\n' });
    fs.symlinkSync(path.join(inside, 'shared.yaml'), path.join(inside, 'config.yaml'));
    fs.writeFileSync(path.join(outside, 'x.csv'), 'a\n1\n');
    fs.symlinkSync(path.join(outside, 'x.csv'), path.join(dir, 'results', 'x.csv'));
    const r = new RunValueReader(base);
    const got = r.value('linked', 'config.password');
    expect(got.value).toBeUndefined();
    expect(got.problem?.message).toBe(
      'linked/config.yaml: is a link that leads out of the runs directory; it was not read',
    );
    expect(r.value('inside', 'config.beta').value).toBe(0.1);
    const csv = r.value('linked', 'results.x.a');
    expect(csv.value).toBeUndefined();
    expect(csv.problem?.message).toBe(
      'linked/results/x.csv: is a link that leads out of the runs directory; it was not read',
    );
  });

  it('keeps values while the files are unchanged, and reads a changed file again', () => {
    const base = tempDir();
    const dir = makeRun(base, 'r', { 'config.yaml': '{"beta": 0.1}' });
    const r = new RunValueReader(base);
    expect(r.value('r', 'config.beta').value).toBe(0.1);
    // Same size and mtime, other inode: a rewrite by rename is seen.
    const tmp = path.join(dir, 'tmp');
    fs.writeFileSync(tmp, '{"beta": 0.2}');
    fs.utimesSync(tmp, OLD / 1000, OLD / 1000);
    fs.renameSync(tmp, path.join(dir, 'config.yaml'));
    expect(r.value('r', 'config.beta').value).toBe(0.2);
  });
});

describe('run values from the tail of a results CSV', () => {
  it('takes the last row, with quoted fields holding commas, quotes and newlines', () => {
    const base = tempDir();
    makeRun(base, 'r', { 'results/summary.csv': 'day,infected,"note, free"\r\n1,10,a\r\n2,12,"b, ""c""\nd"\r\n' });
    const r = new RunValueReader(base);
    expect(r.value('r', 'results.summary.infected').value).toBe(12);
    expect(r.value('r', 'results.summary.note, free').value).toBe('b, "c"\nd');
    expect(csvEnds('a,b\n', 'a,b\n1,2\n3,', true)).toEqual({ header: ['a', 'b'], last: ['1', '2'] });
    expect(csvEnds('a;b\n', 'a;b\n', true)).toEqual({ header: ['a', 'b'], last: null });
  });

  it('reads a 1 GiB CSV at its two ends only', () => {
    const base = tempDir();
    const dir = makeRun(base, 'big', {});
    const file = path.join(dir, 'results', 'daily.csv');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, 'day,infected,recovered\n0,1,0\n');
    const end = '1000,4242,17\n1001,4343,"18"\n';
    // A sparse file: reading it whole would take seconds and more memory than a string can hold.
    fs.writeSync(fd, `\n${end}`, 1024 ** 3);
    fs.closeSync(fd);
    fs.utimesSync(file, OLD / 1000, OLD / 1000);
    const r = new RunValueReader(base);
    const t = Date.now();
    expect(r.value('big', 'results.daily.infected').value).toBe(4343);
    expect(r.value('big', 'results.daily.recovered').value).toBe(18);
    expect(Date.now() - t).toBeLessThan(1000);
  });

  it('tells a dotted file name from a dotted column, and names a row too long for the tail', () => {
    const base = tempDir();
    makeRun(base, 'r', {
      'results/a.csv': 'b.c\n1\n',
      'results/a.b.csv': 'c\n2\n',
      'results/wide.csv': `x\n${'y'.repeat(200_000)}\n`,
    });
    const r = new RunValueReader(base);
    expect(r.value('r', 'results.a.b.c').value).toBe(2);
    expect(r.value('r', 'results.a.b.c.d').value).toBeUndefined();
    expect(r.value('r', 'results.wide.x').problem?.message).toBe(
      'r/results/wide.csv: its last row is longer than 64 KiB',
    );
  });
});

describe('values operations over many runs', () => {
  it('lists the keys, varying first, with counts, and names files that failed', () => {
    const base = tempDir();
    for (let i = 0; i < 4; i++)
      makeRun(base, `r${i}`, {
        'config.yaml': JSON.stringify({ beta: i / 10, world: 'london' }),
        'results/summary.csv': `day,infected\n1,${i * 10}\n`,
      });
    makeRun(base, 'bad', { 'config.yaml': 'beta: [unclosed\n' });
    const runs = ['r0', 'r1', 'r2', 'r3', 'bad'].map((id) => record(id, id === 'r0' ? { seed: 3 } : {}));
    const cols = valueColumns(new RunValueReader(base), runs);
    const config = cols.sources.find((s) => s.source === 'config')!;
    expect(config.keys.map((k) => [k.path, k.count, k.varying])).toEqual([
      ['config.beta', 4, true],
      ['config.world', 4, false],
    ]);
    const results = cols.sources.find((s) => s.source === 'results')!;
    expect(results.keys.map((k) => k.path)).toEqual(['results.summary.infected', 'results.summary.day']);
    expect(cols.sources.find((s) => s.source === 'meta')!.keys.map((k) => k.path)).toContain('meta.seed');
    expect(cols.problems.map((p) => p.file)).toEqual(['bad/config.yaml']);
  });

  it('gets values per run, says which paths no run has, and filters on them', () => {
    const base = tempDir();
    for (let i = 0; i < 4; i++) makeRun(base, `r${i}`, { 'config.yaml': JSON.stringify({ beta: i / 10 }) });
    const runs = ['r0', 'r1', 'r2', 'r3'].map((id) => record(id));
    const reader = new RunValueReader(base);
    const got = readRunValues(reader, runs, ['config.beta', 'config.bta', 'meta.user']);
    expect(got.values.r2).toEqual({ 'config.beta': 0.2, 'meta.user': 'ada' });
    expect(got.counts).toEqual({ 'config.beta': 4, 'config.bta': 0, 'meta.user': 4 });
    expect(got.missing).toEqual([
      "No run has a value for config.bta (in no run's config.yaml). Did you mean config.beta?",
    ]);
    expect(filterRuns(reader, runs, 'config.beta>=0.2 tag:sweep').runs.map((r) => r.run_id)).toEqual(['r2', 'r3']);
    const typo = filterRuns(reader, runs, 'config.bta>0');
    expect(typo.runs).toEqual([]);
    expect(typo.warnings[0]).toContain('Did you mean config.beta?');
    expect(filterRuns(reader, runs, 'status>x').errors[0]).toContain('status compares with');
  });
});
