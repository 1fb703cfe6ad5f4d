// Writes runs directories in the shape the Python RunManager leaves them: one folder
// per run with metadata.json (2-space JSON, the module's keys and spellings),
// results/, checkpoints/ and logs/, the .run_index.json cache and the `current`
// link. Plain synchronous fs: 100k runs take tens of seconds, so a finished
// directory is kept under bench/.data and reused while GENERATOR_VERSION is unchanged.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '.data');
const GENERATOR_VERSION = 2;

const STATUSES = [
  'completed',
  'completed',
  'completed',
  'failed',
  'running',
  'checkpointed',
  'initialising',
  'resumed',
];
const HOSTS = ['cosma8-login1', 'hamilton-login2', 'laptop-jd', 'node0421'];
const USERS = ['researcher1', 'researcher2', 'calib-bot'];

/** Deterministic per index, so a regenerated directory has the same content. */
function uuidFor(n, seed) {
  const h = crypto.createHash('md5').update(`${seed}:${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function isoAt(ms, naive) {
  // The module's two spellings: aware isoformat with "Z", and naive utcnow()+"Z";
  // both drop microseconds when they are zero.
  const micros = String(ms % 1000).padStart(3, '0') + '321';
  const base = new Date(ms).toISOString().slice(0, 19);
  return naive && ms % 7 === 0 ? `${base}Z` : `${base}.${micros}Z`;
}

export function metadataFor(i, count, ids) {
  const id = ids[i];
  const created = Date.UTC(2026, 0, 1) + i * 37_000 + (i % 1000);
  const status = STATUSES[i % STATUSES.length];
  const parent = i % 25 === 24 ? ids[i - 1] : null;
  const checkpoints = [];
  for (let c = 0; c < i % 4; c++) {
    checkpoints.push({
      name: `checkpoint_2020-0${c + 3}-01`,
      created_at: isoAt(created + (c + 1) * 3_600_000, true),
      path:
        c === 2
          ? `/cosma/scratch/dp004/june/runs/${id}/checkpoints/checkpoint_2020-0${c + 3}-01.hdf5`
          : `runs/${id}/checkpoints/checkpoint_2020-0${c + 3}-01.hdf5`,
    });
  }
  const meta = {
    run_id: id,
    created_at: isoAt(created, parent !== null),
    description: parent
      ? `Resumed from ${parent.slice(0, 8)}`
      : `Calibration sweep ${Math.floor(i / 100)} point ${i % 100} (beta=${(0.1 + (i % 50) / 100).toFixed(2)})`,
    status,
    tags: parent
      ? ['calibration', `sweep-${Math.floor(i / 100)}`, 'resumed']
      : ['calibration', `sweep-${Math.floor(i / 100)}`],
    hostname: HOSTS[i % HOSTS.length],
    user: USERS[i % USERS.length],
    git_commit: ((i * 2654435761) % 2 ** 32).toString(16).padStart(8, '0') + 'abcd',
    parent_run_id: parent,
    checkpoints,
    started_at: null,
    completed_at: status === 'completed' || status === 'failed' ? isoAt(created + 5_400_000, true) : null,
  };
  if (parent) meta.resumed_from = parent;
  meta.seed = i;
  meta.world_path = '/cosma/data/june/worlds/london_2020.hdf5';
  meta.n_days = 90 + (i % 30);
  return meta;
}

function write(dir, count, seed) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const ids = Array.from({ length: count }, (_, i) => uuidFor(i, seed));
  const index = [];
  for (let i = 0; i < count; i++) {
    const meta = metadataFor(i, count, ids);
    const runDir = path.join(dir, ids[i]);
    fs.mkdirSync(runDir);
    fs.mkdirSync(path.join(runDir, 'results'));
    fs.mkdirSync(path.join(runDir, 'checkpoints'));
    fs.mkdirSync(path.join(runDir, 'logs'));
    fs.writeFileSync(path.join(runDir, 'metadata.json'), JSON.stringify(meta, null, 2));
    if (i % 10 === 0)
      fs.writeFileSync(path.join(runDir, 'logs', 'simulation.log'), `INFO started ${meta.created_at}\n`);
    if (i % 10 === 1) fs.writeFileSync(path.join(runDir, 'results', 'summary.csv'), 'day,infected\n0,10\n');
    index.push({
      run_id: meta.run_id,
      description: meta.description,
      created_at: meta.created_at,
      status: meta.status,
      tags: meta.tags,
    });
  }
  // The module appends each run as it is touched, so the index is in touch order.
  fs.writeFileSync(
    path.join(dir, '.run_index.json'),
    JSON.stringify({ runs: index, latest: ids[count - 1] ?? null }, null, 2),
  );
  if (count) fs.symlinkSync(ids[count - 1], path.join(dir, 'current'));
}

/** The path of a runs directory with `count` runs, generated unless a finished one is cached. */
export function runsDir(count, { log = () => {} } = {}) {
  const dir = path.join(DATA_DIR, `runs-${count}`);
  const stamp = path.join(DATA_DIR, `runs-${count}.done`);
  const want = `v${GENERATOR_VERSION}`;
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want && fs.existsSync(dir)) return dir;
  log(`generating ${count} runs in ${dir} …`);
  const t = performance.now();
  fs.rmSync(stamp, { force: true });
  write(dir, count, `bench-${count}`);
  fs.writeFileSync(stamp, want);
  log(`  done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return dir;
}
