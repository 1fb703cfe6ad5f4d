// The live index on real folders with real watches: what a viewer of the run list
// sees while simulations and colleagues change the directory under it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { LiveIndex } from '../../electron/live/live-index';
import type { LiveIndexOptions } from '../../electron/live/live-options';
import { scanRuns } from '../../electron/store/scan';
import type { RunDelta, RunRecord } from '../../shared/types';
import { sampleRuns, tempDir } from '../helpers/dirs';
import { inotifyWatchCount, makeRun, makeRuns, rewriteMetadata, treeSnapshot } from '../helpers/live-runs';
import { until, sleep } from '../helpers/poll';

// The index reuses parsed metadata from the user's cache folder; keep these tests' out of the real one.
let cacheHome = '';
beforeAll(() => {
  cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'runyard-cache-'));
  process.env.XDG_CACHE_HOME = cacheHome;
});
afterAll(() => fs.rmSync(cacheHome, { recursive: true, force: true }));

const open: LiveIndex[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((i) => i.close()));
});

/** An index and the deltas it sends after its initial scan. */
function live(dir: string, opts: LiveIndexOptions = {}): { index: LiveIndex; deltas: RunDelta[] } {
  const index = new LiveIndex(dir, opts);
  open.push(index);
  const deltas: RunDelta[] = [];
  index.onProgress((p) => p.done && setImmediate(() => (deltas.length = 0)));
  index.onDelta((d) => deltas.push(d));
  return { index, deltas };
}

const changedIds = (deltas: RunDelta[]) => deltas.flatMap((d) => d.changed.map((r) => r.run_id));

/** What the user sees of a run, without the bookkeeping fields. */
const view = (r: RunRecord | undefined) => (r ? { ...r, mtime_ms: 0, stale: undefined } : r);
const idsOf = (runs: RunRecord[]) => runs.map((r) => r.run_id).sort();

describe('initial scan', () => {
  test('shows every run folder as the store reads it, reports progress to done, and writes nothing', async () => {
    const dir = sampleRuns();
    const before = treeSnapshot(dir);
    const { index } = live(dir);
    const progress: { scanned: number; total: number; done: boolean }[] = [];
    index.onProgress((p) => progress.push(p));
    await index.start();
    const expected = scanRuns(dir).runs;
    expect(idsOf(index.runs())).toEqual(idsOf(expected));
    for (const r of expected) expect(view(index.get(r.run_id))).toEqual(view(r));
    expect(progress.at(-1)).toEqual({ scanned: expected.length, total: expected.length, done: true });
    expect(index.mode).toBe('native');
    await index.close();
    expect(treeSnapshot(dir)).toEqual(before);
  });

  test('a second start reads unchanged runs from the cache and changed ones from disk', async () => {
    const dir = sampleRuns();
    const first = live(dir).index;
    await first.start();
    await until(
      'the cache file',
      () =>
        fs.existsSync(path.join(cacheHome, 'runyard')) && fs.readdirSync(path.join(cacheHome, 'runyard')).length > 0,
    );
    await first.close();
    const id = first.runs()[0]!.run_id;
    const file = path.join(dir, id, 'metadata.json');
    const old = fs.statSync(file).mtime;
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace(/"description": "[^"]*"/, '"description": "changed while nobody watched"'),
    );
    fs.utimesSync(file, old, old);
    const { index } = live(dir);
    await index.start();
    const expected = scanRuns(dir).runs;
    for (const r of expected) expect(view(index.get(r.run_id))).toEqual(view(r));
    expect(index.get(id)?.description).toBe('changed while nobody watched');
  });

  test('runs added, removed and renamed while the scan is still running end up as they are on disk', async () => {
    const dir = tempDir();
    makeRuns(dir, 700, { bare: true });
    const order = fs.readdirSync(dir);
    const { index } = live(dir);
    let acted = false;
    index.onProgress((p) => {
      if (acted || p.done || p.scanned < 200) return;
      acted = true;
      // Runs the scan has passed and runs it has not reached yet, both ways.
      makeRun(dir, 'zz-added-during-scan', 'running');
      fs.rmSync(path.join(dir, order[10]!), { recursive: true });
      fs.rmSync(path.join(dir, order[600]!), { recursive: true });
      fs.renameSync(path.join(dir, order[20]!), path.join(dir, 'renamed-early'));
      fs.renameSync(path.join(dir, order[650]!), path.join(dir, 'renamed-late'));
    });
    await index.start();
    expect(acted).toBe(true);
    const onDisk = () => idsOf(scanRuns(dir).runs);
    await until(
      'the index to match the folders',
      () => JSON.stringify(idsOf(index.runs())) === JSON.stringify(onDisk()),
    );
    expect(index.get('renamed-early')?.run_id).toBe('renamed-early');
    expect(index.get(order[10]!)).toBeUndefined();
    expect(index.get('zz-added-during-scan')?.status).toBe('running');
  });
});

describe('following changes', () => {
  test('a status change, a new run and a deleted run arrive as typed deltas', async () => {
    const dir = tempDir();
    makeRuns(dir, 5);
    const { index, deltas } = live(dir);
    await index.start();
    rewriteMetadata(dir, 'run-00001', (m) => (m.status = 'failed'));
    makeRun(dir, 'run-new', 'initialising');
    fs.rmSync(path.join(dir, 'run-00002'), { recursive: true });
    await until(
      'all three changes',
      () => changedIds(deltas).length && deltas.some((d) => d.added.length) && deltas.some((d) => d.removed.length),
    );
    await sleep(150);
    expect(index.get('run-00001')?.status).toBe('failed');
    const all = {
      added: deltas.flatMap((d) => d.added.map((r) => r.run_id)),
      changed: deltas.flatMap((d) => d.changed.map((r) => r.run_id)),
      removed: deltas.flatMap((d) => d.removed),
    };
    expect(all).toEqual({ added: ['run-new'], changed: ['run-00001'], removed: ['run-00002'] });
  });

  test('a burst of writes is coalesced: each delta names a run once and the last one holds the final state', async () => {
    const dir = tempDir();
    makeRuns(dir, 3);
    const { index, deltas } = live(dir);
    await index.start();
    for (let i = 0; i < 30; i++) rewriteMetadata(dir, `run-0000${i % 3}`, (m) => (m.description = `step ${i}`));
    await until('the last write', () => deltas.flatMap((d) => d.changed).some((r) => r.description === 'step 29'));
    await sleep(150);
    expect(deltas.length).toBeLessThan(15);
    for (const d of deltas) expect(new Set(d.changed.map((r) => r.run_id)).size).toBe(d.changed.length);
    expect(index.get('run-00000')?.description).toBe('step 27');
  });

  test('writes into results/ and checkpoints/ cost no watches and send no deltas', async () => {
    const dir = tempDir();
    makeRuns(dir, 20);
    for (let i = 0; i < 100; i++) fs.writeFileSync(path.join(dir, 'run-00003', 'results', `part-${i}.csv`), 'x');
    const baseline = inotifyWatchCount();
    const { index, deltas } = live(dir);
    await index.start();
    const held = inotifyWatchCount() - baseline;
    expect(held).toBeLessThanOrEqual(20 + 2);
    expect(held).toBe(index.watchCount);
    for (let i = 0; i < 20; i++)
      fs.writeFileSync(path.join(dir, 'run-00003', 'checkpoints', `checkpoint_${i}.hdf5`), 'x');
    fs.writeFileSync(path.join(dir, 'run-00003', 'results', 'part-1.csv'), 'changed');
    await sleep(300);
    expect(deltas).toEqual([]);
    await index.close();
    expect(inotifyWatchCount()).toBe(baseline);
  });
});

describe('per-run subscriptions', () => {
  test("a run's checkpoints and logs are followed only while subscribed", async () => {
    const dir = tempDir();
    makeRuns(dir, 3);
    const { index } = live(dir);
    await index.start();
    const baseline = inotifyWatchCount();
    const events: { path: string; kind: string; run_id: string }[] = [];
    const watch = index.watchRun('run-00001', (e) => events.push(e));
    // Files written the moment the subscription says it is ready are reported.
    await watch.ready;
    expect(inotifyWatchCount()).toBeGreaterThan(baseline);
    fs.writeFileSync(path.join(dir, 'run-00001', 'checkpoints', 'checkpoint_2020-04-01.hdf5'), 'x');
    fs.writeFileSync(path.join(dir, 'run-00001', 'logs', 'simulation.log'), 'day 1\n');
    await until(
      'both files',
      () => events.some((e) => e.path.endsWith('.hdf5')) && events.some((e) => e.path.endsWith('.log')),
    );
    expect(events[0]).toMatchObject({ run_id: 'run-00001', kind: 'add' });
    expect(events.map((e) => e.path)).toContain(path.join('run-00001', 'checkpoints', 'checkpoint_2020-04-01.hdf5'));
    watch.stop();
    await until('the subscription watches to go', () => inotifyWatchCount() === baseline);
    const seen = events.length;
    fs.appendFileSync(path.join(dir, 'run-00001', 'logs', 'simulation.log'), 'day 2\n');
    fs.writeFileSync(path.join(dir, 'run-00001', 'checkpoints', 'checkpoint_2020-05-01.hdf5'), 'x');
    await sleep(300);
    expect(events.length).toBe(seen);
  });
});

describe('network filesystems and polling', () => {
  test('auto mode polls when the mount table says the folder is on NFS', async () => {
    const dir = tempDir();
    makeRuns(dir, 2);
    const mounts = path.join(tempDir(), 'mounts');
    fs.writeFileSync(mounts, `/dev/vda / ext4 rw 0 0\nserver:/export ${fs.realpathSync(dir)} nfs4 rw,relatime 0 0\n`);
    const { index } = live(dir, { mountsFile: mounts, pollIntervalMs: 100 });
    await index.start();
    expect(index.mode).toBe('poll');
    expect(index.fsType).toBe('nfs4');
  });

  test('polling forced on a local folder sees changes, additions and removals, with no watches', async () => {
    const dir = tempDir();
    makeRuns(dir, 4);
    const baseline = inotifyWatchCount();
    const { index, deltas } = live(dir, { watch: 'poll', pollIntervalMs: 100 });
    await index.start();
    expect(index.mode).toBe('poll');
    expect(inotifyWatchCount()).toBe(baseline);
    rewriteMetadata(dir, 'run-00000', (m) => (m.status = 'completed'));
    makeRun(dir, 'run-polled', 'running');
    fs.rmSync(path.join(dir, 'run-00003'), { recursive: true });
    await until(
      'the poller to see all three',
      () =>
        changedIds(deltas).includes('run-00000') &&
        deltas.some((d) => d.added.length) &&
        deltas.some((d) => d.removed.length),
    );
    expect(index.get('run-00000')?.status).toBe('completed');
    expect(deltas.flatMap((d) => d.added.map((r) => r.run_id))).toEqual(['run-polled']);
    expect(deltas.flatMap((d) => d.removed)).toEqual(['run-00003']);
  });
});

describe('stale runs', () => {
  test('an active run with nothing changed for longer than the threshold is flagged, and nothing is written', async () => {
    const dir = tempDir();
    makeRun(dir, 'dead-running', 'running');
    makeRun(dir, 'old-completed', 'completed');
    makeRun(dir, 'fresh-running', 'running');
    const old = new Date(Date.now() - 3 * 3600_000);
    for (const id of ['dead-running', 'old-completed']) {
      for (const p of ['metadata.json', 'results', 'checkpoints', 'logs', '.'])
        fs.utimesSync(path.join(dir, id, p), old, old);
    }
    const before = treeSnapshot(dir);
    // The flag is re-checked every quarter of the threshold; a short one keeps the test quick.
    const { index, deltas } = live(dir, { staleAfterMs: 4000 });
    await index.start();
    expect(index.get('dead-running')?.stale).toBe(true);
    expect(index.get('old-completed')?.stale).toBe(false);
    expect(index.get('fresh-running')?.stale).toBe(false);
    expect(treeSnapshot(dir)).toEqual(before);
    // A log line is a sign of life: the flag goes.
    fs.writeFileSync(path.join(dir, 'dead-running', 'logs', 'simulation.log'), 'day 90\n');
    await until('a delta clearing the flag', () =>
      deltas.flatMap((d) => d.changed).some((r) => r.run_id === 'dead-running' && r.stale === false),
    );
    expect(index.get('dead-running')?.stale).toBe(false);
  });
});

describe('directory problems', () => {
  test('bad names, a dangling current link and a corrupt index are problems, not runs', async () => {
    const dir = tempDir();
    makeRuns(dir, 2);
    fs.mkdirSync(path.join(dir, 'bad\u0001name'));
    fs.symlinkSync('no-such-run', path.join(dir, 'current'));
    fs.writeFileSync(path.join(dir, '.run_index.json'), '{"runs": [');
    const { index } = live(dir, { halfWrittenBoundMs: 200 });
    await index.start();
    await until('the index problem after the bound', () => index.problems().some((p) => p.file === '.run_index.json'));
    const files = index
      .problems()
      .map((p) => p.file)
      .sort();
    expect(files).toEqual(['.run_index.json', 'bad\u0001name', 'current'].sort());
    expect(idsOf(index.runs())).toEqual(['run-00000', 'run-00001']);
  });
});
