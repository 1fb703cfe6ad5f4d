// Reading JUNE runs directories: the Python-made sample, every quirk in FORMAT.md,
// bad files and things that are not runs.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { RunsDir } from '../../electron/store/runs-dir';
import { resolveCheckpoints } from '../../electron/store/checkpoint-files';
import { describeCurrent } from '../../electron/store/base-entries';
import { sampleRuns, tempDir } from '../helpers/dirs';

function writeMeta(dir: string, id: string, meta: unknown): void {
  fs.mkdirSync(path.join(dir, id, 'checkpoints'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, id, 'metadata.json'),
    typeof meta === 'string' ? meta : JSON.stringify(meta, null, 2),
  );
}

const base = (id: string, extra: Record<string, unknown> = {}) => ({
  run_id: id,
  created_at: '2026-10-28T08:30:00.654321Z',
  description: `run ${id}`,
  status: 'completed',
  tags: [],
  hostname: 'h',
  user: 'u',
  git_commit: null,
  parent_run_id: null,
  checkpoints: [],
  started_at: null,
  completed_at: null,
  ...extra,
});

describe('the sample directory made by the Python module', () => {
  test('every run is read, newest first by parsed date, with no problems', () => {
    const store = new RunsDir(sampleRuns());
    const runs = store.list();
    expect(runs).toHaveLength(12);
    expect(runs.every((r) => r.problems.length === 0)).toBe(true);
    const times = runs.map((r) => r.created_ms!);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(runs[0]!.description).toBe('Étude — Tyne & Wear 🦠 «sensibilité»');
    expect(new Set(runs.map((r) => r.status))).toEqual(
      new Set(['completed', 'failed', 'running', 'initialising', 'checkpointed']),
    );
  });

  test('only the index and the current link are reported as non-run entries', () => {
    const scan = new RunsDir(sampleRuns()).scan();
    expect(scan.entries.map((e) => e.kind).sort()).toEqual(['current-link', 'dotfile']);
    expect(scan.problems).toEqual([]);
  });

  test('extra keys such as seed and n_ranks are kept as extras', () => {
    const store = new RunsDir(sampleRuns());
    const base = store.get(store.resolve('9531985d'));
    expect(base.extra).toMatchObject({ seed: 42, n_ranks: 4 });
  });

  test('per-rank checkpoint files are grouped under their checkpoint', () => {
    const dir = sampleRuns();
    const store = new RunsDir(dir);
    const cps = resolveCheckpoints(dir, store.get(store.resolve('9531985d')));
    expect(cps.map((c) => c.name)).toEqual(['checkpoint_2020-04-01', 'checkpoint_2020-04-15']);
    expect(cps[0]!.ranks).toEqual([0, 1, 2, 3]);
    expect(cps[0]!.files.map((f) => path.basename(f.path))).toEqual(
      [0, 1, 2, 3].map((r) => `checkpoint_2020-04-01.${r}.hdf5`),
    );
  });

  test('an absolute checkpoint path from another machine resolves inside this runs directory', () => {
    const dir = sampleRuns();
    const store = new RunsDir(dir);
    const [, may] = resolveCheckpoints(dir, store.get(store.resolve('a170b338')));
    expect(may!.path).toMatch(/^\/cosma\//);
    expect(may!.resolved_path).toBe(
      path.join(dir, 'a170b338-3926-4059-b28c-105d1fb17c23/checkpoints/checkpoint_2020-05-01.hdf5'),
    );
    expect(may!.files).toHaveLength(1);
  });

  test('a child resolves its copied checkpoint entries into the parent folder', () => {
    const dir = sampleRuns();
    const store = new RunsDir(dir);
    const child = store.get(store.resolve('0fd630f1'));
    expect(child.parent_run_id).toBe('a170b338-3926-4059-b28c-105d1fb17c23');
    const cps = resolveCheckpoints(dir, child);
    expect(cps.every((c) => c.resolved_path?.includes('a170b338'))).toBe(true);
    expect(store.paths(child.run_id).checkpoints).toBe(
      path.join(dir, 'a170b338-3926-4059-b28c-105d1fb17c23', 'checkpoints'),
    );
  });
});

describe('FORMAT.md quirks', () => {
  test('both timestamp spellings and omitted microseconds parse as dates and sort correctly', () => {
    const dir = tempDir();
    writeMeta(dir, 'a', base('a', { created_at: '2026-10-28T08:30:00Z' }));
    writeMeta(dir, 'b', base('b', { created_at: '2026-10-28T08:30:00.5Z' }));
    writeMeta(dir, 'c', base('c', { created_at: '2026-10-28T08:30:00.000001Z' }));
    const runs = new RunsDir(dir).list();
    // As strings "…00Z" sorts after "…00.5Z"; as dates it is the oldest.
    expect(runs.map((r) => r.run_id)).toEqual(['b', 'c', 'a']);
    expect(runs.every((r) => r.problems.length === 0)).toBe(true);
  });

  test('a null checkpoint path is found by name in the run folder, or flagged missing', () => {
    const dir = tempDir();
    writeMeta(
      dir,
      'r1',
      base('r1', {
        checkpoints: [
          { name: 'ck_a', created_at: null, path: null },
          { name: 'ck_b', created_at: null, path: null },
        ],
      }),
    );
    fs.writeFileSync(path.join(dir, 'r1/checkpoints/ck_a.hdf5'), 'x');
    const store = new RunsDir(dir);
    const [a, b] = resolveCheckpoints(dir, store.get('r1'));
    expect(a!.files).toHaveLength(1);
    expect(b!.resolved_path).toBeNull();
    expect(b!.files).toEqual([]);
  });

  test('a checkpoint path relative to the simulation working directory resolves', () => {
    const dir = tempDir();
    writeMeta(
      dir,
      'r1',
      base('r1', { checkpoints: [{ name: 'ck', created_at: null, path: `somewhere/else/r1/checkpoints/ck.hdf5` }] }),
    );
    fs.writeFileSync(path.join(dir, 'r1/checkpoints/ck.hdf5'), 'abc');
    const [c] = resolveCheckpoints(dir, new RunsDir(dir).get('r1'));
    expect(c!.files).toEqual([{ path: path.join(dir, 'r1/checkpoints/ck.hdf5'), bytes: 3 }]);
  });

  test('a checkpoint path that points outside the runs directory is never used', () => {
    const dir = tempDir();
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'secret.hdf5'), 'secret');
    writeMeta(
      dir,
      'r1',
      base('r1', { checkpoints: [{ name: 'secret', created_at: null, path: path.join(outside, 'secret.hdf5') }] }),
    );
    const [c] = resolveCheckpoints(dir, new RunsDir(dir).get('r1'));
    expect(c!.resolved_path).toBeNull();
  });

  test('unknown top-level keys survive a rewrite, in their order', async () => {
    const dir = tempDir();
    writeMeta(dir, 'r1', base('r1', { seed: 7, world: { path: 'w.h5' }, status: 'running' }));
    const store = new RunsDir(dir);
    await store.updateStatus('r1', 'completed');
    const after = JSON.parse(fs.readFileSync(path.join(dir, 'r1/metadata.json'), 'utf8'));
    expect(after.seed).toBe(7);
    expect(after.world).toEqual({ path: 'w.h5' });
    expect(Object.keys(after)).toEqual(Object.keys(base('r1', { seed: 7, world: {} })));
  });

  test('a missing, dangling or plain-file `current` is a directory problem, not an error', () => {
    const dir = tempDir();
    writeMeta(dir, 'r1', base('r1'));
    fs.symlinkSync('gone', path.join(dir, 'current'));
    expect(
      new RunsDir(dir)
        .scan()
        .problems.map((p) => p.message)
        .join(),
    ).toMatch(/current.*not a run/);
    fs.rmSync(path.join(dir, 'current'));
    fs.writeFileSync(path.join(dir, 'current'), 'r1');
    const scan = new RunsDir(dir).scan();
    expect(scan.problems.map((p) => p.message).join()).toMatch(/not a symlink/);
    expect(scan.runs).toHaveLength(1);
    // The module replaces `current` by unlinking it first: caught in that moment, it is not "not a symlink".
    fs.rmSync(path.join(dir, 'current'));
    expect(describeCurrent(dir).problem).toBeNull();
  });
});

describe('bad files become problems and the scan goes on', () => {
  test.each([
    ['empty', ''],
    ['half-written', '{\n  "run_id": "x",\n  "created_at": "2026-'],
    ['not an object', '[1, 2, 3]'],
    ['a string', '"hello"'],
  ])('%s metadata.json', (_name, text) => {
    const dir = tempDir();
    writeMeta(dir, 'good', base('good'));
    writeMeta(dir, 'bad', text);
    const runs = new RunsDir(dir).list();
    expect(runs.map((r) => r.run_id).sort()).toEqual(['bad', 'good']);
    const bad = runs.find((r) => r.run_id === 'bad')!;
    expect(bad.unreadable).toBe(true);
    expect(bad.problems[0]!.file).toBe('bad/metadata.json');
    expect(bad.problems[0]!.message).toMatch(/metadata/);
    expect(runs.find((r) => r.run_id === 'good')!.problems).toEqual([]);
  });

  test('an unreadable run borrows what the index knows about it', () => {
    const dir = tempDir();
    writeMeta(dir, 'bad', '{');
    fs.writeFileSync(
      path.join(dir, '.run_index.json'),
      JSON.stringify({
        runs: [
          {
            run_id: 'bad',
            description: 'from index',
            created_at: '2026-01-01T00:00:00Z',
            status: 'running',
            tags: ['t'],
          },
        ],
        latest: 'bad',
      }),
    );
    const [bad] = new RunsDir(dir).list();
    expect(bad).toMatchObject({ description: 'from index', status: 'running', tags: ['t'], unreadable: true });
  });

  test('wrong types for keys are named, tags given as a string become one tag', () => {
    const dir = tempDir();
    writeMeta(dir, 'r', base('r', { tags: 'sweep', status: 3, created_at: 'yesterday', checkpoints: {} }));
    const [r] = new RunsDir(dir).list();
    expect(r!.tags).toEqual(['sweep']);
    expect(r!.status).toBe('unknown');
    expect(r!.created_ms).toBeNull();
    const text = r!.problems.map((p) => p.message).join('\n');
    expect(text).toMatch(/"tags" is a string/);
    expect(text).toMatch(/"status" should be a string/);
    expect(text).toMatch(/"created_at" is not a timestamp/);
    expect(text).toMatch(/"checkpoints" should be a list/);
  });

  test('a corrupt index is reported and the runs are still listed from their folders', () => {
    const dir = tempDir();
    writeMeta(dir, 'r', base('r'));
    fs.writeFileSync(path.join(dir, '.run_index.json'), '{"runs": [');
    const scan = new RunsDir(dir).scan();
    expect(scan.runs.map((r) => r.run_id)).toEqual(['r']);
    expect(scan.problems[0]).toMatchObject({ file: '.run_index.json' });
  });

  test('reading never writes', () => {
    const dir = sampleRuns();
    const snapshot = () =>
      fs
        .readdirSync(dir, { recursive: true })
        .map(String)
        .sort()
        .map((f) => {
          const st = fs.lstatSync(path.join(dir, f));
          return `${f}:${st.mtimeMs}:${st.size}`;
        });
    const before = snapshot();
    const store = new RunsDir(dir);
    store.list();
    for (const r of store.list()) {
      store.get(r.run_id);
      resolveCheckpoints(dir, r);
    }
    store.latest();
    expect(snapshot()).toEqual(before);
  });
});

describe('things that are not runs', () => {
  test('dotfiles, stray files, folders without metadata, symlinks and odd names are reported, not listed', () => {
    const dir = tempDir();
    const elsewhere = tempDir();
    writeMeta(dir, 'real', base('real'));
    writeMeta(elsewhere, 'linked', base('linked'));
    fs.mkdirSync(path.join(dir, '.trash'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'hi');
    fs.mkdirSync(path.join(dir, 'empty-folder'));
    fs.symlinkSync(path.join(elsewhere, 'linked'), path.join(dir, 'linked'));
    fs.mkdirSync(path.join(dir, 'bad\u0001name'));
    const scan = new RunsDir(dir).scan();
    expect(scan.runs.map((r) => r.run_id)).toEqual(['real']);
    const kinds = Object.fromEntries(scan.entries.map((e) => [e.name, e.kind]));
    expect(kinds).toMatchObject({
      '.trash': 'dotfile',
      'notes.txt': 'file',
      'empty-folder': 'folder-without-metadata',
      linked: 'symlink',
      'bad\u0001name': 'invalid-name',
    });
  });

  test('a folder whose run_id disagrees with its name is read under its folder name, with a problem', () => {
    const dir = tempDir();
    writeMeta(dir, 'folder-name', base('other-name'));
    const [r] = new RunsDir(dir).list();
    expect(r!.run_id).toBe('folder-name');
    expect(r!.problems[0]!.message).toMatch(/folder name is used/);
  });
});
