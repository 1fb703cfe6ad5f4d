// Runs folders on another machine, through a real OpenSSH server on loopback (the
// "cluster" is this machine, so the same folder can be asked locally and over ssh and
// the answers compared). The agent is copied into a temporary remote HOME, never the
// user's own cache. Skips, saying why, when sshd cannot be started.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { AgentClient } from '../../electron/remote/agent-client';
import { parseRemoteDir } from '../../shared/remote-dir';
import { CLI, runCli, runCliAsync } from '../helpers/cli';
import { sampleRuns, tempDir } from '../helpers/dirs';
import { makeRun, makeRuns } from '../helpers/live-runs';
import { until } from '../helpers/poll';
import { agentProcesses } from '../helpers/sshd';
import { useSshd } from '../helpers/use-sshd';

const { sshd, describeSsh } = await useSshd('remote-ssh tests');

const at = (dir: string, port = sshd!.port) => `ssh://127.0.0.1:${port}${dir}`;
const remote = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCliAsync(args, { RUNYARD_DIR: '', ...sshd!.env, ...env });
const local = (args: string[]) => runCli(args);
const cacheFiles = () => {
  const d = path.join(sshd!.remoteHome, '.cache', 'runyard');
  // The CLI keeps its list cache in the same folder; only the agent counts here.
  return fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.startsWith('agent-')) : [];
};
/** Two copies of the sample folder: one asked locally, one over ssh, for commands that write. */
function twins(): [string, string] {
  const a = sampleRuns();
  const b = path.join(path.dirname(a), 'over-ssh');
  fs.cpSync(a, b, { recursive: true });
  return [a, b];
}

describeSsh('runyard on an ssh:// runs folder', () => {
  let dir: string;
  let ids: string[];
  // dirs.ts removes temporary folders after each test, so each test gets its own.
  beforeEach(() => {
    dir = sampleRuns();
    ids = (JSON.parse(local(['--dir', dir, 'list', '--json']).stdout) as { run_id: string }[]).map((r) => r.run_id);
  });

  test('list --json gives the local answer; the agent is copied once, then reused from the remote cache', async () => {
    const first = await remote(['--dir', at(dir), 'list', '--json']);
    expect(first.stderr).toMatch(/copying the Runyard agent \([\d.]+ MB\) to 127\.0\.0\.1/);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual(JSON.parse(local(['--dir', dir, 'list', '--json']).stdout));
    const copied = cacheFiles();
    expect(copied).toEqual([expect.stringMatching(/^agent-\d+\.\d+\.\d+-[0-9a-f]{16}\.cjs$/)]);
    const ino = fs.statSync(path.join(sshd!.remoteHome, '.cache/runyard', copied[0]!)).ino;

    const t0 = Date.now();
    const second = await remote(['--dir', at(dir), '--json', 'list']);
    const ms = Date.now() - t0;
    expect(second.stderr).toBe('');
    expect(second.stdout).toBe(first.stdout);
    expect(cacheFiles()).toEqual(copied);
    expect(fs.statSync(path.join(sshd!.remoteHome, '.cache/runyard', copied[0]!)).ino).toBe(ino);
    process.stderr.write(`remote list --json with the agent cached: ${ms} ms\n`);
  });

  test('show (text and --json), tree and index check answer as locally; host:path and RUNYARD_DIR work too', async () => {
    const cases = [
      ['show', ids[0]!],
      ['--json', 'show', ids[1]!],
      ['tree'],
      ['index', 'check'],
      ['show', 'no-such-run'],
    ];
    const answers = await Promise.all(cases.map((args) => remote(['--dir', at(dir), ...args])));
    cases.forEach((args, i) => {
      const want = local(['--dir', dir, ...args]);
      const got = answers[i]!;
      expect({ args, code: got.code, stdout: got.stdout }).toEqual({ args, code: want.code, stdout: want.stdout });
      expect(want.code === 0 || args.includes('no-such-run')).toBe(true);
      expect(got.stderr.replace(/^runyard: copying the Runyard agent.*\n/, '')).toBe(want.stderr);
    });
    const viaEnv = await remote(['list', '--json'], { RUNYARD_DIR: at(dir) });
    expect([viaEnv.code, viaEnv.stderr]).toEqual([0, '']);
    expect(JSON.parse(viaEnv.stdout)).toHaveLength(ids.length);
    // scp-like form: the port cannot be written there, so it comes from the ssh command.
    const scp = await remote(['--dir', `127.0.0.1:${dir}`, 'show', ids[0]!], {
      RUNYARD_SSH_COMMAND: `${sshd!.env.RUNYARD_SSH_COMMAND} -p ${sshd!.port}`,
    });
    expect(scp.stdout).toBe(local(['--dir', dir, 'show', ids[0]!]).stdout);
  });

  test('resume and prune write on the remote folder exactly what they write locally', async () => {
    const [a, b] = twins();
    const repo = tempDir();
    execFileSync('git', ['init', '-q', repo]);
    execFileSync('git', [
      '-C',
      repo,
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@example.org',
      'commit',
      '-q',
      '--allow-empty',
      '-m',
      'simulation code',
    ]);
    const dry = ['--json', 'prune', '--status', 'failed', '--dry-run'];
    const plan = await remote(['--dir', at(b), ...dry]);
    expect(JSON.parse(plan.stdout)).toEqual(JSON.parse(local(['--dir', a, ...dry]).stdout));
    // Without --yes and without a terminal, prune refuses over ssh as it does locally.
    const refused = await remote(['--dir', at(b), 'prune', '--status', 'failed']);
    expect([refused.code, refused.stderr]).toEqual([
      local(['--dir', a, 'prune', '--status', 'failed']).code,
      expect.stringMatching(/pass --yes/),
    ]);
    const pruned = await remote(['--dir', at(b), 'prune', '--status', 'failed', '--yes']);
    expect(pruned.code).toBe(0);
    local(['--dir', a, 'prune', '--status', 'failed', '--yes']);
    const listed = (d: string) =>
      JSON.parse(local(['--dir', d, 'list', '--json']).stdout) as { run_id: string; status: string }[];
    const left = listed(a);
    expect(listed(b)).toEqual(left);
    expect(left.length).toBeLessThan(ids.length);
    const parent = left.find((r) => r.status === 'completed')!.run_id;
    const args = ['--git-repo', repo, '--json', 'resume', parent, '--description', "it's a child", '--tag', 'x'];
    const mine = JSON.parse(local(['--dir', a, ...args]).stdout);
    const theirs = JSON.parse((await remote(['--dir', at(b), ...args])).stdout);
    const strip = (m: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(m).filter(([k]) => !/run_id$|_at$|^hostname$|^user$/.test(k) || k === 'parent_run_id'),
      );
    expect(strip(theirs)).toEqual(strip(mine));
    expect(fs.existsSync(path.join(b, theirs.run_id, 'metadata.json'))).toBe(true);
  });

  test('watch over ssh prints the ready line and a change made on the cluster side', async () => {
    const d = sampleRuns();
    const child = spawn(process.execPath, [CLI, '--dir', at(d), 'watch', '--json'], {
      env: { ...process.env, RUNYARD_DIR: '', ...sshd!.env },
    });
    const lines: string[] = [];
    child.stdout.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
    try {
      await until('the ready line', () => lines.length >= 1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ event: 'ready', runs: ids.length, mode: 'native', dir: d });
      const t0 = Date.now();
      makeRun(d, 'run-made-on-the-cluster', 'running');
      await until('the added line', () => lines.some((l) => l.includes('run-made-on-the-cluster')), 5000);
      expect(Date.now() - t0).toBeLessThan(1000);
      expect(JSON.parse(lines.at(-1)!)).toMatchObject({
        event: 'added',
        run_id: 'run-made-on-the-cluster',
        status: 'running',
      });
    } finally {
      const exited = new Promise((r) => child.once('close', r));
      child.kill('SIGINT');
      await exited;
    }
  });

  test('watch reconnects when its ssh connection is killed: the drop is said, and a fresh ready line and later changes follow', async () => {
    const d = sampleRuns();
    const child = spawn(process.execPath, [CLI, '--dir', at(d), 'watch', '--json'], {
      env: { ...process.env, RUNYARD_DIR: '', ...sshd!.env },
    });
    const lines: string[] = [];
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const readies = () =>
      lines.map((l) => JSON.parse(l) as { event: string; runs?: number }).filter((l) => l.event === 'ready');
    try {
      await until('the ready line', () => readies().length === 1);
      // The server's end of this one connection dies, as when the cluster's login node drops it.
      // (An agent of an earlier test may still be ending; killing its session too changes nothing.)
      const sessions = agentProcesses(sshd!).map((a) => a.session);
      expect(sessions.length).toBeGreaterThan(0);
      for (const pid of sessions) process.kill(pid, 'SIGKILL');
      makeRun(d, 'run-made-while-dropped', 'running');
      await until('a second ready line', () => readies().length === 2, 10_000);
      expect(stderr).toMatch(/runyard: lost the connection to ssh:\/\/127\.0\.0\.1:\d+\/\S+; reconnecting…/);
      expect(stderr).toMatch(/runyard: reconnected to ssh:\/\/127\.0\.0\.1:\d+/);
      expect(readies()[1]!.runs).toBe(ids.length + 1);
      makeRun(d, 'run-made-after-reconnecting', 'completed');
      await until('the added line', () => lines.some((l) => l.includes('run-made-after-reconnecting')), 5000);
      expect(child.exitCode).toBeNull();
    } finally {
      const exited = new Promise<number | null>((r) => child.once('close', r));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  });

  test('watch stops reconnecting, and says why, when the login is refused on the way back', async () => {
    const d = sampleRuns();
    const keys = path.join(sshd!.tmp, 'authorized_keys');
    const allowed = fs.readFileSync(keys);
    const child = spawn(process.execPath, [CLI, '--dir', at(d), 'watch', '--json'], {
      env: { ...process.env, RUNYARD_DIR: '', ...sshd!.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((r) => child.once('close', r));
    try {
      await until('the ready line', () => stdout.includes('"event":"ready"'));
      // The key is no longer let in, as when an administrator revokes it.
      fs.writeFileSync(keys, '');
      for (const { session: pid } of agentProcesses(sshd!)) process.kill(pid, 'SIGKILL');
      expect(await exited).toBe(255);
      expect(stderr).toMatch(/lost the connection to ssh:\/\/127\.0\.0\.1:\d+\S*; reconnecting…/);
      expect(stderr).toMatch(/could not reach ssh:\/\/127\.0\.0\.1:\d+\S* over ssh: 127\.0\.0\.1 refused the login/);
      expect(stderr.match(/reconnecting to .* failed/g)).toBeNull();
    } finally {
      fs.writeFileSync(keys, allowed);
      child.kill('SIGKILL');
    }
  });

  test('Ctrl+C during a prune over ssh: exit 130 and says the prune may carry on there; no agent is left, and every run is in place or in the trash', async () => {
    const d = tempDir();
    const ids = makeRuns(d, 400);
    const child = spawn(process.execPath, [CLI, '--dir', at(d), 'prune', '--status', 'completed', '--yes'], {
      env: { ...process.env, RUNYARD_DIR: '', ...sshd!.env },
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((r) => child.once('close', r));
    const trash = path.join(d, '.trash');
    await until(
      'the first run in the trash',
      () => fs.existsSync(trash) && fs.readdirSync(trash).some((n) => !n.startsWith('.')),
      20_000,
    );
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(
      /runyard: stopped waiting for ssh:\/\/127\.0\.0\.1:\d+\S*; the command there may still run to its end/,
    );
    await until('the agent there to end', () => agentProcesses(sshd!).length === 0, 5000);
    // The next command finishes what the prune left, as after a local Ctrl+C.
    const listed = JSON.parse(local(['--dir', d, 'list', '--json']).stdout) as { run_id: string; status: string }[];
    const trashed = (JSON.parse(local(['--dir', d, '--json', 'trash', 'list']).stdout) as { run_id: string }[]).map(
      (e) => e.run_id,
    );
    expect(trashed.length).toBeGreaterThan(0);
    expect([...listed.map((r) => r.run_id), ...trashed].sort()).toEqual([...ids].sort());
    // Only what the prune chose went: every running run is still in place.
    expect(listed.filter((r) => r.status === 'running')).toHaveLength(100);
  });

  test('a hostile folder name or run id runs nothing on the remote', async () => {
    const d = tempDir();
    const pwned = path.join(d, 'pwned');
    const bad = [
      `${d}/$(touch ${pwned})`,
      `${d}/x;touch ${pwned}`,
      `${d}/\`touch ${pwned}\``,
      `${d}/'; touch ${pwned}; '`,
      `${d}/x" && touch ${pwned} && "`,
    ];
    for (const r of await Promise.all(bad.map((b) => remote(['--dir', at(b), 'list'])))) {
      expect(r.stderr).toContain('does not exist');
      expect(r.code).toBe(1);
    }
    const r = await remote(['--dir', at(dir), 'show', `$(touch ${pwned})'";touch ${pwned}`]);
    expect(r.code).toBe(1);
    expect(fs.existsSync(pwned)).toBe(false);
  });

  test('a remote without node says what is missing; a host ssh cannot reach says so', async () => {
    const r = await remote(['--dir', at(dir, sshd!.noNodePort), 'list']);
    expect(r.code).toBe(97);
    expect(r.stderr).toMatch(
      /no usable Node\.js on .*"node" is not on the PATH.*Node\.js 20 or later.*RUNYARD_REMOTE_NODE/,
    );
    const missing = await remote(['--dir', at(dir), 'list'], {
      RUNYARD_REMOTE_NODE: path.join(sshd!.tmp, 'no-such-node'),
    });
    expect(missing.stderr).toMatch(/no usable Node\.js/);
    // A node too old for the agent: named with its version, and nothing of the agent run.
    const oldNode = path.join(sshd!.tmp, 'node16');
    fs.writeFileSync(
      path.join(sshd!.tmp, 'node16.js'),
      'Object.defineProperty(process, "version", { value: "v16.20.2" });\n',
    );
    fs.writeFileSync(oldNode, `#!/bin/sh\nexec ${process.execPath} -r ${path.join(sshd!.tmp, 'node16.js')} "$@"\n`, {
      mode: 0o755,
    });
    const old = await remote(['--dir', at(dir), 'list'], { RUNYARD_REMOTE_NODE: oldNode });
    expect(old.code).toBe(98);
    expect(old.stderr).toMatch(
      /runyard: no usable Node\.js on \S+: \S+ there is v16\.20\.2; Runyard needs Node\.js 20 or later \(or set RUNYARD_REMOTE_NODE to another node\)\./,
    );
    expect(old.stdout).toBe('');

    const closed = await remote(['--dir', 'ssh://127.0.0.1:1/runs', 'list']);
    expect(closed.code).toBe(255);
    expect(closed.stderr).toMatch(/could not reach ssh:\/\/127\.0\.0\.1:1\/runs over ssh/);
  });
});

describeSsh('the agent client (serve --stdio over ssh)', () => {
  test('a snapshot, a change on the cluster side within 1 s, and a reconnect with a fresh snapshot after the connection is killed', async () => {
    const d = sampleRuns();
    const client = new AgentClient(parseRemoteDir(at(d))!, { env: { ...process.env, ...sshd!.env }, backoffMs: [100] });
    const states: string[] = [];
    client.on('state', (s) => states.push(s));
    const deltas: any[] = [];
    client.on('event', (name, payload) => name === 'runs.delta' && deltas.push(payload));
    try {
      const snap = await client.connect();
      const ids = (JSON.parse(local(['--dir', d, 'list', '--json']).stdout) as { run_id: string }[]).map(
        (r) => r.run_id,
      );
      expect(snap.runs.map((r) => r.run_id).sort()).toEqual(ids.sort());
      const t0 = Date.now();
      makeRun(d, 'run-seen-live', 'running');
      await until(
        'the runs.delta',
        () => deltas.some((x) => x.added.some((r: any) => r.run_id === 'run-seen-live')),
        5000,
      );
      const ms = Date.now() - t0;
      process.stderr.write(`remote change to runs.delta: ${ms} ms\n`);
      expect(ms).toBeLessThan(1000);

      const fresh = new Promise<any>((r) => client.once('snapshot', r));
      (client as any).child.kill('SIGKILL');
      await until('reconnecting', () => states.includes('reconnecting'), 5000);
      makeRun(d, 'run-made-while-away', 'completed');
      const again = await fresh;
      expect(states.slice(-2)).toEqual(['reconnecting', 'connected']);
      expect(again.runs.map((r: any) => r.run_id)).toContain('run-made-while-away');
      const info = await client.call('app.info', {});
      expect(info).toMatchObject({ ok: true, value: { dir: d } });
    } finally {
      await client.close();
    }
  });
});

describe('serve --stdio', () => {
  test('answers requests line by line, says what is wrong with a bad one, and ends cleanly when stdin does', async () => {
    const d = sampleRuns();
    const child = spawn(process.execPath, [CLI, '--dir', d, 'serve', '--stdio'], {
      env: { ...process.env, RUNYARD_DIR: '' },
    });
    const lines: any[] = [];
    let buf = '';
    child.stdout.on('data', (b: Buffer) => {
      buf += b.toString();
      const parts = buf.split('\n');
      buf = parts.pop()!;
      lines.push(...parts.map((l) => JSON.parse(l)));
    });
    const exited = new Promise((r) => child.once('close', r));
    child.stdin.write('not json\n{"id":1,"type":"nonsense"}\n');
    child.stdin.write(`${JSON.stringify({ type: 'request', id: 2, method: 'runs.snapshot', params: {} })}\n`);
    await until('two answers', () => lines.filter((l) => l.type === 'response').length >= 2);
    const byId = new Map(lines.filter((l) => l.type === 'response').map((l) => [l.id, l.result]));
    expect(byId.get(1)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(byId.get(2).value.runs.length).toBe(JSON.parse(local(['--dir', d, 'list', '--json']).stdout).length);
    child.stdin.end();
    expect(await exited).toBe(0);
  });
});

describe('a remote folder written wrong', () => {
  test('is a usage error, and nothing reaches ssh', () => {
    const bad = runCli(['--dir', 'ssh://-oProxyCommand=touch_x/runs', 'list', '--json']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/may not start with "-"/)]);
  });
});
