// Connections that go wrong after they were made, through a real OpenSSH server on
// loopback: an agent that falls silent without the connection closing (what a laptop's
// sleep or a dropped VPN looks like from here) is noticed and reconnected.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AgentClient } from '../../electron/remote/agent-client';
import { parseRemoteDir } from '../../shared/remote-dir';
import { sampleRuns } from '../helpers/dirs';
import { makeRun } from '../helpers/live-runs';
import { sleep, until } from '../helpers/poll';
import { startSshd } from '../helpers/sshd';

const started = await startSshd();
const sshd = typeof started === 'string' ? null : started;
if (!sshd) process.stderr.write(`SKIPPED remote-drop tests: ${started}\n`);
const describeSsh = sshd ? describe : describe.skip;

const saved: Record<string, string | undefined> = {};
beforeAll(() => {
  for (const [k, v] of Object.entries(sshd?.env ?? {})) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await sshd?.stop();
});

/** The agents this sshd's sessions run: node with the cached bundle from its remote HOME. */
function agentPids(): number[] {
  const cache = path.join(sshd!.remoteHome, '.cache', 'runyard', 'agent-');
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(cache) && !l.includes(' -e '))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

describeSsh('a connection that goes wrong', () => {
  test('an agent frozen without the connection closing is taken as dropped, and a fresh snapshot follows', async () => {
    const d = sampleRuns();
    const client = new AgentClient(parseRemoteDir(`ssh://127.0.0.1:${sshd!.port}${d}`)!, {
      env: { ...process.env, ...sshd!.env },
      backoffMs: [100],
      silence: { pingAfterMs: 300, dropAfterMs: 1000 },
    });
    const states: string[] = [];
    client.on('state', (s) => states.push(s));
    let frozen: number[] = [];
    try {
      await client.connect();
      // Quiet but answering: the pings keep it connected.
      await sleep(1500);
      expect(states).toEqual(['connected']);
      frozen = agentPids();
      expect(frozen).toHaveLength(1);
      process.kill(frozen[0]!, 'SIGSTOP');
      const t0 = Date.now();
      await until('reconnecting', () => states.includes('reconnecting'), 5000);
      expect(Date.now() - t0).toBeLessThan(2500);
      const fresh = new Promise<{ runs: { run_id: string }[] }>((r) => client.once('snapshot', r));
      makeRun(d, 'run-made-while-frozen', 'completed');
      const again = await fresh;
      expect(states.slice(-2)).toEqual(['reconnecting', 'connected']);
      expect(again.runs.map((r) => r.run_id)).toContain('run-made-while-frozen');
      expect(await client.call('app.info', {})).toMatchObject({ ok: true, value: { dir: d } });
    } finally {
      for (const pid of frozen) process.kill(pid, 'SIGKILL');
      await client.close();
    }
  });
});
