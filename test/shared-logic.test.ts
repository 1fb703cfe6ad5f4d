// The pure rules in shared/: timestamps, run ids, lineage, checkpoint paths, prefixes.
import { describe, expect, test } from 'vitest';
import { ancestorsOf, buildLineage, descendantsOf, lineageProblems, lineageProblemsOf, lineageTrees } from '../shared/lineage';
import { checkpointStem, filesOfCheckpoint, locateCheckpoint } from '../shared/checkpoint-paths';
import { runIdProblem } from '../shared/run-id';
import { resolveRunRef } from '../shared/run-query';
import { formatTimestamp, parseTimestamp } from '../shared/timestamps';
import { RunStore } from '../electron/store/run-store';
import { tempDir } from './helpers/dirs';

describe('timestamps', () => {
  test('both module spellings, with and without microseconds, parse to the same instant', () => {
    const a = parseTimestamp('2026-10-28T08:30:00.654321Z')!;
    expect(a.ms).toBeCloseTo(Date.UTC(2026, 9, 28, 8, 30, 0, 654) + 0.321, 2);
    expect(parseTimestamp('2026-10-28T08:30:00Z')!.ms).toBe(Date.UTC(2026, 9, 28, 8, 30));
    expect(parseTimestamp('2026-10-28T09:30:00+01:00')!.ms).toBe(Date.UTC(2026, 9, 28, 8, 30));
    expect(parseTimestamp('2026-10-28T08:30:00')).toEqual({ ms: Date.UTC(2026, 9, 28, 8, 30), assumedUtc: true });
  });

  test('nonsense is not a date', () => {
    for (const bad of ['yesterday', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '', 42, null]) expect(parseTimestamp(bad)).toBeNull();
  });

  test('Runyard writes the module\'s form with six fractional digits and Z', () => {
    expect(formatTimestamp(Date.UTC(2026, 9, 28, 8, 30, 0, 654), 321)).toBe('2026-10-28T08:30:00.654321Z');
    expect(formatTimestamp(Date.UTC(2026, 0, 1))).toBe('2026-01-01T00:00:00.000000Z');
  });
});

describe('run ids never leave the runs directory', () => {
  test.each(['', '.', '..', '../x', 'a/b', 'a\\b', '/abs', 'C:evil', 'nul\0', '.hidden', 'current', 'tab\there'])('%j is refused', (id) => {
    expect(runIdProblem(id)).not.toBeNull();
  });
  test.each(['9531985d-5d9d-49f8-9818-e811892f902b', 'my-run_01', 'étude-🦠'])('%j is fine', (id) => {
    expect(runIdProblem(id)).toBeNull();
  });
  test('the store refuses a NUL or traversal id with a message naming it', async () => {
    const store = new RunStore(tempDir());
    await expect(store.createRun({ runId: 'nul\0byte' })).rejects.toThrow(/invalid run id "nul\\u0000byte": it contains a NUL byte/);
    await expect(store.updateStatus('../../etc', 'x')).rejects.toThrow(/invalid run id/);
  });
});

describe('lineage', () => {
  const runs = [
    { run_id: 'root', parent_run_id: null, created_ms: 1 },
    { run_id: 'kid1', parent_run_id: 'root', created_ms: 2 },
    { run_id: 'kid2', parent_run_id: 'root', created_ms: 3 },
    { run_id: 'grand', parent_run_id: 'kid1', created_ms: 4 },
    { run_id: 'orphan', parent_run_id: 'deleted', created_ms: 5 },
    { run_id: 'cy1', parent_run_id: 'cy2', created_ms: 6 },
    { run_id: 'cy2', parent_run_id: 'cy1', created_ms: 7 },
  ];
  test('builds a forest with orphans and cycles reported', () => {
    const l = buildLineage(runs);
    expect(l.orphans).toEqual(['orphan']);
    expect(l.cycles).toHaveLength(1);
    expect([...l.cycles[0]!].sort()).toEqual(['cy1', 'cy2']);
    expect(l.roots).toEqual(expect.arrayContaining(['root', 'orphan']));
    expect(descendantsOf(l, 'root').sort()).toEqual(['grand', 'kid1', 'kid2']);
    expect(ancestorsOf(l, 'grand')).toEqual(['kid1', 'root']);
  });
  test('walking a cycle terminates and shows each member once', () => {
    const l = buildLineage(runs);
    expect(ancestorsOf(l, 'cy1')).toEqual(['cy2']);
    const trees = lineageTrees(l);
    const ids: string[] = [];
    const walk = (n: { run_id: string; children: any[] }) => { ids.push(n.run_id); n.children.forEach(walk); };
    trees.forEach(walk);
    expect(ids.sort()).toEqual(runs.map((r) => r.run_id).sort());
  });
});

describe('checkpoint paths', () => {
  test('relative and foreign absolute paths become a path inside the runs directory', () => {
    expect(locateCheckpoint('sample-runs/abc/checkpoints/ck.hdf5')).toEqual({ insideRuns: 'abc/checkpoints/ck.hdf5', fileName: 'ck.hdf5' });
    expect(locateCheckpoint('/cosma/scratch/dp004/runs/abc/checkpoints/ck.hdf5').insideRuns).toBe('abc/checkpoints/ck.hdf5');
    expect(locateCheckpoint('abc/checkpoints/../../../etc/passwd').insideRuns).toBeNull();
    expect(locateCheckpoint(null)).toEqual({ insideRuns: null, fileName: null });
  });
  test('per-rank files belong to their checkpoint', () => {
    expect(checkpointStem('checkpoint_2020-04-01.3.hdf5')).toEqual({ stem: 'checkpoint_2020-04-01', rank: 3 });
    const names = ['checkpoint_2020-04-01.0.hdf5', 'checkpoint_2020-04-01.1.hdf5', 'checkpoint_2020-04-15.0.hdf5', 'notes.txt'];
    expect(filesOfCheckpoint('checkpoint_2020-04-01', 'checkpoint_2020-04-01.hdf5', names)).toEqual({ files: names.slice(0, 2), ranks: [0, 1] });
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
  for (const r of runs) expect(lineageProblemsOf(r.run_id, (id) => parents.get(id)), r.run_id).toEqual(all.get(r.run_id) ?? []);
  expect([...all.keys()].sort()).toEqual(['a', 'b', 'c', 'orphan', 'self']);
  expect(all.get('b')![0]).toEqual({ file: 'b/metadata.json', message: 'in a parent cycle: b → a → c → b' });
  expect(all.get('orphan')![0]!.message).toBe('parent_run_id names deleted, which is not a run in this folder (an orphan)');
  // A long chain costs one walk, not one per run.
  const chain = Array.from({ length: 50_000 }, (_, i) => ({ run_id: `r${i}`, parent_run_id: i ? `r${i - 1}` : 'r49999' }));
  const t = performance.now();
  const long = lineageProblems(chain);
  expect(performance.now() - t).toBeLessThan(2000);
  expect(long.size).toBe(50_000);
  expect(long.get('r3')![0]!.message).toBe('in a parent cycle: r3 → r2 → r1 → r0 → r49999 → r49998 → … (50000 runs) → r3');
  expect(lineageProblemsOf('r3', (id) => chain[Number(id.slice(1))]?.parent_run_id)).toEqual(long.get('r3'));
});

