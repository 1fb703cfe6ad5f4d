// Issue 14: a prune re-checks each run right before moving it, because simulations
// change the directory without Runyard's lock. A child that appears while the batch
// moves keeps its parent (with the reason a dry run gives), a run whose metadata or
// index status changed since the plan stays, and a run that got a child after its move
// comes back from the trash. The changes are made between two moves (the progress
// callback runs after each one), written the way the Python module writes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { changedReason, neededByReason } from '../../shared/prune-plan';
import { UsageMeter } from '../../electron/store/usage-meter';
import { withIndexLock } from '../../electron/store/index-lock';
import { clearJournal, writeJournal } from '../../electron/store/journal';
import { executePrune, makePrunePlan } from '../../electron/store/prune';
import { RunsDir } from '../../electron/store/runs-dir';
import { ensureTrashDir } from '../../electron/store/trash';
import { inProcess } from '../helpers/api';
import { runCliAsync } from '../helpers/cli';
import { tempDir } from '../helpers/dirs';

const POLICY = { statuses: ['failed'] };

async function failedRuns(n: number): Promise<{ dir: string; store: RunsDir; ids: string[] }> {
  const dir = path.join(tempDir(), 'runs');
  fs.mkdirSync(dir);
  const store = new RunsDir(dir, { gitRepo: null });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await store.createRun({ description: `old ${i}` });
    await store.updateStatus(r.run_id, 'failed');
    ids.push(r.run_id);
  }
  return { dir, store, ids };
}

/** As create_child_run does it: the folder, its subfolders, then a plain write of metadata.json (none when `metadata` is false). */
function moduleChild(dir: string, parent: string, id: string, metadata = true): void {
  for (const sub of ['', 'results', 'checkpoints', 'logs']) fs.mkdirSync(path.join(dir, id, sub), { recursive: true });
  if (!metadata) return;
  const meta = {
    run_id: id,
    created_at: new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000Z'),
    description: `Resumed from ${parent.slice(0, 8)}`,
    status: 'initialising',
    tags: ['resumed'],
    hostname: 'node1',
    user: 'ana',
    git_commit: null,
    parent_run_id: parent,
    checkpoints: [],
    started_at: null,
    completed_at: null,
    resumed_from: parent,
  };
  fs.writeFileSync(path.join(dir, id, 'metadata.json'), JSON.stringify(meta, null, 2));
}

/** Runs the confirmed plan; `between` runs after the first move, given the runs still in place and those already moved. */
async function pruneWith(dir: string, store: RunsDir, between: (inPlace: string[], moved: string[]) => void) {
  const usage = new UsageMeter(dir, { cacheFile: null });
  const plan = await makePrunePlan(store, POLICY, usage);
  const batch = plan.remove.map((r) => r.run_id);
  let calls = 0;
  const result = await executePrune(store, plan, POLICY, usage, {
    onProgress: () => {
      if (++calls !== 1) return;
      const inPlace = batch.filter((id) => fs.existsSync(path.join(dir, id)));
      between(
        inPlace,
        batch.filter((id) => !inPlace.includes(id)),
      );
    },
  });
  return { batch, result, why: (id: string) => result.skipped.find((s) => s.run_id === id) };
}

const inTrash = (dir: string) =>
  fs.existsSync(path.join(dir, '.trash'))
    ? fs.readdirSync(path.join(dir, '.trash')).filter((n) => !n.startsWith('.'))
    : [];

describe('a prune checks each run again right before moving it', () => {
  test('a child resumed while the batch moves keeps its parent, with the reason a dry run gives for it', async () => {
    const { dir, store, ids } = await failedRuns(4);
    const child = '7c0ffee0-0000-4000-8000-000000000001';
    let parent = '';
    const { result, why } = await pruneWith(dir, store, (inPlace) => {
      parent = inPlace[0]!;
      moduleChild(dir, parent, child);
    });
    expect(fs.existsSync(path.join(dir, parent, 'metadata.json'))).toBe(true);
    expect(why(parent)).toEqual({ run_id: parent, reason: neededByReason(child) });
    expect(result.trashed.map((t) => t.run_id).sort()).toEqual(ids.filter((id) => id !== parent).sort());

    const dry = await runCliAsync(['--dir', dir, '--json', 'prune', '--status', 'failed', '--dry-run'], {
      RUNYARD_CACHE_DIR: 'off',
    });
    expect(dry.code, dry.stderr).toBe(0);
    const keep = (JSON.parse(dry.stdout) as { keep: { run_id: string; reason: string }[] }).keep.find(
      (k) => k.run_id === parent,
    );
    expect(keep?.reason).toBe(why(parent)!.reason);
  });

  test('a run whose metadata.json or index status changed since the plan is left in place, saying so', async () => {
    const { dir, store } = await failedRuns(4);
    let edited = '';
    let restatused = '';
    const { why } = await pruneWith(dir, store, (inPlace) => {
      edited = inPlace[0]!;
      restatused = inPlace[1]!;
      const file = path.join(dir, edited!, 'metadata.json');
      const meta = JSON.parse(fs.readFileSync(file, 'utf8'));
      fs.writeFileSync(file, JSON.stringify({ ...meta, description: 'a colleague is looking at this one' }, null, 2));
      const indexFile = path.join(dir, '.run_index.json');
      const index = JSON.parse(fs.readFileSync(indexFile, 'utf8'));
      for (const e of index.runs) if (e.run_id === restatused) e.status = 'running';
      fs.writeFileSync(indexFile, JSON.stringify(index, null, 2));
    });
    expect(why(edited)?.reason).toBe(changedReason.metadata);
    expect(why(restatused)?.reason).toBe(changedReason.status('failed', 'running'));
    expect(why(restatused)?.reason).toMatch(
      /status in \.run_index\.json changed from failed to running since the plan/,
    );
    for (const id of [edited, restatused]) expect(fs.existsSync(path.join(dir, id, 'metadata.json'))).toBe(true);
  });

  test('a run that gets a child after its move is put back from the trash, whole and in the index', async () => {
    const { dir, store } = await failedRuns(3);
    const child = '7c0ffee0-0000-4000-8000-000000000002';
    let parent = '';
    const { result, why } = await pruneWith(dir, store, (_inPlace, moved) => {
      // A module that found the parent just before it moved makes the child folder an instant later.
      parent = moved[0]!;
      moduleChild(dir, parent, child);
    });
    expect(why(parent)).toEqual({ run_id: parent, reason: neededByReason(child), put_back: true });
    expect(result.trashed.map((t) => t.run_id)).not.toContain(parent);
    expect(fs.existsSync(path.join(dir, parent, 'checkpoints'))).toBe(true);
    expect(inTrash(dir)).not.toContain(parent);
    const index = JSON.parse(fs.readFileSync(path.join(dir, '.run_index.json'), 'utf8'));
    expect(index.runs.map((e: { run_id: string }) => e.run_id)).toContain(parent);
    expect(fs.existsSync(path.join(dir, '.trash', '.journal.json'))).toBe(false);
  });

  test("a new run folder whose metadata.json is not written yet may be anyone's child: nothing goes, and the user is told why", async () => {
    const { dir, store, ids } = await failedRuns(3);
    const folder = '7c0ffee0-0000-4000-8000-000000000003';
    let first: string[] = [];
    const { result, why } = await pruneWith(dir, store, (_inPlace, moved) => {
      first = moved;
      moduleChild(dir, 'unknown', folder, false);
    });
    expect(result.trashed).toEqual([]);
    for (const id of ids) expect(fs.existsSync(path.join(dir, id, 'metadata.json'))).toBe(true);
    const reason = changedReason.maybeChild(folder);
    expect(reason).toMatch(
      /a new run folder 7c0ffee0 appeared while pruning and its metadata\.json cannot be read yet; it may be a child of this run/,
    );
    for (const id of ids) expect(why(id)?.reason).toBe(reason);
    expect(first).toHaveLength(1);
    expect(why(first[0]!)?.put_back).toBe(true);
    expect(inTrash(dir)).toEqual([]);
  });
});

describe('a prune still running is in progress, not interrupted', () => {
  test('`list` during a prune says it is in progress; the same journal without a live holder is interrupted', async () => {
    const { dir } = await failedRuns(1);
    const env = { RUNYARD_CACHE_DIR: 'off' };
    ensureTrashDir(dir);
    const journal = {
      op: 'trash-runs' as const,
      pid: process.pid,
      started_at: '2026-12-04T10:00:00.000000Z',
      items: [],
    };
    const during = await withIndexLock(dir, async () => {
      writeJournal(dir, journal);
      return runCliAsync(['--dir', dir, 'list'], env);
    });
    expect(during.code, during.stderr).toBe(0);
    expect(during.stderr).toContain(
      `runyard: warning: a prune is in progress (pid ${process.pid}, started 2026-12-04T10:00:00.000000Z); what is shown may change as it finishes`,
    );
    expect(during.stderr).not.toMatch(/interrupted/);

    // The lock is free now, so the journal is what a killed prune leaves.
    const after = await runCliAsync(['--dir', dir, 'list'], env);
    expect(after.stderr).toMatch(
      /warning: an interrupted prune \(pid \d+, started 2026-12-04T10:00:00.000000Z\) is pending/,
    );
    clearJournal(dir);
  });
});

describe('the API says why a confirmed run stayed', () => {
  test("prune.execute lists a run that got a child after the preview under skipped, with the dry run's reason, and leaves it in place", async () => {
    const { dir, ids } = await failedRuns(3);
    const { backend, call } = inProcess();
    expect((await call('dir.open', { dir })).ok).toBe(true);
    const preview = await call('prune.plan', { policy: { statuses: ['failed'] } });
    const expectIds = (preview.ok ? (preview.value as { remove: { run_id: string }[] }).remove : []).map(
      (r) => r.run_id,
    );
    expect(expectIds.sort()).toEqual([...ids].sort());
    const child = '7c0ffee0-0000-4000-8000-000000000001';
    moduleChild(dir, ids[0]!, child);
    const r = await call('prune.execute', {
      policy: { statuses: ['failed'] },
      expect: expectIds,
      operation: 'op-guard',
    });
    if (!r.ok) throw new Error(r.error.message);
    const value = r.value as { removed: string[]; skipped: { run_id: string; reason: string }[] };
    expect(value.removed.sort()).toEqual([ids[1], ids[2]].sort());
    expect(value.skipped).toEqual([{ run_id: ids[0], reason: neededByReason(child) }]);
    expect(fs.existsSync(path.join(dir, ids[0]!, 'metadata.json'))).toBe(true);
    await backend.close();
  });
});
