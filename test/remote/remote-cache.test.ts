// The agent cache on the remote is not trusted by name: a file planted there, a copy cut
// short, a cache folder others can write, and a disk that refuses the copy, each through a
// real OpenSSH server on loopback. The user still gets the real answer; what was planted
// never runs. Skips, saying why, when sshd cannot be started.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { AgentClient } from '../../electron/remote/agent-client';
import { LOADER } from '../../electron/remote/agent-loader';
import { loadBundle, remoteCommand } from '../../electron/remote/bootstrap';
import { parseRemoteDir } from '../../shared/remote-dir';
import { inProcess } from '../helpers/api';
import { runCli, runCliAsync } from '../helpers/cli';
import { sampleRuns, tempDir } from '../helpers/dirs';
import { useSshd } from '../helpers/use-sshd';

const { sshd, describeSsh } = await useSshd('remote-cache tests');

const bundle = loadBundle();
const cacheDir = () => path.join(sshd!.remoteHome, '.cache', 'runyard');
const agentFile = () => path.join(cacheDir(), `agent-${bundle.key}.cjs`);
const at = (dir: string) => `ssh://127.0.0.1:${sshd!.port}${dir}`;
const remote = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCliAsync(args, { RUNYARD_DIR: '', ...sshd!.env, ...env });
const localList = (dir: string) => JSON.parse(runCli(['--dir', dir, 'list', '--json']).stdout) as unknown[];
/** An agent that would leave a mark if it ran; its name is the real one, its bytes are not. */
const planted = (marker: string) => `require("fs").writeFileSync(${JSON.stringify(marker)}, "ran");\n`;

describeSsh('the agent cache on the remote', () => {
  let dir: string;
  beforeEach(() => {
    fs.rmSync(cacheDir(), { recursive: true, force: true });
    dir = sampleRuns();
  });

  test('a planted file with the agent name does not run: the real agent is sent, replaces it, and answers', async () => {
    const marker = path.join(tempDir(), 'planted-agent-ran');
    fs.mkdirSync(cacheDir(), { recursive: true, mode: 0o700 });
    fs.writeFileSync(agentFile(), planted(marker));
    const r = await remote(['--dir', at(dir), 'list', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(localList(dir));
    expect(r.stderr).toMatch(/copying the Runyard agent/);
    expect(fs.existsSync(marker)).toBe(false);
    expect(fs.readFileSync(agentFile()).equals(bundle.bytes)).toBe(true);
    // The same length as the real agent, so only the checksum can tell.
    const padded = Buffer.alloc(bundle.bytes.length, ' ');
    padded.write(planted(marker));
    fs.writeFileSync(agentFile(), padded);
    const again = await remote(['--dir', at(dir), 'list', '--json']);
    expect([again.code, fs.existsSync(marker)]).toEqual([0, false]);
    expect(JSON.parse(again.stdout)).toEqual(localList(dir));
    expect(fs.readFileSync(agentFile()).equals(bundle.bytes)).toBe(true);
  });

  test('a copy cut short is replaced when the desktop connects, and a fifo in its place does not hang it', async () => {
    fs.mkdirSync(cacheDir(), { recursive: true, mode: 0o700 });
    fs.writeFileSync(agentFile(), bundle.bytes.subarray(0, 1000));
    const client = new AgentClient(parseRemoteDir(at(dir))!, { env: { ...process.env, ...sshd!.env } });
    const said: string[] = [];
    client.on('stderr', (l) => said.push(l));
    try {
      const snap = await client.connect();
      expect(snap.runs).toHaveLength(localList(dir).length);
      expect(said.join('\n')).toMatch(/copying the Runyard agent to 127\.0\.0\.1/);
    } finally {
      await client.close();
    }
    expect(fs.readFileSync(agentFile()).equals(bundle.bytes)).toBe(true);

    fs.rmSync(agentFile());
    execFileSync('mkfifo', [agentFile()]);
    const r = await remote(['--dir', at(dir), 'list', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(localList(dir));
  });

  test('a cache folder other users can write is made private first; one of another user is not used at all', async () => {
    const marker = path.join(tempDir(), 'planted-agent-ran');
    fs.mkdirSync(cacheDir(), { recursive: true });
    fs.chmodSync(cacheDir(), 0o777);
    fs.writeFileSync(agentFile(), planted(marker));
    const r = await remote(['--dir', at(dir), 'list', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(localList(dir));
    expect(r.stderr).toContain(`runyard: made ${cacheDir()} private: other users could write in it (mode 777)\n`);
    expect(fs.statSync(cacheDir()).mode & 0o777).toBe(0o700);
    expect(fs.existsSync(marker)).toBe(false);
    expect(fs.readFileSync(agentFile()).equals(bundle.bytes)).toBe(true);
    const again = await remote(['--dir', at(dir), 'list', '--json']);
    expect([again.code, again.stderr]).toEqual([0, '']);

    if (process.getuid?.() === 0) {
      fs.writeFileSync(agentFile(), planted(marker));
      fs.chownSync(cacheDir(), 65534, 65534);
      const theirs = await remote(['--dir', at(dir), 'list', '--json']);
      expect(theirs.code).toBe(0);
      expect(JSON.parse(theirs.stdout)).toEqual(localList(dir));
      expect(theirs.stderr).toContain(
        `runyard: not keeping the agent in the cache: ${cacheDir()} belongs to another user (uid 65534); running it this once from memory, it will be sent again next time\n`,
      );
      expect(fs.existsSync(marker)).toBe(false);
      // Nothing was written into a folder someone else controls.
      expect(fs.readFileSync(agentFile(), 'utf8')).toBe(planted(marker));
      expect(fs.readdirSync(cacheDir()).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    }
  });

  test('a disk that refuses the copy (file size limit) still runs the command, with one warning naming the file', async () => {
    // Each write past the limit fails with EFBIG, as one past a quota fails with EDQUOT.
    const node = path.join(tempDir(), 'node-with-a-size-limit');
    fs.writeFileSync(node, `#!/bin/sh\nulimit -f 64\ntrap "" XFSZ\nexec ${process.execPath} "$@"\n`, { mode: 0o755 });
    const r = await remote(['--dir', at(dir), 'list', '--json'], { RUNYARD_REMOTE_NODE: node });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(localList(dir));
    const warnings = r.stderr.split('\n').filter((l) => l.includes('not keeping'));
    expect(warnings).toEqual([
      `runyard: not keeping the agent in the cache: cannot write ${agentFile()} (over the file size limit); running it this once from memory, it will be sent again next time`,
    ]);
    // No half-written copy is left behind, and the folder it made is the user's alone.
    expect(fs.readdirSync(cacheDir()).filter((f) => f.startsWith('agent-'))).toEqual([]);
    expect(fs.statSync(cacheDir()).mode & 0o777).toBe(0o700);
  });

  test('in the app, the same warning goes to the log, naming the folder', async () => {
    const node = path.join(tempDir(), 'node-with-a-size-limit');
    fs.writeFileSync(node, `#!/bin/sh\nulimit -f 64\ntrap "" XFSZ\nexec ${process.execPath} "$@"\n`, { mode: 0o755 });
    const logged: string[] = [];
    const { call, backend } = inProcess({ log: (line) => logged.push(line) });
    // The backend starts ssh with this process's environment, as the app does.
    const env: Record<string, string> = { ...sshd!.env, RUNYARD_REMOTE_NODE: node };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      const opened = await call('dir.open', { dir: at(dir) });
      expect(opened, JSON.stringify(opened) + logged.join('\n')).toMatchObject({ ok: true });
      expect(logged).toContain(
        `${at(dir)}: runyard: not keeping the agent in the cache: cannot write ${agentFile()} (over the file size limit); running it this once from memory, it will be sent again next time`,
      );
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await backend.close();
    }
  });
});

describe('the command line ssh hands to the remote shell', () => {
  test('needs no quote escaped and holds no ! or line break, so csh and fish read it as sh does', () => {
    const line = remoteCommand(bundle, { dir: '/runs', args: ['list'] }, 'auto', {});
    expect(line).toContain(LOADER);
    expect(line).not.toContain(`'\\''`);
    expect(line).not.toMatch(/[!\n]/);
    // fish reads \\ inside '…' as one backslash.
    expect(line).not.toContain('\\\\');
  });
});
