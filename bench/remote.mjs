// A runs folder on a cluster (issue #18), through a real OpenSSH server on loopback (the
// tests' own, bundled from test/helpers/sshd.ts): what ssh and the agent add to
// `list --json` at 10k runs over the same folder read locally, the first connection that
// copies the agent against one that finds it, and the delay from a write on the cluster
// side to `watch --json`'s line on the workstation. The listing is set against the same
// listing run there by hand over ssh (Runyard installed on the cluster), and shown beside
// one ssh connection plus the listing done locally, which carries no answer back. Loopback leaves the network out, so
// these are Runyard's own costs; a real cluster adds its round trips to each.
import fs from 'node:fs';
import path from 'node:path';
import { DATA_DIR, runsDir } from './generate.mjs';
import { benchEnv, bundleForBench, CLI, median, percentile, ROOT, spawnLines, timeBest, timeOnce } from './measure.mjs';

const CHANGES = 30;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Write-to-line delays of `watch --json` on `dir` (local or remote), for runs of `local` (the same folder). */
async function watchDelays(dir, local, env) {
  const waiters = new Map();
  let ready;
  const readyP = new Promise((r) => (ready = r));
  const child = spawnLines(
    process.execPath,
    [CLI, '--dir', dir, 'watch', '--json'],
    (line, at) => {
      let e;
      try {
        e = JSON.parse(line);
      } catch {
        return;
      }
      if (e.event === 'ready') ready();
      const w = e.event === 'changed' && waiters.get(e.run_id);
      if (w) {
        waiters.delete(e.run_id);
        w(at);
      }
    },
    { env },
  );
  await Promise.race([readyP, sleep(60_000).then(() => Promise.reject(new Error(`watch on ${dir} never got ready`)))]);
  const ids = fs
    .readdirSync(local)
    .filter((n) => !n.startsWith('.') && n !== 'current')
    .slice(100, 100 + CHANGES);
  const delays = [];
  for (const [n, id] of ids.entries()) {
    const file = path.join(local, id, 'metadata.json');
    const text = fs.readFileSync(file, 'utf8');
    const seen = new Promise((r) => waiters.set(id, r));
    const t = performance.now();
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(text), bench_touch: n }, null, 2));
    delays.push((await Promise.race([seen, sleep(5000).then(() => Infinity)])) - t);
    fs.writeFileSync(file, text);
    await sleep(120);
  }
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await gone;
  return delays;
}

export async function remoteSuite({ log }) {
  if (!fs.existsSync('/usr/sbin/sshd')) {
    log('  SKIPPED remote: /usr/sbin/sshd is not installed (apt-get install openssh-server)');
    return [];
  }
  // The agent the measured CLI sends, copied like the CLI so a rebuild meanwhile changes nothing.
  fs.copyFileSync(path.join(ROOT, 'dist/agent.cjs'), path.join(path.dirname(CLI), 'agent.cjs'));
  const { startSshd } = await bundleForBench('test/helpers/sshd.ts');
  const sshd = await startSshd();
  if (typeof sshd === 'string') {
    log(`  SKIPPED remote: ${sshd}`);
    return [];
  }
  try {
    const local = runsDir(10_000, { log });
    const remote = `ssh://127.0.0.1:${sshd.port}${local}`;
    const env = benchEnv({ ...sshd.env, XDG_CACHE_HOME: path.join(DATA_DIR, 'cache') });
    const cache = path.join(sshd.remoteHome, '.cache', 'runyard');
    const firstRuns = [0, 1, 2].map(() => {
      // Only the agent goes: the agent's own list cache there stays warm, as in the later runs.
      for (const f of fs.existsSync(cache) ? fs.readdirSync(cache) : [])
        if (f.startsWith('agent-')) fs.rmSync(path.join(cache, f), { force: true });
      return timeOnce(process.execPath, [CLI, '--dir', remote, 'list', '--json'], { env });
    });
    const localList = timeBest(process.execPath, [CLI, '--dir', local, 'list', '--json'], { env, warmup: 2 });
    // What any tool pays on this folder at least: one ssh connection, and the listing itself.
    const [ssh, ...sshArgs] = sshd.env.RUNYARD_SSH_COMMAND.split(' ');
    const sshTrue = timeBest(ssh, [...sshArgs, '-p', String(sshd.port), '127.0.0.1', 'true'], { env });
    const remoteList = timeBest(process.execPath, [CLI, '--dir', remote, 'list', '--json'], { env, warmup: 2 });
    // The same listing by hand, with Runyard installed there: ssh, node there, and the
    // 3.9 MB answer carried back, which any remote listing pays and `ssh host true` does not.
    const byHand = timeBest(
      ssh,
      [...sshArgs, '-p', String(sshd.port), '127.0.0.1', `${process.execPath} ${CLI} --dir ${local} list --json`],
      { env, warmup: 2 },
    );
    log(`  watch, local then over ssh (${CHANGES} changes each)`);
    const localDelays = await watchDelays(local, local, env);
    const remoteDelays = await watchDelays(remote, local, env);
    return [
      {
        name: 'list --json at 10k over ssh (loopback) vs the same listing by hand (`ssh host runyard list --json`)',
        value: remoteList.ms,
        unit: 'ms',
        baseline: byHand.ms,
        target: 1.5,
      },
      {
        name: 'list --json at 10k over ssh vs `ssh host true` plus list --json locally (no answer carried)',
        value: remoteList.ms,
        unit: 'ms',
        baseline: sshTrue.ms + localList.ms,
      },
      { name: 'list --json at 10k locally, the same folder', value: localList.ms, unit: 'ms' },
      { name: '`ssh host true` on loopback', value: sshTrue.ms, unit: 'ms' },
      {
        name: 'list --json at 10k over ssh, first connection (copies the agent) vs later ones',
        value: median(firstRuns),
        unit: 'ms',
        baseline: remoteList.ms,
      },
      {
        name: `watch over ssh: write on the cluster side to the line here, p95 of ${CHANGES} vs local`,
        value: percentile(remoteDelays, 95),
        unit: 'ms',
        baseline: percentile(localDelays, 95),
        limit: 1000,
      },
      { name: 'watch over ssh: write to line, median', value: median(remoteDelays), unit: 'ms' },
    ];
  } finally {
    await sshd.stop();
  }
}
