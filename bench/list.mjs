// `runyard list` against the baselines the issue names: the Python module's own
// list_runs() (which only reads the index) and `cat */metadata.json`, both measured in
// the same run on the same directory.
import fs from 'node:fs';
import path from 'node:path';
import { runsDir, DATA_DIR } from './generate.mjs';
import { benchEnv, CLI, realPython, referenceDir, timeBest, timeBestInterleaved, timeWithMemory } from './measure.mjs';

/** Runyard's metadata cache lives in the user's cache folder; the bench uses its own. */
const CACHE_HOME = path.join(DATA_DIR, 'cache');

function listEnv(cache) {
  return benchEnv({ XDG_CACHE_HOME: CACHE_HOME, RUNYARD_NO_CACHE: cache ? '' : '1' });
}

export async function listSuite({ quick, log }) {
  const rows = [];
  const d10k = runsDir(10_000, { log });
  fs.mkdirSync(CACHE_HOME, { recursive: true });

  const py = realPython();
  const ref = referenceDir();
  let pyMs = null;
  if (py && ref) {
    const script = `import sys; sys.path.insert(0, ${JSON.stringify(ref)}); from run_manager import RunManager; RunManager(${JSON.stringify(d10k)}).list_runs()`;
    pyMs = timeBest(py, ['-c', script]).ms;
    rows.push({ name: 'Python list_runs() at 10k (baseline; reads the index only)', value: pyMs, unit: 'ms' });
  } else {
    log('  python3 or the reference module is missing: the list_runs baseline is skipped');
  }
  const catMs = timeBest('bash', ['-c', `cd ${JSON.stringify(d10k)} && cat */metadata.json > /dev/null`]).ms;
  rows.push({ name: 'cat */metadata.json at 10k (baseline)', value: catMs, unit: 'ms' });

  // What any answer checked against the run folders pays: starting Node, and one stat per run
  // (here the plain way, with fs.statSync; list --json avoids building a Stats per run).
  const nodeMs = timeBest(process.execPath, ['-e', '0']).ms;
  rows.push({ name: 'node -e 0 (start-up)', value: nodeMs, unit: 'ms', baseline: pyMs ?? undefined });
  const statScript = `const fs=require('fs');const d=${JSON.stringify(d10k)};for(const e of fs.readdirSync(d,{withFileTypes:true}))if(e.isDirectory())fs.statSync(d+'/'+e.name+'/metadata.json',{throwIfNoEntry:false})`;
  const statMs = timeBest(process.execPath, ['-e', statScript]).ms - nodeMs;
  rows.push({
    name: 'readdir + fs.statSync of every metadata.json at 10k, in-process',
    value: statMs,
    unit: 'ms',
    baseline: pyMs ?? undefined,
  });

  const args = ['--dir', d10k, 'list', '--json'];
  const warm = timeBest(process.execPath, [CLI, ...args], { env: listEnv(true), warmup: 2 }).ms;
  const cold = timeBest(process.execPath, [CLI, ...args], { env: listEnv(false), repeat: 3 }).ms;
  if (py && ref) {
    // The target's ratio from runs taken by turns, so a busy moment weighs on both sides alike.
    const script = `import sys; sys.path.insert(0, ${JSON.stringify(ref)}); from run_manager import RunManager; RunManager(${JSON.stringify(d10k)}).list_runs()`;
    const turns = timeBestInterleaved(
      { cmd: py, args: ['-c', script] },
      { cmd: process.execPath, args: [CLI, ...args], opts: { env: listEnv(true) } },
    );
    rows.push({
      name: 'runyard list --json at 10k vs Python list_runs(), by turns',
      value: turns.b,
      unit: 'ms',
      baseline: turns.a,
      target: 1.0,
    });
    log(
      `  by turns: Python best ${turns.a.toFixed(0)} ms (median ${turns.aMedian.toFixed(0)}), runyard best ${turns.b.toFixed(0)} ms (median ${turns.bMedian.toFixed(0)})`,
    );
  }
  rows.push({ name: 'runyard list --json at 10k vs cat', value: warm, unit: 'ms', baseline: catMs, target: 1.5 });
  rows.push({
    name: 'runyard list --json at 10k, without the metadata cache (first run)',
    value: cold,
    unit: 'ms',
    baseline: catMs,
  });
  // While runs come and go the directory's entries are read too; while a simulation writes, its file is read again.
  const node = JSON.stringify(process.execPath);
  const cli = `${node} ${JSON.stringify(CLI)} --dir ${JSON.stringify(d10k)} list --json`;
  const entries = timeBest('bash', ['-c', `touch ${JSON.stringify(d10k)} && exec ${cli}`], {
    env: listEnv(true),
    warmup: 2,
  }).ms;
  rows.push({
    name: 'runyard list --json at 10k, the directory just changed (entries read)',
    value: entries,
    unit: 'ms',
    baseline: pyMs ?? undefined,
  });
  const oneRun = fs.readdirSync(d10k).find((n) => !n.startsWith('.') && n !== 'current');
  const busy = timeBest(
    'bash',
    ['-c', `touch ${JSON.stringify(path.join(d10k, oneRun, 'metadata.json'))} && exec ${cli}`],
    { env: listEnv(true), warmup: 2 },
  ).ms;
  rows.push({
    name: 'runyard list --json at 10k, one run being written (read again)',
    value: busy,
    unit: 'ms',
    baseline: pyMs ?? undefined,
  });

  // The small directory most people have: same comparison, no target.
  const d1k = runsDir(1_000, { log });
  const py1k =
    py && ref
      ? timeBest(py, [
          '-c',
          `import sys; sys.path.insert(0, ${JSON.stringify(ref)}); from run_manager import RunManager; RunManager(${JSON.stringify(d1k)}).list_runs()`,
        ]).ms
      : null;
  const list1k = timeBest(process.execPath, [CLI, '--dir', d1k, 'list', '--json'], {
    env: listEnv(true),
    warmup: 2,
  }).ms;
  rows.push({
    name: 'runyard list --json at 1k vs Python list_runs() at 1k',
    value: list1k,
    unit: 'ms',
    baseline: py1k ?? undefined,
  });

  if (!quick) {
    const d100k = runsDir(100_000, { log });
    const listArgs = [CLI, '--dir', d100k, 'list'];
    timeWithMemory(process.execPath, listArgs, { env: listEnv(true) }); // fills the cache
    const runs = [0, 1, 2].map(() => timeWithMemory(process.execPath, listArgs, { env: listEnv(true) }));
    const best = runs.sort((a, b) => a.ms - b.ms)[1];
    rows.push({ name: 'runyard list at 100k', value: best.ms, unit: 'ms', limit: 10_000 });
    if (best.rssMb !== null)
      rows.push({ name: 'runyard list at 100k, peak memory', value: best.rssMb, unit: 'MB', limit: 500 });
    const coldRun = [0, 1, 2]
      .map(() => timeWithMemory(process.execPath, listArgs, { env: listEnv(false) }))
      .sort((a, b) => a.ms - b.ms)[1];
    rows.push({
      name: 'runyard list at 100k, without the metadata cache',
      value: coldRun.ms,
      unit: 'ms',
      limit: 10_000,
    });
    if (coldRun.rssMb !== null)
      rows.push({
        name: 'runyard list at 100k without the cache, peak memory',
        value: coldRun.rssMb,
        unit: 'MB',
        limit: 500,
      });
  }
  return rows;
}
