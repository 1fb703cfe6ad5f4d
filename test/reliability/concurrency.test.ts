// Three things at once on one runs directory for 30 s, as on a cluster's shared disk:
//   - a simulated JUNE process (june-sim.py) driving the reference Python module in a
//     tight loop: runs created, statuses changed, checkpoints added, all with the
//     module's plain (non-atomic) writes and its unlocked index read-modify-write;
//   - Runyard watching: a LiveIndex in this process, and `runyard serve`'s own live
//     index, whose deltas arrive over its WebSocket;
//   - Runyard writing from two more processes: the serve backend (children created and
//     their tags edited through the API) and `runyard resume` in a loop.
//
// What must hold, and why exactly this (see RELIABILITY.md, "Concurrency"):
//   - nothing crashes, and every Runyard operation succeeds (a parent caught mid-write
//     is read again, not refused);
//   - no half-written file is ever shown as data: every record both watchers emitted
//     parses, is readable and has sane fields;
//   - once writing stops, both watchers' state equals a fresh scan of the disk;
//   - no run folder is lost, each holds what its last writer wrote, and every Runyard
//     child carries the tags Runyard last gave it;
//   - the index: the module's own unlocked writes can drop entries others wrote, so
//     before Runyard writes again entries may be missing (counted, never stale); after
//     one more Runyard write none is missing or stale, and after `index repair` the
//     index agrees with the folders entirely. The Python module reads the result.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LiveIndex } from '../../electron/live/live-index';
import { readIndex } from '../../electron/store/index-read';
import { scanRuns } from '../../electron/store/scan';
import type { RunDelta, RunRecord } from '../../shared/types';
import { connect, type WsClient } from '../helpers/api';
import { serve, type Served } from '../helpers/serve';
import { tempDir } from '../helpers/dirs';

import { describeWithReference, py, REFERENCE_DIR } from '../helpers/reference';
import { cacheHome, prng, recordFigures, runyard } from './support';
import { until, sleep } from '../helpers/poll';

const SECONDS = 30;
const STATUSES = new Set(['initialising', 'running', 'checkpointed', 'resumed', 'completed', 'failed']);
const figures: Record<string, unknown> = {};

beforeAll(() => {
  process.env.XDG_CACHE_HOME = cacheHome;
  process.env.RUNYARD_CACHE_DIR = 'off';
});
afterAll(() => recordFigures('concurrency', figures));

/** Why a record a watcher emitted is not data, or null when it is sane. */
function insane(r: RunRecord): string | null {
  if (r.unreadable) return 'unreadable';
  if (r.problems.length) return `problems: ${r.problems.map((p) => p.message).join('; ')}`;
  if (!STATUSES.has(r.status)) return `status ${JSON.stringify(r.status)}`;
  if (r.created_ms === null || !r.created_at) return 'no created_at';
  if (!Array.isArray(r.tags) || r.tags.some((t) => typeof t !== 'string')) return 'tags';
  if (r.checkpoints.some((c) => !c.name.startsWith('checkpoint_'))) return 'checkpoint names';
  return null;
}

const asData = (r: RunRecord) => JSON.stringify({ ...r, mtime_ms: 0, stale: undefined });
const byId = (rs: RunRecord[]) => rs.map(asData).sort().join('\n');

function indexCheck(dir: string) {
  return runyard(['--dir', dir, '--json', 'index', 'check']).then((r) => {
    const c = JSON.parse(r.stdout) as { missing: string[]; stale: string[]; mismatched: string[]; readable: boolean };
    // Exit 1 says the index and the folders disagree.
    expect(r.code, r.stderr).toBe(c.readable && !c.missing.length && !c.stale.length && !c.mismatched.length ? 0 : 1);
    return c;
  });
}

describeWithReference('concurrency', () => {
  test(`${SECONDS} s of a simulation, two Runyard writers and two watchers: nothing lost, nothing half-read, the index heals`, async () => {
    const dir = path.join(tempDir('runyard-conc-'), 'runs');
    fs.mkdirSync(dir);
    const rand = prng(30);

    // ---- the watchers ----
    const live = new LiveIndex(dir, { halfWrittenBoundMs: 2000 });
    const liveRecords: RunRecord[] = [];
    const liveProblems: string[] = [];
    let liveDeltas = 0;
    // The folder starts empty: "the index is missing" is true until the simulation's first run.
    let simulating = false;
    live.onDelta((d) => {
      liveDeltas++;
      liveRecords.push(...d.added, ...d.changed);
      if (simulating) liveProblems.push(...d.problems.map((p) => `${p.file}: ${p.message}`));
    });
    await live.start();
    const server: Served = await serve(dir, ['--watch', 'native'], { XDG_CACHE_HOME: cacheHome });
    let ws: WsClient | null = null;
    try {
      ws = await connect(`ws://127.0.0.1:${server.port}/api?token=${server.token}`);
      const client = ws;
      expect((await client.call('runs.snapshot', {})).ok).toBe(true);

      // ---- the simulation ----
      const sim = spawn('python3', [path.join(__dirname, 'june-sim.py'), REFERENCE_DIR, dir, String(SECONDS), '30'], {
        cwd: path.dirname(dir),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let simOut = '';
      let simErr = '';
      sim.stdout.on('data', (d) => (simOut += d));
      sim.stderr.on('data', (d) => (simErr += d));
      const simDone = new Promise<number | null>((resolve) => sim.on('close', resolve));
      const t0 = performance.now();
      const simRuns = () =>
        live
          .runs()
          .filter((r) => r.tags.includes('sim'))
          .map((r) => r.run_id);
      await until("the simulation's first runs", () => simRuns().length >= 3, 20_000);
      simulating = true;

      // The module's losses while it runs: every 250 ms, run folders older than 1 s that the index lacks.
      const firstSeen = new Map<string, number>();
      const drops = {
        samples: 0,
        samples_with_missing_entries: 0,
        most_missing_at_once: 0,
        runs_ever_missing: new Set<string>(),
      };
      const sampler = setInterval(() => {
        const idx = readIndex(dir).index;
        if (!idx) return;
        const listed = new Set(idx.runs.map((e) => e.run_id));
        const now = Date.now();
        const missing = fs.readdirSync(dir).filter((n) => {
          if (n.startsWith('.') || n === 'current') return false;
          if (!firstSeen.has(n)) firstSeen.set(n, now);
          return now - firstSeen.get(n)! > 1000 && !listed.has(n);
        });
        drops.samples++;
        if (missing.length) drops.samples_with_missing_entries++;
        drops.most_missing_at_once = Math.max(drops.most_missing_at_once, missing.length);
        for (const id of missing) drops.runs_ever_missing.add(id);
      }, 250);

      // ---- the Runyard writers ----
      let stop = false;
      const apiChildren = new Map<string, string[]>();
      const apiErrors: string[] = [];
      let apiEdits = 0;
      const apiLoop = (async () => {
        for (let n = 0; !stop; n++) {
          const parents = simRuns();
          const parent = parents[Math.floor(rand() * parents.length)]!;
          const made = await client.call('run.resume', {
            run_id: parent,
            tags: ['runyard', `made-${n}`],
            description: `resumed by the API, #${n}`,
          });
          if (made.ok) apiChildren.set(made.value.run_id, made.value.tags);
          else apiErrors.push(`run.resume ${parent}: ${made.error.message}`);
          const mine = [...apiChildren.keys()];
          const target = mine[Math.floor(rand() * mine.length)];
          if (!target) continue;
          const tags = ['runyard', `edit-${n}`, ...(rand() < 0.5 ? ['keep'] : [])];
          const edited = await client.call('run.edit', { run_id: target, tags });
          if (edited.ok) {
            apiChildren.set(target, tags);
            apiEdits++;
          } else apiErrors.push(`run.edit ${target}: ${edited.error.message}`);
        }
      })();
      const cliChildren = new Map<string, string>();
      const cliErrors: string[] = [];
      const cliLoop = (async () => {
        for (let n = 0; !stop; n++) {
          const parents = simRuns();
          const parent = parents[Math.floor(rand() * parents.length)]!;
          const r = await runyard(['--dir', dir, '--json', 'resume', parent, '--tag', 'cli', '--tag', `cli-${n}`]);
          if (r.code === 0) cliChildren.set((JSON.parse(r.stdout) as { run_id: string }).run_id, parent);
          else cliErrors.push(`resume ${parent}: ${r.stderr.trim()}`);
        }
      })();

      const simCode = await simDone;
      stop = true;
      await Promise.all([apiLoop, cliLoop]);
      clearInterval(sampler);
      const seconds = (performance.now() - t0) / 1000;
      expect(simCode, simErr).toBe(0);
      const sim_ = JSON.parse(simOut) as {
        ops: number;
        runs_created: number;
        checkpoints: number;
        status_changes: number;
        final: Record<string, { status: string; checkpoints: number; tags: string[] }>;
      };

      // ---- nothing crashed, every Runyard operation succeeded ----
      expect(server.child.exitCode).toBeNull();
      expect(apiErrors).toEqual([]);
      expect(cliErrors).toEqual([]);
      expect(apiChildren.size).toBeGreaterThan(10);
      expect(cliChildren.size).toBeGreaterThan(3);

      // ---- once writing stops, both watchers equal the disk ----
      const disk = () => byId(scanRuns(dir).runs);
      await until('the live index to equal the folders', () => byId(live.runs()) === disk(), 20_000);
      let served = '';
      for (let i = 0; i < 80 && served !== disk(); i++) {
        const snap = await client.call('runs.snapshot', {});
        served = snap.ok ? byId(snap.value.runs) : '';
        if (served !== disk()) await sleep(250);
      }
      expect(served).toBe(disk());

      // ---- no half-written file was ever shown as data, by either watcher ----
      const wsRecords = client.events
        .filter((e) => e.event === 'runs.delta')
        .flatMap((e) => [...(e.payload as RunDelta).added, ...(e.payload as RunDelta).changed]);
      const onDisk = new Set(scanRuns(dir).runs.map((r) => r.run_id));
      for (const [who, records] of [
        ['live index', liveRecords],
        ['serve', wsRecords],
      ] as const) {
        const bad = records.map((r) => [r.run_id, insane(r)] as const).filter(([, why]) => why !== null);
        expect(bad.slice(0, 5), `${who}: ${bad.length} records that are not data`).toEqual([]);
        expect(
          records.filter((r) => !onDisk.has(r.run_id)).map((r) => r.run_id),
          `${who}: records of runs that never existed`,
        ).toEqual([]);
      }
      expect(liveProblems).toEqual([]);

      // ---- no run lost; each holds what its last writer wrote ----
      const runs = new Map(scanRuns(dir).runs.map((r) => [r.run_id, r]));
      expect(Object.keys(sim_.final).length).toBe(sim_.runs_created);
      for (const [id, want] of Object.entries(sim_.final)) {
        const got = runs.get(id);
        expect(got, `simulation run ${id}`).toBeDefined();
        expect({ status: got!.status, checkpoints: got!.checkpoints.length, tags: got!.tags }, id).toEqual(want);
      }
      for (const [id, tags] of apiChildren) expect(runs.get(id)?.tags, `API child ${id}`).toEqual(tags);
      for (const [id, parent] of cliChildren) expect(runs.get(id)?.parent_run_id, `CLI child ${id}`).toBe(parent);
      expect(runs.size).toBe(sim_.runs_created + apiChildren.size + cliChildren.size);

      // ---- the index ----
      const racing = await indexCheck(dir);
      expect(racing.stale).toEqual([]);
      expect(racing.readable).toBe(true);
      const someChild = [...apiChildren.keys()][0]!;
      const write = await runyard(['--dir', dir, 'status', someChild, 'completed']);
      expect(write.code, write.stderr).toBe(0);
      const afterWrite = await indexCheck(dir);
      expect({ missing: afterWrite.missing, stale: afterWrite.stale }).toEqual({ missing: [], stale: [] });
      const repair = await runyard(['--dir', dir, 'index', 'repair']);
      expect(repair.code, repair.stderr).toBe(0);
      const repaired = await indexCheck(dir);
      expect({ missing: repaired.missing, stale: repaired.stale, mismatched: repaired.mismatched }).toEqual({
        missing: [],
        stale: [],
        mismatched: [],
      });
      const pyView = py(
        dir,
        [
          'import os',
          'ids = sorted(r["run_id"] for r in rm.list_runs())',
          'folders = sorted(n for n in os.listdir(rm.base_runs_dir) if not n.startswith(".") and n != "current")',
          'out = {"same": ids == folders, "loaded": all(RunManager(rm.base_runs_dir).load_run(i) for i in ids), "count": len(ids)}',
        ].join('\n'),
      ) as { same: boolean; loaded: boolean; count: number };
      expect(pyView).toEqual({ same: true, loaded: true, count: runs.size });

      figures.run = {
        seconds: Math.round(seconds),
        simulation: {
          ops: sim_.ops,
          runs_created: sim_.runs_created,
          checkpoints: sim_.checkpoints,
          status_changes: sim_.status_changes,
        },
        runyard_api: { children: apiChildren.size, tag_edits: apiEdits },
        runyard_cli: { children: cliChildren.size },
        watchers: {
          live_index_deltas: liveDeltas,
          live_index_records_checked: liveRecords.length,
          serve_delta_events: client.events.filter((e) => e.event === 'runs.delta').length,
          serve_records_checked: wsRecords.length,
        },
        index_while_running: {
          samples: drops.samples,
          samples_with_missing_entries: drops.samples_with_missing_entries,
          most_missing_at_once: drops.most_missing_at_once,
          runs_ever_missing: drops.runs_ever_missing.size,
        },
        index_before_runyard_wrote_again: {
          missing: racing.missing.length,
          mismatched: racing.mismatched.length,
          stale: racing.stale.length,
        },
        index_after_one_runyard_write: {
          missing: afterWrite.missing.length,
          stale: afterWrite.stale.length,
          mismatched: afterWrite.mismatched.length,
        },
        runs_on_disk: runs.size,
      };
    } finally {
      ws?.close();
      await server.stop();
      await live.close();
    }
  }, 150_000);

  test("a Runyard write puts back the entries the module's unlocked index write dropped", async () => {
    const dir = path.join(tempDir('runyard-heal-'), 'runs');
    fs.mkdirSync(dir);
    const made = py(
      dir,
      'out = [rm.create_run(description="sim A"), RunManager(rm.base_runs_dir).create_run(description="sim B")]',
    ) as string[];
    // The module reads the index, Runyard writes a child meanwhile, the module writes back what it read.
    const staleCopy = fs.readFileSync(path.join(dir, '.run_index.json'), 'utf8');
    const child = await runyard(['--dir', dir, 'resume', made[0]!]);
    expect(child.code, child.stderr).toBe(0);
    fs.writeFileSync(path.join(dir, '.run_index.json'), staleCopy);
    py(dir, `rm.load_run(${JSON.stringify(made[1])})\nrm.update_status("running")`);
    expect((await indexCheck(dir)).missing).toEqual([child.stdout.trim()]);
    // Any Runyard write, here to an unrelated run.
    const write = await runyard(['--dir', dir, 'status', made[0]!, 'completed']);
    expect(write.code, write.stderr).toBe(0);
    expect(await indexCheck(dir)).toMatchObject({ missing: [], stale: [] });
    const listed = py(dir, 'out = sorted(r["run_id"] for r in rm.list_runs())') as string[];
    expect(listed).toEqual([...made, child.stdout.trim()].sort());
  });
});
