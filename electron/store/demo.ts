// A realistic runs directory for the README, screenshots and tests: a parameter
// sweep, failed and running runs, a resumed lineage with per-rank checkpoints,
// logs, CSV results and a PNG plot. Written through the store, so it is Runyard's own format.
import fs from 'node:fs';
import path from 'node:path';
import { curvePng } from './demo-plot';
import { RunsDir } from './runs-dir';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface DemoContext {
  dir: string;
  t0: number;
}

function storeAt(c: DemoContext, ms: number): RunsDir {
  return new RunsDir(c.dir, { now: () => ms, hostname: 'cosma-login2', user: 'researcher1', gitRepo: null });
}

function summaryCsv(beta: number, days: number, seed: number): string {
  const rows = ['day,susceptible,infected,recovered,deaths'];
  let s = 1_000_000,
    i = 20 + (seed % 7),
    r = 0,
    d = 0;
  for (let day = 0; day <= days; day++) {
    rows.push(`${day},${Math.round(s)},${Math.round(i)},${Math.round(r)},${Math.round(d)}`);
    const inf = (beta * 1.4 * s * i) / 1_000_000;
    const rec = i * 0.1;
    const die = i * 0.002;
    s -= inf;
    i += inf - rec - die;
    r += rec;
    d += die;
  }
  return rows.join('\n') + '\n';
}

function logText(id: string, lines: number, failed = false): string {
  const out = [
    `[INFO] JUNE starting run ${id}`,
    '[INFO] Loading world from data/world_NE.hdf5',
    '[INFO] Population: 1,000,000 people in 4,213 super areas',
  ];
  for (let day = 1; day <= lines; day++)
    out.push(`[INFO] day ${day}: ${(1000 + day * 37) % 9000} infected, timestep 0.${day % 10}s`);
  if (failed)
    out.push(
      '[ERROR] MemoryError: Unable to allocate 3.2 GiB for an array',
      'Traceback (most recent call last):',
      '  File "run_simulation.py", line 88, in <module>',
      'MemoryError',
    );
  return out.join('\n') + '\n';
}

function writeFiles(c: DemoContext, id: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const f = path.join(c.dir, id, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, content);
  }
}

async function checkpoint(c: DemoContext, id: string, ms: number, date: string, ranks: number): Promise<void> {
  const name = `checkpoint_${date}`;
  const files: Record<string, Buffer> = {};
  if (ranks <= 1) files[`checkpoints/${name}.hdf5`] = Buffer.alloc(64 * 1024, 1);
  else for (let r = 0; r < ranks; r++) files[`checkpoints/${name}.${r}.hdf5`] = Buffer.alloc(32 * 1024, r + 1);
  writeFiles(c, id, files);
  await storeAt(c, ms).addCheckpoint(id, name, `runs/${id}/checkpoints/${name}.hdf5`);
}

export async function makeDemo(dir: string, now = Date.now()): Promise<{ dir: string; runs: number }> {
  fs.mkdirSync(dir, { recursive: true });
  if (fs.readdirSync(dir).length) throw new Error(`${dir} is not empty; the demo needs an empty or new folder`);
  const c: DemoContext = { dir, t0: now - 30 * DAY };
  const config = (beta: number) =>
    `# JUNE simulation config\nregion: North East\ndays: 60\nbeta:\n  household: ${beta}\n  school: 0.12\ncheckpoint_dates:\n  - 2020-04-01\n  - 2020-04-15\n`;

  const base = await storeAt(c, c.t0).createRun({
    description: 'Baseline calibration',
    tags: ['calibration'],
    extra: { seed: 42, n_ranks: 4 },
  });
  await storeAt(c, c.t0).saveConfig(base.run_id, config(0.25));
  await storeAt(c, c.t0).saveParams(base.run_id, { beta_household: 0.25, seed: 42, n_ranks: 4 });
  await storeAt(c, c.t0 + 60_000).updateStatus(base.run_id, 'running');
  await checkpoint(c, base.run_id, c.t0 + HOUR, '2020-04-01', 4);
  await checkpoint(c, base.run_id, c.t0 + 2 * HOUR, '2020-04-15', 4);
  const baseCsv = summaryCsv(0.25, 60, 42);
  writeFiles(c, base.run_id, {
    'results/summary.csv': baseCsv,
    'results/epidemic_curve.png': curvePng(baseCsv),
    'results/june_record.h5': Buffer.alloc(128 * 1024, 7),
    'logs/simulation.log': logText(base.run_id, 60),
  });
  await storeAt(c, c.t0 + 3 * HOUR).updateStatus(base.run_id, 'completed');

  const sweepStatus = ['completed', 'completed', 'failed', 'completed', 'running', 'initialising'];
  for (let k = 0; k < sweepStatus.length; k++) {
    const beta = Number((0.15 + k * 0.05).toFixed(2));
    const t = c.t0 + 2 * DAY + k * 40 * 60_000;
    const run = await storeAt(c, t).createRun({
      description: `Household beta sweep ${beta.toFixed(2)}`,
      tags: ['sweep', 'beta'],
      extra: { seed: 100 + k, beta_household: beta },
    });
    await storeAt(c, t).saveConfig(run.run_id, {
      region: 'North East',
      days: 60,
      beta: { household: beta, school: 0.12 },
    });
    await storeAt(c, t).saveParams(run.run_id, { beta_household: beta, seed: 100 + k });
    const status = sweepStatus[k]!;
    if (status === 'initialising') continue;
    await storeAt(c, t + 120_000).updateStatus(run.run_id, 'running');
    writeFiles(c, run.run_id, {
      'logs/simulation.log': logText(run.run_id, status === 'running' ? 25 : 60, status === 'failed'),
      'results/summary.csv': summaryCsv(beta, status === 'running' ? 25 : 60, 100 + k),
    });
    if (status === 'running') await checkpoint(c, run.run_id, t + HOUR, '2020-03-20', 1);
    if (status !== 'running')
      await storeAt(c, t + 50 * 60_000).updateStatus(
        run.run_id,
        status,
        status === 'failed' ? { error: 'MemoryError in interaction module' } : {},
      );
  }

  const longT = c.t0 + 10 * DAY;
  const long = await storeAt(c, longT).createRun({
    description: 'Long run to June 2020',
    tags: ['long'],
    extra: { seed: 7, world_path: 'data/world_NE.hdf5' },
  });
  await storeAt(c, longT).saveConfig(long.run_id, config(0.3).replace('days: 60', 'days: 120'));
  await storeAt(c, longT + 60_000).updateStatus(long.run_id, 'running');
  await checkpoint(c, long.run_id, longT + 2 * HOUR, '2020-04-01', 2);
  await checkpoint(c, long.run_id, longT + 4 * HOUR, '2020-05-01', 2);
  const longCsv = summaryCsv(0.3, 90, 7);
  writeFiles(c, long.run_id, {
    'logs/simulation.log': logText(long.run_id, 90),
    'results/summary.csv': longCsv,
    'results/epidemic_curve.png': curvePng(longCsv),
  });
  await storeAt(c, longT + 4 * HOUR).updateStatus(long.run_id, 'checkpointed');

  const lockT = longT + 2 * DAY;
  const lockdown = await storeAt(c, lockT).createChild(long.run_id, {
    description: 'Lockdown from 2020-04-01',
    checkpoint: 'checkpoint_2020-04-01',
    extra: { intervention: 'lockdown' },
  });
  await storeAt(c, lockT + 60_000).updateStatus(lockdown.run_id, 'running');
  writeFiles(c, lockdown.run_id, {
    'logs/simulation.log': logText(lockdown.run_id, 60),
    'results/summary.csv': summaryCsv(0.18, 60, 8),
  });
  await storeAt(c, lockT + 3 * HOUR).updateStatus(lockdown.run_id, 'completed');

  const oomT = longT + 3 * DAY;
  const oom = await storeAt(c, oomT).createChild(long.run_id, { checkpoint: 'checkpoint_2020-05-01' });
  await storeAt(c, oomT + 60_000).updateStatus(oom.run_id, 'running');
  writeFiles(c, oom.run_id, { 'logs/simulation.log': logText(oom.run_id, 12, true) });
  await storeAt(c, oomT + HOUR).updateStatus(oom.run_id, 'failed', { exit_code: 137 });

  const retryT = now - 2 * HOUR;
  const retry = await storeAt(c, retryT).createChild(oom.run_id, {
    description: 'Second attempt after OOM',
    checkpoint: 'checkpoint_2020-05-01',
    extra: { n_ranks: 8 },
  });
  await storeAt(c, retryT + 60_000).updateStatus(retry.run_id, 'running');
  writeFiles(c, retry.run_id, {
    'logs/simulation.log': logText(retry.run_id, 30),
    'results/summary.csv': summaryCsv(0.3, 30, 9),
  });

  const uni = await storeAt(c, now - HOUR).createRun({
    description: 'Étude — Tyne & Wear 🦠 «sensibilité»',
    tags: ['unicode', 'pilot'],
    extra: { seed: 3 },
  });
  await storeAt(c, now - HOUR + 60_000).updateStatus(uni.run_id, 'running');
  writeFiles(c, uni.run_id, {
    'logs/simulation.log': logText(uni.run_id, 40),
    'results/summary.csv': summaryCsv(0.22, 40, 3),
  });
  await storeAt(c, now - 10 * 60_000).updateStatus(uni.run_id, 'completed');

  return { dir, runs: fs.readdirSync(dir).filter((n) => !n.startsWith('.') && n !== 'current').length };
}
