// Simulations write metadata.json with a plain open-and-write, many times a second.
// These tests run real writer processes against a folder while the live index follows
// it: a half-written file must never show as data, and the index must end up equal to
// what is on disk.
import { spawn } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { LiveIndex } from '../../electron/live/live-index';
import { scanRuns } from '../../electron/store/scan';
import type { RunRecord } from '../../shared/types';
import { tempDir } from '../helpers/dirs';
import { makeRun } from '../helpers/live-runs';
import { describeWithReference, REFERENCE_DIR } from '../helpers/reference';
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

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

/** Follows `dir` and records every record the index ever showed, via deltas and by sampling runs(). */
async function follow(dir: string) {
  const index = new LiveIndex(dir, { halfWrittenBoundMs: 2000 });
  open.push(index);
  const shown: RunRecord[] = [];
  index.onDelta((d) => shown.push(...d.added, ...d.changed));
  await index.start();
  const sampler = setInterval(() => shown.push(...index.runs()), 5);
  return { index, shown, stop: () => clearInterval(sampler) };
}

const asData = (r: RunRecord) => ({ ...r, mtime_ms: 0, stale: undefined });

async function expectMatchesDisk(index: LiveIndex, dir: string): Promise<void> {
  const disk = () =>
    JSON.stringify(
      scanRuns(dir)
        .runs.map(asData)
        .sort((a, b) => a.run_id.localeCompare(b.run_id)),
    );
  const mine = () =>
    JSON.stringify(
      index
        .runs()
        .map(asData)
        .sort((a, b) => a.run_id.localeCompare(b.run_id)),
    );
  await until('the index to equal the folders', () => mine() === disk());
}

function expectNoHalfReads(shown: RunRecord[]): void {
  expect(shown.length).toBeGreaterThan(0);
  const bad = shown.filter((r) => r.unreadable || r.problems.length);
  expect(bad.map((r) => `${r.run_id}: ${r.problems.map((p) => p.message).join('; ')}`)).toEqual([]);
}

describeWithReference('the Python module as the writer', () => {
  test('hundreds of status changes and checkpoints: no half-written file shows, the end state is on disk', async () => {
    const dir = path.join(tempDir(), 'runs');
    fs.mkdirSync(dir);
    const { index, shown, stop } = await follow(dir);
    const script = [
      'import sys',
      `sys.path.insert(0, ${JSON.stringify(REFERENCE_DIR)})`,
      'from run_manager import RunManager',
      'managers = []',
      'for i in range(4):',
      '    rm = RunManager("runs")',
      '    rm.create_run(description=f"writer {i}", tags=["load"], seed=i)',
      '    managers.append(rm)',
      'for step in range(150):',
      '    for rm in managers:',
      '        rm.update_status("running", step=step)',
      '        if step % 25 == 0: rm.add_checkpoint(f"checkpoint_{step}", f"runs/{rm.run_id}/checkpoints/c{step}.hdf5")',
      'for rm in managers: rm.update_status("completed")',
    ].join('\n');
    const r = await run('python3', ['-c', script], path.dirname(dir));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    await expectMatchesDisk(index, dir);
    stop();
    expectNoHalfReads(shown);
    expect(index.runs().map((x) => x.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(index.runs().every((x) => x.extra.step === 149 && x.checkpoints.length === 6)).toBe(true);
  });
});

test('a writer that truncates and writes in pieces at a high rate never shows a half-written file', async () => {
  const dir = tempDir();
  const ids = ['sim-a', 'sim-b', 'sim-c'];
  for (const id of ids) makeRun(dir, id, 'running');
  const { index, shown, stop } = await follow(dir);
  // open(O_TRUNC), half the text, a pause, the rest: the window a reader can fall into.
  const writer = `
    const fs = require('fs');
    const ids = ${JSON.stringify(ids)};
    const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    for (let step = 0; step < 300; step++) {
      for (const id of ids) {
        const text = JSON.stringify({ run_id: id, created_at: '2026-10-28T08:30:00.654321Z', description: 'load', status: step === 299 ? 'completed' : 'running', tags: [], step, checkpoints: [] }, null, 2);
        const fd = fs.openSync(${JSON.stringify(dir)} + '/' + id + '/metadata.json', 'w');
        fs.writeSync(fd, text.slice(0, text.length >> 1));
        pause(step % 3);
        fs.writeSync(fd, text.slice(text.length >> 1));
        fs.closeSync(fd);
      }
    }`;
  const r = await run(process.execPath, ['-e', writer], dir);
  expect(r.code).toBe(0);
  await expectMatchesDisk(index, dir);
  stop();
  expectNoHalfReads(shown);
  expect(ids.map((id) => index.get(id)?.extra.step)).toEqual([299, 299, 299]);
});

test('a file left half-written keeps the last good copy and becomes a problem after the bound', async () => {
  const dir = tempDir();
  makeRun(dir, 'stuck', 'running', { seed: 7 });
  const index = new LiveIndex(dir, { halfWrittenBoundMs: 300 });
  open.push(index);
  const problems: string[] = [];
  const statuses: string[] = [];
  index.onDelta((d) => {
    problems.push(...d.problems.filter((p) => p.file.startsWith('stuck/')).map((p) => `${p.file}: ${p.message}`));
    statuses.push(...d.changed.map((r) => r.status));
  });
  await index.start();
  const file = path.join(dir, 'stuck', 'metadata.json');
  const good = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, good.slice(0, 40));
  await sleep(150);
  expect(problems).toEqual([]);
  expect(index.get('stuck')?.problems).toEqual([]);
  await until('the problem after the bound', () => problems.length > 0);
  expect(problems[0]).toMatch(/^stuck\/metadata\.json: .*half-written.*still unreadable/);
  const rec = index.get('stuck')!;
  expect(rec.status).toBe('running');
  expect(rec.extra.seed).toBe(7);
  expect(rec.unreadable).toBe(false);
  expect(statuses.every((s) => s === 'running')).toBe(true);
  fs.writeFileSync(file, good.replace('"running"', '"completed"'));
  await until('the repaired file', () => index.get('stuck')?.status === 'completed');
  expect(index.get('stuck')?.problems).toEqual([]);
});

test('an index caught half-written read after read while it is being rewritten is not reported; left broken, it is', async () => {
  const dir = tempDir();
  makeRun(dir, 'a-run', 'running');
  const indexFile = path.join(dir, '.run_index.json');
  const whole = JSON.stringify(
    { runs: [{ run_id: 'a-run', status: 'running', created_at: '2026-11-01T10:00:00Z' }], latest: 'a-run' },
    null,
    2,
  );
  fs.writeFileSync(indexFile, whole);
  const index = new LiveIndex(dir, { halfWrittenBoundMs: 300 });
  open.push(index);
  const problems: string[] = [];
  index.onDelta((d) => problems.push(...d.problems.filter((p) => p.file === '.run_index.json').map((p) => p.message)));
  await index.start();
  // A writer that is always mid-write, as the module's json.dump with indent=2 is during
  // a busy sweep: for three times the bound, every read finds a cut-off file, each one different.
  const busyUntil = Date.now() + 900;
  for (let n = 0; Date.now() < busyUntil; n++) {
    fs.writeFileSync(indexFile, whole.slice(0, 10 + (n % 40)));
    await sleep(20);
  }
  expect(problems, 'reported while it was being written').toEqual([]);
  // Now it stops being written, cut off: after the bound, that is a problem.
  await until('the broken index reported', () => problems.length > 0, 5000);
  expect(problems[0]).toMatch(/not valid JSON/);
  expect(index.runs().map((r) => r.run_id)).toEqual(['a-run']);
});
