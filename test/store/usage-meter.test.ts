// Disk usage: exact splits, a cache that follows changes, never a write into the runs
// directory, and a walk that leaves the event loop free.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultUsageCacheFile, UsageMeter } from '../../electron/store/usage-meter';
import { RunsDir } from '../../electron/store/runs-dir';
import { tempDir } from '../helpers/dirs';
import { backdate, cli, treeHash } from '../helpers/trash';

function makeRun(base: string, id: string, files: Record<string, number>): void {
  fs.mkdirSync(path.join(base, id), { recursive: true });
  for (const [rel, size] of Object.entries(files)) {
    const f = path.join(base, id, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, Buffer.alloc(size, 7));
  }
}

const HOUR = 3_600_000;

describe('du', () => {
  test('bytes per run split into results, checkpoints, logs and the rest; the CLI adds a total and the trash', async () => {
    const base = tempDir();
    const store = new RunsDir(base);
    await store.createRun({ runId: 'run-a' });
    makeRun(base, 'run-a', {
      'results/summary.csv': 1000,
      'results/sub/june_record.h5': 24,
      'checkpoints/c.0.hdf5': 300,
      'checkpoints/c.1.hdf5': 200,
      'logs/simulation.log': 50,
      'config.yaml': 7,
    });
    await store.createRun({ runId: 'run-b' });
    await store.updateStatus('run-b', 'completed');
    const meta = fs.statSync(path.join(base, 'run-a', 'metadata.json')).size;
    const one = JSON.parse((await cli(['--dir', base, '--json', 'du', 'run-a'])).stdout);
    expect(one).toEqual({
      run_id: 'run-a',
      results: 1024,
      checkpoints: 500,
      logs: 50,
      other: meta + 7,
      total: 1024 + 500 + 50 + meta + 7,
      files: 7,
    });
    await cli(['--dir', base, 'prune', '--run', 'run-b', '--yes']);
    const all = JSON.parse((await cli(['--dir', base, '--json', 'du'])).stdout) as {
      runs: unknown[];
      total: { total: number };
      trash: { entries: number; bytes: number };
    };
    expect(all.runs).toEqual([one]);
    expect(all.total.total).toBe(one.total);
    expect(all.trash.entries).toBe(1);
    expect(all.trash.bytes).toBeGreaterThan(0);
    const text = (await cli(['--dir', base, 'du'])).stdout;
    expect(text).toMatch(/^ID\s+RESULTS\s+CHECKPOINTS\s+LOGS\s+OTHER\s+TOTAL/);
    expect(text).toContain('The trash holds 1 entry');
  });

  test('a cached size follows added files and growing logs, lives in the cache file, and the runs directory is never written', async () => {
    const base = tempDir();
    const cacheFile = path.join(tempDir(), 'du.json');
    makeRun(base, 'quiet', { 'results/a.csv': 100, 'logs/x.log': 10 });
    makeRun(base, 'busy', { 'logs/x.log': 10 });
    backdate(path.join(base, 'quiet'), Date.now() - 48 * HOUR);

    const du = new UsageMeter(base, { cacheFile });
    expect((await du.measure('quiet'))!.total).toBe(110);
    await du.save();
    expect(Object.keys((JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { runs: object }).runs).sort()).toEqual([
      'quiet',
    ]);

    // A new file changes its folder's mtime, so the cached size is not trusted.
    fs.writeFileSync(path.join(base, 'quiet', 'results', 'b.csv'), Buffer.alloc(5));
    const again = new UsageMeter(base, { cacheFile });
    expect((await again.measure('quiet'))!.results).toBe(105);

    // A log that grows changes no folder; a run that changed recently is measured every time.
    expect((await again.measure('busy'))!.logs).toBe(10);
    fs.appendFileSync(path.join(base, 'busy', 'logs', 'x.log'), 'more');
    expect((await again.measure('busy'))!.logs).toBe(14);

    const snapshot = () =>
      `${treeHash(base)} ${fs
        .readdirSync(base)
        .map((n) => fs.statSync(path.join(base, n)).mtimeMs)
        .join(',')}`;
    const before = snapshot();
    const third = new UsageMeter(base, { cacheFile });
    await third.measureAll(['quiet', 'busy'], { fresh: true });
    await third.save();
    expect(snapshot()).toBe(before);
  });

  test('a cached run costs a few stats; measuring thousands of files leaves the event loop free', async () => {
    const base = tempDir();
    const files: Record<string, number> = {};
    for (let i = 0; i < 3000; i++) files[`checkpoints/c_${i}.${i % 8}.hdf5`] = 1;
    makeRun(base, 'big', files);
    backdate(path.join(base, 'big'), Date.now() - 48 * HOUR);
    const du = new UsageMeter(base);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const t0 = performance.now();
    const first = await du.measure('big');
    const cold = performance.now() - t0;
    clearInterval(timer);
    expect(first!.checkpoints).toBe(3000);
    expect(ticks).toBeGreaterThan(2);
    const t1 = performance.now();
    expect((await du.measure('big'))!.files).toBe(3000);
    expect(performance.now() - t1).toBeLessThan(cold / 3);
  });
});

describe('where sizes are kept', () => {
  test("only in a cache folder that is the user's alone: one others could write in is made private, one of another user is not used", () => {
    const saved = process.env.RUNYARD_CACHE_DIR;
    try {
      const open = path.join(tempDir(), 'open');
      fs.mkdirSync(open);
      fs.chmodSync(open, 0o777);
      process.env.RUNYARD_CACHE_DIR = open;
      expect(path.dirname(defaultUsageCacheFile('/data/runs')!)).toBe(open);
      expect(fs.statSync(open).mode & 0o777).toBe(0o700);
      if (process.getuid?.() === 0) {
        const theirs = path.join(tempDir(), 'theirs');
        fs.mkdirSync(theirs, { mode: 0o700 });
        fs.chownSync(theirs, 65534, 65534);
        process.env.RUNYARD_CACHE_DIR = theirs;
        expect(defaultUsageCacheFile('/data/runs')).toBeNull();
      } else
        process.stderr.write('SKIPPED part of a cache-owner test: it needs root to hand a folder to another user\n');
    } finally {
      if (saved === undefined) delete process.env.RUNYARD_CACHE_DIR;
      else process.env.RUNYARD_CACHE_DIR = saved;
    }
  });
});
