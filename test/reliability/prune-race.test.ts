// Issue 14, point 1: a prune must never send to the trash a run that a simulation has
// just resumed from. The Python module takes no lock and writes a resumed child's
// checkpoints into the parent's folder, so a parent moved after its child appeared takes
// the child's checkpoints with it. Here, trial after trial, prune-race.py resumes the
// runs being pruned (with the reference module) while `runyard prune --yes` moves them.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeWithReference, py, REFERENCE_DIR } from '../helpers/reference';
import { locateRuns } from '../helpers/trash';
import { recordFigures, runyard } from './support';

const TRIALS = Number(process.env.RUNYARD_PRUNE_RACE_TRIALS ?? 50);
const PARENTS = 16;
/** Trials run this many at a time: most of a trial is the CLI starting up. */
const LANES = 5;

interface DriverResult {
  children: { child: string; parent: string; checkpoint: string | null }[];
  parent_gone: number;
  checkpoint_failed: number;
  saw_lock: boolean;
}

/** One Python process per lane serves its trials one after the other (Python starts once). */
class Driver {
  private readonly p: ChildProcessWithoutNullStreams;
  private buffered = '';
  private waiters: ((line: string) => void)[] = [];
  private lines: string[] = [];
  constructor() {
    this.p = spawn('python3', [path.join(__dirname, 'prune-race.py'), REFERENCE_DIR]);
    this.p.stderr.resume(); // the module logs a warning for every child whose parent folder is gone
    this.p.stdout.on('data', (d) => {
      this.buffered += d;
      for (let i = this.buffered.indexOf('\n'); i >= 0; i = this.buffered.indexOf('\n')) {
        const line = this.buffered.slice(0, i);
        this.buffered = this.buffered.slice(i + 1);
        const w = this.waiters.shift();
        if (w) w(line);
        else this.lines.push(line);
      }
    });
  }
  private next(): Promise<string> {
    const line = this.lines.shift();
    return line !== undefined ? Promise.resolve(line) : new Promise((resolve) => this.waiters.push(resolve));
  }
  /** Resolves once the driver waits for the lock; `result` once its children are made. */
  async start(dir: string, seed: number, parents: string[]): Promise<{ result: Promise<DriverResult> }> {
    this.p.stdin.write(`${JSON.stringify({ dir, seed, parents })}\n`);
    await this.next();
    return { result: this.next().then((l) => JSON.parse(l) as DriverResult) };
  }
  stop(): void {
    this.p.stdin.end();
  }
}

/** Children in the runs directory whose parent folder is not there (it went to the trash). */
function orphaned(dir: string): string[] {
  const out: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith('.') || name === 'current') continue;
    let meta: { parent_run_id?: string | null };
    try {
      meta = JSON.parse(fs.readFileSync(path.join(dir, name, 'metadata.json'), 'utf8'));
    } catch {
      out.push(`${name}: metadata.json unreadable after the trial`);
      continue;
    }
    const parent = meta.parent_run_id;
    if (parent && !fs.existsSync(path.join(dir, parent, 'metadata.json')))
      out.push(`${name}: its parent ${parent} is not in the runs directory`);
  }
  return out;
}

describeWithReference('prune racing simulations that resume the runs it moves', () => {
  let root: string;
  let template: string;
  let parents: string[];

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'runyard-prune-race-'));
    template = path.join(root, 'template', 'runs');
    fs.mkdirSync(template, { recursive: true });
    parents = py(
      template,
      `
out = []
for i in range(${PARENTS}):
    rid = rm.create_run(description=f"old sweep {i}", tags=["sweep"])
    rm.add_checkpoint("checkpoint_2020-03-01", f"runs/{rid}/checkpoints/checkpoint_2020-03-01.hdf5")
    open(f"${template}/{rid}/checkpoints/checkpoint_2020-03-01.hdf5", "wb").write(b"x" * 1000)
    rm.update_status("failed")
    out.append(rid)
`,
    ) as string[];
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test(`${TRIALS} trials: no child ever ends with its parent in the trash, and every checkpoint a child wrote is where it wrote it`, async () => {
    const t0 = performance.now();
    const f = {
      trials: TRIALS,
      lanes: LANES,
      parents_per_trial: PARENTS,
      children_made: 0,
      parent_gone: 0,
      checkpoint_writes_failed: 0,
      parents_trashed: 0,
      held_back: 0,
      put_back: 0,
      orphans: 0,
      checkpoints_missing: 0,
      trials_failing: 0,
      seconds: 0,
    };
    const problems: string[] = [];
    const trial = async (n: number, driver: Driver) => {
      const dir = path.join(root, `t${n}`, 'runs');
      fs.cpSync(template, dir, { recursive: true, verbatimSymlinks: true });
      const { result: sim } = await driver.start(dir, n, parents);
      const pruned = await runyard(['--dir', dir, '--json', 'prune', '--status', 'failed', '--yes']);
      const d = await sim;
      expect(pruned.code, pruned.stderr).toBe(0);
      expect(d.saw_lock, 'the driver never saw the prune take the lock').toBe(true);
      const result = JSON.parse(pruned.stdout) as {
        trashed: string[];
        skipped: { run_id: string; reason: string; put_back?: boolean }[];
      };

      const bad = orphaned(dir);
      const missing = d.children
        .filter((c) => c.checkpoint !== null && !fs.existsSync(c.checkpoint))
        .map((c) => `checkpoint ${c.checkpoint} of ${c.child} is gone`);
      // Nothing is lost either: every parent is whole in exactly one place.
      const where = locateRuns(dir);
      const misplaced = parents
        .filter((p) => where.get(p)?.length !== 1)
        .map((p) => `${p} is in ${where.get(p)?.length ?? 0} places`);
      if (bad.length || missing.length || misplaced.length) {
        f.trials_failing++;
        problems.push(...[...bad, ...missing, ...misplaced].map((p) => `trial ${n}: ${p}`));
      }
      f.children_made += d.children.length;
      f.parent_gone += d.parent_gone;
      f.checkpoint_writes_failed += d.checkpoint_failed;
      f.parents_trashed += result.trashed.length;
      f.held_back += result.skipped.filter((s) => !s.put_back).length;
      f.put_back += result.skipped.filter((s) => s.put_back).length;
      f.orphans += bad.length;
      f.checkpoints_missing += missing.length;
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: LANES }, async () => {
        const driver = new Driver();
        try {
          while (next < TRIALS) await trial(next++, driver);
        } finally {
          driver.stop();
        }
      }),
    );
    f.seconds = Math.round((performance.now() - t0) / 100) / 10;
    recordFigures('prune-race', f);
    expect(problems.slice(0, 20)).toEqual([]);
    // The race was real: children appeared while runs were moving, and parents still went.
    expect(f.children_made).toBeGreaterThan(TRIALS);
    expect(f.parents_trashed).toBeGreaterThan(0);
  }, 180_000);
});
