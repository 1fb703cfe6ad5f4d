// `npm run demo`: a fresh demo runs directory in a new temporary folder
// ($TMPDIR/runyard-demo-XXXXXX/runs), `runyard serve` on it, and a simulated run that
// keeps making progress, so the live updates show within seconds of opening the page:
// initialising → running, a log line and a results row every 1.5 s, a checkpoint every
// ten simulated days, completed after 30; then the next run starts, every other one
// resumed from the previous run's last checkpoint.
//
//   npm run demo                      (any free port)
//   npm run demo -- --port 8642       (a fixed port, e.g. for an SSH tunnel)
//   npm run demo -- --keep            (leave the folder behind on exit)
//
// Metadata changes go through `runyard` itself (create, status, checkpoint, resume),
// i.e. through the run store; logs, results and checkpoint files are appended with
// plain writes from the simulation's working folder, as JUNE does. Ctrl+C stops the
// simulation and the server, then removes the folder (unless --keep).
import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(root, 'dist/cli.cjs');
const argv = process.argv.slice(2);
const keep = argv.includes('--keep');
const port = argv.includes('--port') ? argv[argv.indexOf('--port') + 1] : '0';
const STEP_MS = Number(process.env.RUNYARD_DEMO_STEP_MS ?? 1500);
const DAYS = 30;
const say = (s) => process.stdout.write(`${s}\n`);

execFileSync(process.execPath, [path.join(root, 'scripts/ensure-built.mjs')], { stdio: 'inherit' });

// The simulation's working folder; the runs directory is `runs` inside it, as for JUNE.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'runyard-demo-'));
const dir = path.join(work, 'runs');
const env = { ...process.env, RUNYARD_DIR: '' };
execFileSync(process.execPath, [CLI, 'demo', dir], { stdio: 'ignore', env });

let stopping = false;
const server = spawn(process.execPath, [CLI, '--dir', dir, 'serve', '--port', port], {
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const serverExit = new Promise((resolve) => server.once('exit', resolve));
let printed = '';
server.stdout.on('data', (d) => {
  printed += d;
  process.stdout.write(d);
});
void serverExit.then((code) => {
  if (!stopping) {
    process.stderr.write(`demo: runyard serve exited (${code}); stopping\n`);
    void stop(1);
  }
});

/** `runyard --json ARGS` from the simulation's working folder; resolves with its parsed output. */
function runyard(args, input) {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [CLI, '--dir', dir, '--json', ...args],
      { cwd: work, env },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`runyard ${args.join(' ')}: ${stderr || err.message}`));
        else resolve(stdout.trim() ? JSON.parse(stdout) : null);
      },
    );
    if (input !== undefined) child.stdin.end(input);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Sleeps in short slices, so Ctrl+C never waits for a whole step. */
async function pause(ms) {
  for (let t = 0; t < ms && !stopping; t += 100) await sleep(Math.min(100, ms - t));
}

const append = (id, rel, text) => {
  const file = path.join(dir, id, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, text);
};

async function simulate(n, parent) {
  const beta = Number((0.18 + (n % 5) * 0.03).toFixed(2));
  const tags = ['live', 'demo'];
  const run = parent
    ? await runyard([
        'resume',
        parent.id,
        '--checkpoint',
        parent.checkpoint,
        '--description',
        `Live demo ${n}: resumed at ${parent.checkpoint.slice(11)} (beta=${beta})`,
        ...tags.flatMap((t) => ['--tag', t]),
        '--tag',
        'resumed',
        '--set',
        `seed=${n}`,
      ])
    : await runyard([
        'create',
        '--description',
        `Live demo ${n}: household beta ${beta}`,
        ...tags.flatMap((t) => ['--tag', t]),
        '--set',
        `seed=${n}`,
        '--set',
        `beta_household=${beta}`,
      ]);
  const id = run.run_id;
  say(`demo: run ${id.slice(0, 8)} created (initialising)`);
  await runyard(
    ['config', id, '-'],
    `# JUNE simulation config (demo)\nregion: North East\ndays: ${DAYS}\nbeta:\n  household: ${beta}\n  school: 0.12\n`,
  );
  append(id, 'logs/simulation.log', `[INFO] JUNE starting run ${id}\n[INFO] Loading world from data/world_NE.hdf5\n`);
  await pause(3 * STEP_MS);
  if (stopping) return null;
  await runyard(['status', id, 'running']);
  say(`demo: run ${id.slice(0, 8)} running`);

  let s = 1_000_000,
    i = 20 + n,
    r = 0;
  append(id, 'results/summary.csv', 'day,susceptible,infected,recovered\n');
  let last = null;
  for (let day = 1; day <= DAYS && !stopping; day++) {
    const inf = (beta * 1.6 * s * i) / 1_000_000;
    s -= inf;
    i += inf - i * 0.1;
    r += i * 0.1;
    append(id, 'results/summary.csv', `${day},${Math.round(s)},${Math.round(i)},${Math.round(r)}\n`);
    append(
      id,
      'logs/simulation.log',
      `[INFO] day ${day}: ${Math.round(i)} infected, ${Math.round(r)} recovered, timestep ${(0.4 + Math.random() * 0.2).toFixed(2)}s\n`,
    );
    if (day % 10 === 0) {
      const name = `checkpoint_2020-0${3 + day / 10}-01`;
      const rel = `checkpoints/${name}.hdf5`;
      fs.mkdirSync(path.join(dir, id, 'checkpoints'), { recursive: true });
      fs.writeFileSync(path.join(dir, id, rel), Buffer.alloc(48 * 1024, day));
      await runyard(['checkpoint', id, name, '--path', `runs/${id}/${rel}`]);
      append(id, 'logs/simulation.log', `[INFO] wrote ${name}\n`);
      say(`demo: run ${id.slice(0, 8)} checkpoint ${name}`);
      last = name;
    }
    await pause(STEP_MS);
  }
  if (stopping) return null;
  append(id, 'logs/simulation.log', '[INFO] simulation finished\n');
  await runyard(['status', id, 'completed']);
  say(`demo: run ${id.slice(0, 8)} completed`);
  return last ? { id, checkpoint: last } : null;
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
  const force = setTimeout(() => server.kill('SIGKILL'), 5000);
  await serverExit;
  clearTimeout(force);
  // A `runyard` the simulation started may still be finishing its write.
  await sleep(300);
  if (keep) say(`demo: stopped; the demo folder stays at ${dir}`);
  else {
    fs.rmSync(work, { recursive: true, force: true });
    say(`demo: stopped; removed ${work}`);
  }
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

while (!/Open: /.test(printed)) {
  if (stopping) await new Promise(() => {});
  await sleep(50);
}
say(`\ndemo: the runs folder is ${dir}${keep ? '' : ' (removed when you stop the demo)'}`);
say(
  'demo: a simulated run starts now and writes a log line every second or two; open the address above and watch it. Ctrl+C stops.\n',
);

let previous = null;
for (let n = 1; !stopping; n++) {
  try {
    const done = await simulate(n, n % 2 === 0 ? previous : null);
    previous = done;
  } catch (e) {
    if (stopping) break;
    process.stderr.write(`demo: ${e.message}\n`);
    await pause(5000);
  }
  await pause(4 * STEP_MS);
}
