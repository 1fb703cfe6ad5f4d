// Connections that go wrong after they were made, through a real OpenSSH server on
// loopback: an agent that falls silent without the connection closing (what a laptop's
// sleep or a dropped VPN looks like from here) is noticed and reconnected, and a
// reconnect that fails says why, and stops when retrying cannot help.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { expect, test } from 'vitest';
import { AgentClient } from '../../electron/remote/agent-client';
import type { FolderInfo } from '../../shared/api/models';
import { parseRemoteDir } from '../../shared/remote-dir';
import { eventsNamed, inProcess } from '../helpers/api';
import { sampleRuns } from '../helpers/dirs';
import { makeRun } from '../helpers/live-runs';
import { sleep, until } from '../helpers/poll';
import { agentProcesses } from '../helpers/sshd';
import { useSshd } from '../helpers/use-sshd';

const { sshd, describeSsh } = await useSshd('remote-drop tests', { clientEnv: true });

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.once('connect', () => {
      sock.destroy();
      resolve(false);
    });
    sock.once('error', () => resolve(true));
  });

describeSsh('a connection that goes wrong', () => {
  test('an agent frozen without the connection closing is taken as dropped, and a fresh snapshot follows', async () => {
    const d = sampleRuns();
    const client = new AgentClient(parseRemoteDir(`ssh://127.0.0.1:${sshd!.port}${d}`)!, {
      env: { ...process.env, ...sshd!.env },
      backoffMs: [100],
      silence: { pingAfterMs: 300, dropAfterMs: 1000 },
    });
    const states: string[] = [];
    const failures: [string, boolean][] = [];
    client.on('state', (s) => states.push(s));
    client.on('failure', (why, retrying) => failures.push([why, retrying]));
    let frozen: number[] = [];
    try {
      await client.connect();
      // Quiet but answering: the pings keep it connected.
      await sleep(1500);
      expect(states).toEqual(['connected']);
      frozen = agentProcesses(sshd!).map((a) => a.pid);
      expect(frozen).toHaveLength(1);
      process.kill(frozen[0]!, 'SIGSTOP');
      const t0 = Date.now();
      await until('reconnecting', () => states.includes('reconnecting'), 5000);
      expect(Date.now() - t0).toBeLessThan(2500);
      expect(failures[0]).toEqual([expect.stringMatching(/127\.0\.0\.1 did not answer for 1 s/), true]);
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

  test('a login refused on reconnecting is said in dir.list, and retrying stops', async () => {
    const d = sampleRuns();
    const remote = `ssh://127.0.0.1:${sshd!.port}${d}`;
    const { call, backend, events } = inProcess();
    const keys = path.join(sshd!.tmp, 'authorized_keys');
    const allowed = fs.readFileSync(keys);
    try {
      const opened = await call('dir.open', { dir: remote });
      expect(opened.ok).toBe(true);
      const client = (backend as any).folders.byId(remote).remote.client as AgentClient;
      let failures = 0;
      client.on('failure', () => failures++);
      // The key is no longer let in, as when an administrator revokes it, or a passphrase is refused.
      fs.writeFileSync(keys, '');
      (client as any).child.kill('SIGKILL');
      const stateOf = (l: unknown) => (l as FolderInfo[]).find((f) => f.dir === remote);
      await until('dir.list saying error', () =>
        eventsNamed(events, 'dir.list').some((l) => stateOf(l)?.state === 'error'),
      );
      expect(stateOf(eventsNamed(events, 'dir.list').at(-1))).toMatchObject({
        state: 'error',
        message: expect.stringMatching(
          /^cannot reconnect to 127\.0\.0\.1: 127\.0\.0\.1 refused the login.*stopped trying/,
        ),
      });
      expect(client.state).toBe('failed');
      const seen = failures;
      await sleep(1500);
      expect(failures).toBe(seen);
    } finally {
      fs.writeFileSync(keys, allowed);
      await backend.close();
    }
  });

  // Last: it stops this file's sshd from taking connections.
  test('a host that refuses connections while reconnecting is said each time, and retried', async () => {
    const d = sampleRuns();
    const client = new AgentClient(parseRemoteDir(`ssh://127.0.0.1:${sshd!.port}${d}`)!, {
      env: { ...process.env, ...sshd!.env },
      backoffMs: [100],
    });
    const failures: [string, boolean][] = [];
    client.on('failure', (why, retrying) => failures.push([why, retrying]));
    try {
      await client.connect();
      // Only the listener: its sessions, this one too, keep its stderr open, so stop() would wait for them.
      process.kill(Number(fs.readFileSync(path.join(sshd!.tmp, 'sshd.pid'), 'utf8')), 'SIGTERM');
      for (let i = 0; i < 100 && !(await refused(sshd!.port)); i++) await sleep(20);
      (client as any).child.kill('SIGKILL');
      await until('two failed retries', () => failures.length >= 2, 10_000);
      expect(failures[0]).toEqual([expect.stringMatching(/^127\.0\.0\.1 refused the connection on port \d+/), true]);
      expect(client.state).toBe('reconnecting');
    } finally {
      await client.close();
    }
  });
});
