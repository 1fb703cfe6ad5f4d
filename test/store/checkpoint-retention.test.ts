// Checkpoint retention inside a run: keep-last, keep-every, and never what a run resumed from.
import { describe, expect, test } from 'vitest';
import {
  planCheckpointRetention,
  resumeProtection,
  type ResolvedEntry,
  type RetentionRun,
} from '../../shared/checkpoint-retention';
import type { CheckpointEntry } from '../../shared/types';

const T0 = Date.parse('2026-04-01T00:00:00Z');
const at = (day: number) => new Date(T0 + day * 86_400_000).toISOString().replace('.000Z', '.000000Z');

function ckpts(owner: string, n: number): CheckpointEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `ck${i}`,
    created_at: at(i),
    path: `runs/${owner}/checkpoints/ck${i}.hdf5`,
  }));
}

/** Two per-rank files per checkpoint, in the owner's folder. */
function resolved(owner: string, entries: CheckpointEntry[]): ResolvedEntry[] {
  return entries.map((c) => ({
    ...c,
    files: [0, 1].map((r) => ({ path: `${owner}/checkpoints/${c.name}.${r}.hdf5`, bytes: 10 })),
  }));
}

function runOf(id: string, checkpoints: CheckpointEntry[], o: Partial<RetentionRun> = {}): RetentionRun {
  return { run_id: id, parent_run_id: null, created_ms: T0 - 86_400_000, checkpoints, ...o };
}

const names = (xs: { name: string }[]) => xs.map((x) => x.name);

describe('keep-last and keep-every', () => {
  test('--keep-last K keeps the last K entries of the list; per-rank files go with their checkpoint', () => {
    const run = runOf('r', ckpts('r', 5));
    const plan = planCheckpointRetention(
      run,
      resolved('r', run.checkpoints as CheckpointEntry[]),
      [run],
      { keepLast: 2 },
      ['r/checkpoints'],
    );
    expect(names(plan.remove)).toEqual(['ck0', 'ck1', 'ck2']);
    expect(plan.remove[0]!.files.map((f) => f.path)).toEqual(['r/checkpoints/ck0.0.hdf5', 'r/checkpoints/ck0.1.hdf5']);
    expect(plan.bytes_freed).toBe(60);
    expect(plan.keep.map((k) => [k.name, k.code])).toEqual([
      ['ck3', 'last'],
      ['ck4', 'last'],
    ]);
  });

  test('--keep-every N also keeps every N-th checkpoint counting from the first (Orbax keep_period)', () => {
    const run = runOf('r', ckpts('r', 6));
    const plan = planCheckpointRetention(
      run,
      resolved('r', run.checkpoints as CheckpointEntry[]),
      [run],
      { keepLast: 1, keepEvery: 2 },
      ['r/checkpoints'],
    );
    expect(names(plan.remove)).toEqual(['ck1', 'ck3']);
    expect(plan.keep.map((k) => [k.name, k.code])).toEqual([
      ['ck0', 'every'],
      ['ck2', 'every'],
      ['ck4', 'every'],
      ['ck5', 'last'],
    ]);
  });

  test('a file that a kept entry also names is not removed with a duplicate entry', () => {
    const list = [...ckpts('r', 2), ckpts('r', 2)[1]!];
    const run = runOf('r', list);
    const plan = planCheckpointRetention(run, resolved('r', list), [run], { keepLast: 1 }, ['r/checkpoints']);
    expect(plan.remove.map((r) => [r.index, r.files.length])).toEqual([
      [0, 2],
      [1, 0],
    ]);
  });
});

describe('never what a run resumed from', () => {
  test('resumed_from_checkpoint protects the named checkpoint of the parent', () => {
    const parent = runOf('p', ckpts('p', 4));
    const child = runOf('c', [], {
      parent_run_id: 'p',
      resumed_from_checkpoint: 'ck1',
      created_ms: T0 + 10 * 86_400_000,
    });
    const plan = planCheckpointRetention(
      parent,
      resolved('p', parent.checkpoints as CheckpointEntry[]),
      [parent, child],
      { keepLast: 1 },
      ['p/checkpoints'],
    );
    expect(names(plan.remove)).toEqual(['ck0', 'ck2']);
    expect(plan.keep.find((k) => k.name === 'ck1')).toMatchObject({
      code: 'resumed-from',
      child: 'c',
      reason: 'run c resumed from it',
    });
  });

  test("a grandchild resuming from a copied entry protects the grandparent's files", () => {
    const grand = runOf('g', ckpts('g', 3));
    const parent = runOf('p', [...grand.checkpoints], { parent_run_id: 'g' });
    const child = runOf('c', [...parent.checkpoints], { parent_run_id: 'p', resumed_from_checkpoint: 'ck0' });
    expect([...resumeProtection(grand, [grand, parent, child]).entries()]).toContainEqual([
      0,
      { child: 'c', presumed: false },
    ]);
  });

  test('a child made by the Python module (no record) presumably resumed from the newest entry it copied', () => {
    const parent = runOf('p', ckpts('p', 4));
    const child = runOf('c', parent.checkpoints.slice(0, 3), { parent_run_id: 'p' });
    const plan = planCheckpointRetention(
      parent,
      resolved('p', parent.checkpoints as CheckpointEntry[]),
      [parent, child],
      { keepLast: 1 },
      ['p/checkpoints'],
    );
    expect(names(plan.remove)).toEqual(['ck0', 'ck1']);
    expect(plan.keep.find((k) => k.name === 'ck2')!.reason).toContain('presumably');
  });

  test("without copies, the parent's newest checkpoint made before the child counts; when nothing tells, all are kept", () => {
    const parent = runOf('p', ckpts('p', 4));
    const child = runOf('c', [], { parent_run_id: 'p', created_ms: T0 + 1.5 * 86_400_000 });
    const plan = planCheckpointRetention(
      parent,
      resolved('p', parent.checkpoints as CheckpointEntry[]),
      [parent, child],
      { keepLast: 0 },
      ['p/checkpoints'],
    );
    expect(plan.keep.map((k) => k.name)).toEqual(['ck1']);
    const undated = runOf('u', [], { parent_run_id: 'p', created_ms: null });
    const all = planCheckpointRetention(
      parent,
      resolved('p', parent.checkpoints as CheckpointEntry[]),
      [parent, undated],
      { keepLast: 0 },
      ['p/checkpoints'],
    );
    expect(all.remove).toEqual([]);
  });
});

describe('whose files they are', () => {
  test("entries a child copied from its parent are the parent's; the child's own go by its rules", () => {
    const parent = runOf('p', ckpts('p', 2));
    // The module writes a resumed run's new checkpoints into the parent's folder.
    const own: CheckpointEntry = { name: 'later', created_at: at(9), path: 'runs/p/checkpoints/later.hdf5' };
    const own2: CheckpointEntry = { name: 'latest', created_at: at(10), path: 'runs/p/checkpoints/latest.hdf5' };
    const child = runOf('c', [...parent.checkpoints, own, own2], { parent_run_id: 'p' });
    const plan = planCheckpointRetention(
      child,
      resolved('p', child.checkpoints as CheckpointEntry[]),
      [parent, child],
      { keepLast: 1 },
      ['c/checkpoints', 'p/checkpoints'],
    );
    expect(names(plan.remove)).toEqual(['later']);
    expect(plan.keep.map((k) => [k.name, k.code])).toEqual([
      ['ck0', 'inherited'],
      ['ck1', 'inherited'],
      ['latest', 'last'],
    ]);
  });

  test("files outside the run's checkpoint folders are left alone", () => {
    const run = runOf('r', ckpts('r', 2));
    const plan = planCheckpointRetention(
      run,
      resolved('elsewhere', run.checkpoints as CheckpointEntry[]),
      [run],
      { keepLast: 0 },
      ['r/checkpoints'],
    );
    expect(plan.remove).toEqual([]);
    expect(plan.keep.every((k) => k.code === 'elsewhere')).toBe(true);
  });
});
