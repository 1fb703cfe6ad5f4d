// `runyard watch --json` on 10k runs as a whole process: time from spawn to the ready
// line, then the delay from a simulation-style write of metadata.json (plain
// open-and-write, as the module does) to the `changed` line for that run.
import fs from 'node:fs';
import path from 'node:path';
import { DATA_DIR, runsDir } from './generate.mjs';
import { benchEnv, CLI, median, percentile, spawnLines } from './measure.mjs';

const CHANGES = 50;
const GAP_MS = 120;

function startWatch(dir) {
  const t0 = performance.now();
  const waiters = new Map();
  let ready = null;
  const child = spawnLines(
    process.execPath,
    [CLI, '--dir', dir, 'watch', '--json'],
    (line, at) => {
      const e = JSON.parse(line);
      if (e.event === 'ready') ready?.({ ms: at - t0, runs: e.runs });
      const w = e.event === 'changed' && waiters.get(e.run_id);
      if (w) {
        waiters.delete(e.run_id);
        w(at);
      }
    },
    { env: benchEnv({ XDG_CACHE_HOME: path.join(DATA_DIR, 'cache') }) },
  );
  const readyP = new Promise((resolve, reject) => {
    ready = resolve;
    child.on('exit', (code) => reject(new Error(`runyard watch exited ${code} before it was ready`)));
  });
  return { child, readyP, waitChange: (id) => new Promise((r) => waiters.set(id, r)) };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function stop(child) {
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await done;
}

export async function watchSuite({ log }) {
  const dir = runsDir(10_000, { log });
  const readyTimes = [];
  for (let i = 0; i < 3; i++) {
    const w = startWatch(dir);
    const r = await w.readyP;
    if (r.runs !== 10_000) throw new Error(`watch saw ${r.runs} runs, expected 10000`);
    readyTimes.push(r.ms);
    if (i < 2) await stop(w.child);
    else {
      const ids = fs
        .readdirSync(dir)
        .filter((n) => !n.startsWith('.') && n !== 'current')
        .slice(0, CHANGES);
      const latencies = [];
      for (const [n, id] of ids.entries()) {
        const file = path.join(dir, id, 'metadata.json');
        const text = fs.readFileSync(file, 'utf8');
        const meta = JSON.parse(text);
        meta.bench_touch = n;
        const seen = w.waitChange(id);
        const t = performance.now();
        fs.writeFileSync(file, JSON.stringify(meta, null, 2));
        latencies.push((await Promise.race([seen, sleep(5000).then(() => Infinity)])) - t);
        fs.writeFileSync(file, text);
        await sleep(GAP_MS);
      }
      await stop(w.child);
      return [
        {
          name: 'runyard watch at 10k: spawn to ready (median of 3)',
          value: median(readyTimes),
          unit: 'ms',
          limit: 3000,
        },
        {
          name: `runyard watch at 10k: metadata write to event, p95 of ${CHANGES}`,
          value: percentile(latencies, 95),
          unit: 'ms',
          limit: 300,
        },
        { name: `runyard watch at 10k: metadata write to event, median`, value: median(latencies), unit: 'ms' },
      ];
    }
  }
  return [];
}
