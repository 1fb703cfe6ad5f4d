// Checkpoint paths: where a recorded checkpoint lives inside the runs directory.
import { describe, expect, test } from 'vitest';
import { lineageProblems, lineageProblemsOf } from '../../shared/lineage';
import { checkpointStem, filesOfCheckpoint, locateCheckpoint } from '../../shared/checkpoint-paths';
import { resolveRunRef } from '../../shared/run-query';

describe('checkpoint paths', () => {
  test('relative and foreign absolute paths become a path inside the runs directory', () => {
    expect(locateCheckpoint('sample-runs/abc/checkpoints/ck.hdf5')).toEqual({
      insideRuns: 'abc/checkpoints/ck.hdf5',
      fileName: 'ck.hdf5',
    });
    expect(locateCheckpoint('/cosma/scratch/dp004/runs/abc/checkpoints/ck.hdf5').insideRuns).toBe(
      'abc/checkpoints/ck.hdf5',
    );
    expect(locateCheckpoint('abc/checkpoints/../../../etc/passwd').insideRuns).toBeNull();
    expect(locateCheckpoint(null)).toEqual({ insideRuns: null, fileName: null });
  });
  test('per-rank files belong to their checkpoint', () => {
    expect(checkpointStem('checkpoint_2020-04-01.3.hdf5')).toEqual({ stem: 'checkpoint_2020-04-01', rank: 3 });
    const names = [
      'checkpoint_2020-04-01.0.hdf5',
      'checkpoint_2020-04-01.1.hdf5',
      'checkpoint_2020-04-15.0.hdf5',
      'notes.txt',
    ];
    expect(filesOfCheckpoint('checkpoint_2020-04-01', 'checkpoint_2020-04-01.hdf5', names)).toEqual({
      files: names.slice(0, 2),
      ranks: [0, 1],
    });
  });
});

test('a run is named by a unique prefix of at least 4 characters', () => {
  const ids = ['abcd-1', 'abcd-2', 'bcde-1'];
  expect(resolveRunRef(ids, 'bcde')).toEqual({ id: 'bcde-1' });
  expect(resolveRunRef(ids, 'abcd')).toMatchObject({ candidates: ['abcd-1', 'abcd-2'] });
  expect(resolveRunRef(ids, 'abc')).toMatchObject({ error: expect.stringMatching(/at least 4/) });
});

test('lineage problems: the whole-folder and the walk-up-from-one-run answers agree, on every kind of family', () => {
  const runs = [
    { run_id: 'root', parent_run_id: null },
    { run_id: 'kid', parent_run_id: 'root' },
    { run_id: 'orphan', parent_run_id: 'deleted' },
    { run_id: 'below-orphan', parent_run_id: 'orphan' },
    { run_id: 'self', parent_run_id: 'self' },
    { run_id: 'a', parent_run_id: 'c' },
    { run_id: 'b', parent_run_id: 'a' },
    { run_id: 'c', parent_run_id: 'b' },
    { run_id: 'into-cycle', parent_run_id: 'a' },
    { run_id: 'empty', parent_run_id: '' },
  ];
  const all = lineageProblems(runs);
  const parents = new Map(runs.map((r) => [r.run_id, r.parent_run_id]));
  for (const r of runs)
    expect(
      lineageProblemsOf(r.run_id, (id) => parents.get(id)),
      r.run_id,
    ).toEqual(all.get(r.run_id) ?? []);
  expect([...all.keys()].sort()).toEqual(['a', 'b', 'c', 'orphan', 'self']);
  expect(all.get('b')![0]).toEqual({ file: 'b/metadata.json', message: 'in a parent cycle: b → a → c → b' });
  expect(all.get('orphan')![0]!.message).toBe(
    'parent_run_id names deleted, which is not a run in this folder (an orphan)',
  );
  // A long chain costs one walk, not one per run.
  const chain = Array.from({ length: 50_000 }, (_, i) => ({
    run_id: `r${i}`,
    parent_run_id: i ? `r${i - 1}` : 'r49999',
  }));
  const t = performance.now();
  const long = lineageProblems(chain);
  expect(performance.now() - t).toBeLessThan(2000);
  expect(long.size).toBe(50_000);
  expect(long.get('r3')![0]!.message).toBe(
    'in a parent cycle: r3 → r2 → r1 → r0 → r49999 → r49998 → … (50000 runs) → r3',
  );
  expect(lineageProblemsOf('r3', (id) => chain[Number(id.slice(1))]?.parent_run_id)).toEqual(long.get('r3'));
});
