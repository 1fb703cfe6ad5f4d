// A remote that does not speak Runyard's protocol, or speaks it to harm: RUNYARD_SSH_COMMAND
// points at a fake "ssh" (a real child process) that ignores the host and writes junk, a
// line with no end, or answers of the wrong shape. The workstation says what is wrong,
// naming the folder, and neither hangs, nor grows without bound, nor passes the junk on.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { RemoteFolder } from '../../electron/api/remote-folder';
import { AgentClient } from '../../electron/remote/agent-client';
import { AGENT_OUTPUT_MARK } from '../../electron/remote/agent-output';
import { parseRemoteDir } from '../../shared/remote-dir';
import { tempDir } from '../helpers/dirs';
import { until } from '../helpers/poll';

// It speaks after the mark the real script prints, as an agent would (agent-output.ts).
const FAKE = `
const scenario = process.argv[2];
process.stdout.write('${AGENT_OUTPUT_MARK}\\n');
process.stderr.write('runyard-agent-ready\\n');
const out = (m) => process.stdout.write((typeof m === 'string' ? m : JSON.stringify(m)) + '\\n');
const run = (id) => ({ run_id: id, status: 'completed', description: '', tags: [] });
const snap = { dir: '/srv/runs', runs: [run('r1')], entries: [], problems: [], scanning: false, watchMode: 'poll' };
const delta = (added) => ({ type: 'event', event: 'runs.delta', payload: { added, changed: [], removed: [], problems: [] } });
const answer = (req) => {
  if (scenario === 'junk') {
    out('Welcome to the cluster \\u001b]0;pwned\\u0007');
    for (const m of ['42', 'null', '[1,2]', '"text"']) out(m);
    out({ type: 'event', event: 'no.such.event', payload: {} });
    out({ type: 'response', id: 999, result: { ok: true, value: 1 } });
    out({ type: 'response', id: req.id, result: { ok: true, value: { dir: '/srv/runs', runs: 'lots' } } });
  } else if (scenario === 'failed') {
    out({ type: 'response', id: req.id, result: { ok: false, error: { code: 'not-found', message: 'the runs folder /srv/runs does not exist' } } });
  } else if (scenario === 'huge') {
    const chunk = 'x'.repeat(1 << 20);
    let n = 0;
    const pump = () => {
      while (n++ < 300) if (!process.stdout.write(chunk)) return process.stdout.once('drain', pump);
    };
    pump();
  } else if (scenario === 'big' && req.method === 'runs.snapshot') {
    // A large folder, arriving in odd pieces, with an event glued to the end of the answer.
    const runs = Array.from({ length: 20000 }, (_, i) => run('run-' + i));
    const reply = { type: 'response', id: req.id, result: { ok: true, value: { ...snap, runs } } };
    const text = JSON.stringify(reply) + '\\n' + JSON.stringify(delta([run('late')])) + '\\n';
    let at = 0;
    const next = () => {
      if (at >= text.length) return;
      process.stdout.write(text.slice(at, (at += 997)));
      setImmediate(next);
    };
    next();
  } else if (req.method === 'runs.snapshot') {
    const later = scenario === 'bad-snapshot-later' && snapshots++ > 0;
    const value = later ? { ...snap, runs: [{ run_id: 7 }] } : snap;
    out({ type: 'response', id: req.id, result: { ok: true, value } });
  } else if (req.method === 'app.info') {
    out({ type: 'event', event: 'runs.delta', payload: { added: 5, changed: 'x' } });
    out({ type: 'event', event: 'log.data', payload: null });
    out(delta([{ ...run('r3'), created_at: { toString: 1 } }]));
    out({ type: 'event', event: 'prune.progress', payload: { operation: {}, done: 1, total: 2, run_id: null } });
    out(delta([run('r2')]));
    out({ type: 'response', id: req.id, result: { ok: 'yes' } });
  } else {
    out({ type: 'response', id: req.id, result: { ok: false, error: { code: 'made-up', message: 'x' } } });
  }
};
let buf = '';
let snapshots = 0;
process.stdin.setEncoding('utf8');
process.stdin.on('data', (c) => {
  buf += c;
  let nl;
  while ((nl = buf.indexOf('\\n')) >= 0) {
    const line = buf.slice(0, nl);
    buf = buf.slice(nl + 1);
    answer(JSON.parse(line));
  }
});
`;

const where = parseRemoteDir('ssh://cluster.example.org/srv/runs')!;

function fakeSshEnv(scenario: string): NodeJS.ProcessEnv {
  const file = path.join(tempDir('runyard-fake-ssh-'), 'fake-ssh.cjs');
  fs.writeFileSync(file, FAKE);
  return { ...process.env, RUNYARD_SSH_COMMAND: `${process.execPath} ${file} ${scenario}` };
}

function fakeAgent(scenario: string) {
  const client = new AgentClient(where, { env: fakeSshEnv(scenario), backoffMs: [60_000] });
  const said: string[] = [];
  client.on('stderr', (l) => said.push(l));
  return { client, said };
}

describe('an agent that does not speak the protocol', () => {
  test('junk on stdout is reported and dropped, and a first answer that is not a runs folder fails the connection naming it', async () => {
    const { client, said } = fakeAgent('junk');
    try {
      await expect(client.connect()).rejects.toThrow(
        'runyard: the agent on ssh://cluster.example.org/srv/runs did not send its runs folder: its runs are not a list of runs',
      );
    } finally {
      await client.close();
    }
    const ignored = said.filter((l) => l.startsWith('runyard: ignored a message from the agent on ssh://cluster'));
    expect(ignored).toHaveLength(5);
    expect(ignored[0]).toContain('a line that is not JSON: Welcome to the cluster \\u001b]0;pwned\\u0007');
    expect(ignored[1]).toContain('a message that is a number');
    expect(ignored[4]).toMatch(/a message that is a string \(further ones are not reported\)$/);
    // The escape sequence the remote sent reaches no one raw.
    expect(said.join('\n')).not.toContain('\u001b');
  });

  test('a first answer that is an error fails the connection with it, instead of waiting forever', async () => {
    const { client } = fakeAgent('failed');
    try {
      await expect(client.connect()).rejects.toThrow('runyard: the runs folder /srv/runs does not exist');
    } finally {
      await client.close();
    }
  });

  test('a line that never ends is cut off at 256 MB and the connection ended, saying so', async () => {
    const { client } = fakeAgent('huge');
    const t0 = Date.now();
    try {
      await expect(client.connect()).rejects.toThrow(
        "runyard: ssh://cluster.example.org/srv/runs sent a line longer than 256 MB on the agent's connection, which Runyard's agent never does; the connection was ended",
      );
    } finally {
      await client.close();
    }
    expect(Date.now() - t0).toBeLessThan(20_000);
  }, 30_000);

  test('once connected, events and answers of the wrong shape are dropped: good ones still arrive, a call fails instead of hanging', async () => {
    const { client, said } = fakeAgent('bad-later');
    const deltas: unknown[] = [];
    client.on('event', (name, payload) => deltas.push([name, payload]));
    try {
      const snap = await client.connect();
      expect(snap.runs.map((r) => r.run_id)).toEqual(['r1']);
      const info = await client.call('app.info', {});
      expect(info).toEqual({
        ok: false,
        error: {
          code: 'io',
          message:
            'the agent on ssh://cluster.example.org/srv/runs sent an answer to request 2 that is not a result: its result is neither ok nor failed',
        },
      });
      // Only the good delta: a run with an object for a date would reach the table.
      await until('the good delta', () => deltas.length === 1);
      expect(deltas[0]).toEqual([
        'runs.delta',
        expect.objectContaining({ added: [expect.objectContaining({ run_id: 'r2' })] }),
      ]);
      expect(said).toEqual(
        expect.arrayContaining([
          expect.stringContaining('a runs.delta event whose payload is not one'),
          expect.stringContaining('a log.data event whose payload is not one'),
          expect.stringContaining('a prune.progress event whose payload is not one'),
        ]),
      );
      const made = await client.call('run.get', { run_id: 'r1' });
      expect(made).toMatchObject({
        ok: false,
        error: { code: 'io', message: expect.stringContaining('its error has no known code') },
      });
      expect(client.state).toBe('connected');
    } finally {
      await client.close();
    }
  });

  test('a later snapshot that is not one fails the request that asked for it, naming the folder', async () => {
    const id = 'ssh://cluster.example.org/srv/runs';
    const events = { broadcast: () => undefined, changed: () => undefined, log: () => undefined };
    const { folder, snapshot } = await RemoteFolder.open(
      id,
      where,
      { readOnly: false, env: fakeSshEnv('bad-snapshot-later') },
      events,
    );
    try {
      expect(snapshot.runs.map((r) => r.run_id)).toEqual(['r1']);
      await expect(folder.snapshot()).rejects.toThrow(
        `the agent on ${id} sent a runs folder snapshot that is not one: its runs are not a list of runs`,
      );
      expect(folder.runCount).toBe(1);
    } finally {
      await folder.close();
    }
  });

  test('a large folder arriving in small pieces is read whole, and the event after it too', async () => {
    const { client } = fakeAgent('big');
    const added: string[] = [];
    client.on(
      'event',
      (name, payload) => name === 'runs.delta' && added.push(...(payload as any).added.map((r: any) => r.run_id)),
    );
    try {
      const snap = await client.connect();
      expect(snap.runs).toHaveLength(20000);
      expect(snap.runs.at(-1)!.run_id).toBe('run-19999');
      await until('the event after the snapshot', () => added.includes('late'));
    } finally {
      await client.close();
    }
  });
});
