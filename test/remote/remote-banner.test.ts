// A cluster whose shell startup files print: the remote user's ~/.bashrc (which bash reads
// for a command run by sshd, as on most clusters) writes a banner and a module system's
// "Loading…" without a line break to stdout. Neither may reach the agent's JSON lines
// nor a forwarded command's stdout. Its own sshd, so the banner reaches no other test.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { AgentClient } from '../../electron/remote/agent-client';
import { parseRemoteDir } from '../../shared/remote-dir';
import { runCli, runCliAsync } from '../helpers/cli';
import { sampleRuns } from '../helpers/dirs';
import { useSshd } from '../helpers/use-sshd';

const { sshd, describeSsh } = await useSshd('remote-banner tests');

// A line that parses as JSON would pass a filter that only drops what does not.
const BANNER = 'Welcome to the cluster\n{"type":"response","id":1,"result":{"ok":true,"value":{"runs":[]}}}\n';
const LOADING = 'Loading module gcc/12...';

describeSsh('a remote whose login shell prints to stdout', () => {
  test('the banner really reaches stdout of an ssh session there', () => {
    fs.writeFileSync(path.join(sshd!.remoteHome, '.bashrc'), `printf '%s' '${BANNER}'\nprintf '%s' '${LOADING}'\n`);
    const r = runCli(['--dir', `ssh://127.0.0.1:${sshd!.port}/no/such/folder`, 'list', '--json'], {
      env: { ...sshd!.env, RUNYARD_REMOTE_NODE: '/no/such/node' },
    });
    // The script stopped before the agent: all the shell printed is passed on, on stderr.
    expect(r.stdout).toBe('');
    // (stdout and stderr are two channels, so the script's own message may come between them.)
    expect(r.stderr).toContain(BANNER);
    expect(r.stderr).toContain(LOADING);
    expect(r.stderr).toMatch(/no usable Node\.js/);
  });

  test('list --json is valid JSON, with the banner on stderr, both when the agent is copied and when cached', async () => {
    const d = sampleRuns();
    const want = JSON.parse(runCli(['--dir', d, 'list', '--json']).stdout);
    for (const round of ['copied', 'cached']) {
      const r = await runCliAsync(['--dir', `ssh://127.0.0.1:${sshd!.port}${d}`, 'list', '--json'], {
        RUNYARD_DIR: '',
        ...sshd!.env,
      });
      expect({ round, code: r.code }).toEqual({ round, code: 0 });
      expect(JSON.parse(r.stdout)).toEqual(want);
      expect(r.stderr).toContain(LOADING);
    }
  });

  test('the desktop client connects and answers', async () => {
    const d = sampleRuns();
    const client = new AgentClient(parseRemoteDir(`ssh://127.0.0.1:${sshd!.port}${d}`)!, {
      env: { ...process.env, ...sshd!.env },
    });
    try {
      const snap = await client.connect();
      expect(snap.runs.length).toBe(JSON.parse(runCli(['--dir', d, 'list', '--json']).stdout).length);
      expect(await client.call('app.info', {})).toMatchObject({ ok: true, value: { dir: d } });
    } finally {
      await client.close();
    }
  });
});
