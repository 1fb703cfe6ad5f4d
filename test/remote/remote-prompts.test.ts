// ssh's questions with a real OpenSSH server on loopback and a client that has never seen
// its host key (an empty known_hosts, ssh's default StrictHostKeyChecking=ask): the
// desktop's askpass puts the question to the user, and only their yes lets the key in;
// the CLI with no terminal says what to do. And a remote `watch` stopped by a signal ends
// as the local one does. Skips, saying why, when sshd cannot be started.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { AgentClient, AgentStartError } from '../../electron/remote/agent-client';
import { startAskpassServer, type AskpassServer } from '../../electron/remote/askpass-server';
import { sshCommand } from '../../electron/remote/ssh-command';
import { parseRemoteDir } from '../../shared/remote-dir';
import type { SshQuestion } from '../../shared/ssh-prompt';
import { CLI, runCli } from '../helpers/cli';
import { sampleRuns, tempDir } from '../helpers/dirs';
import { until } from '../helpers/poll';
import { useSshd } from '../helpers/use-sshd';

const { sshd, describeSsh } = await useSshd('remote-prompts tests');
const servers: AskpassServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

const at = (dir: string) => `ssh://127.0.0.1:${sshd!.port}${dir}`;
/** The test server's client key, but no known host key and nothing that answers for the user. */
function strangerSsh(): { command: string; knownHosts: string } {
  const knownHosts = path.join(tempDir('runyard-known-'), 'known_hosts');
  fs.writeFileSync(knownHosts, '');
  const command = `ssh -F /dev/null -i ${sshd!.tmp}/client_key -o IdentitiesOnly=yes -o UserKnownHostsFile=${knownHosts} -o GlobalKnownHostsFile=/dev/null -o LogLevel=ERROR`;
  return { command, knownHosts };
}
/** The environment without anything of the user's that could answer ssh's questions. */
function quietEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, RUNYARD_DIR: '', ...extra };
  for (const k of ['SSH_ASKPASS', 'SSH_ASKPASS_REQUIRE', 'DISPLAY', 'SSH_AUTH_SOCK']) if (!(k in extra)) delete env[k];
  return env;
}

describe('the ssh command line', () => {
  test('never accepts a host key or turns prompts off by itself', () => {
    const cmd = sshCommand(parseRemoteDir('ssh://alice@cluster:2222/runs')!, 'true', {});
    expect(cmd.file).toBe('ssh');
    expect(cmd.args.join(' ')).not.toMatch(/StrictHostKeyChecking|accept-new|BatchMode|UserKnownHostsFile/i);
  });

  test('keeps a long command (watch) from hanging on a dead link, with options that come before the host', () => {
    const remote = parseRemoteDir('ssh://alice@cluster:2222/runs')!;
    const cmd = sshCommand(remote, 'true', {}, true);
    expect(cmd.args).toEqual([
      '-o',
      'ServerAliveInterval=10',
      '-o',
      'ServerAliveCountMax=3',
      '-T',
      '-p',
      '2222',
      'alice@cluster',
      'true',
    ]);
    expect(sshCommand(remote, 'true', {}).args.join(' ')).not.toContain('ServerAlive');
  });
});

describeSsh('host-key questions with a real sshd', () => {
  async function desktopClient(answer: 'yes' | 'no', shown: SshQuestion[]) {
    const askpass = await startAskpassServer(async (q) => {
      shown.push(q);
      return answer === 'yes' ? 'yes' : null;
    });
    servers.push(askpass);
    const ssh = strangerSsh();
    const dir = sampleRuns();
    const client = new AgentClient(parseRemoteDir(at(dir))!, {
      env: quietEnv({ RUNYARD_SSH_COMMAND: ssh.command, ...askpass.env }),
    });
    return { client, dir, knownHosts: ssh.knownHosts };
  }

  test('the user says yes: the runs are listed and the key is kept in known_hosts', async () => {
    const shown: SshQuestion[] = [];
    const { client, dir, knownHosts } = await desktopClient('yes', shown);
    try {
      const snap = await client.connect();
      const local = JSON.parse(runCli(['--dir', dir, 'list', '--json']).stdout) as unknown[];
      expect(snap.runs).toHaveLength(local.length);
    } finally {
      await client.close();
    }
    const hostKey = fs.readFileSync(path.join(sshd!.tmp, 'host_key.pub'), 'utf8').split(' ')[1]!;
    expect(fs.readFileSync(knownHosts, 'utf8')).toContain(hostKey);
    // Asked once: the second ssh (copying the agent) found the key already kept.
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ kind: 'host-key', host: `[127.0.0.1]:${sshd!.port}` });
    expect(shown[0]!.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  test('the user says no: nothing connects, the message names the host, and known_hosts stays empty', async () => {
    const shown: SshQuestion[] = [];
    const { client, knownHosts } = await desktopClient('no', shown);
    const err = await client.connect().then(
      () => null,
      (e: unknown) => e,
    );
    await client.close();
    expect(err).toBeInstanceOf(AgentStartError);
    expect((err as Error).message).toMatch(
      new RegExp(
        `^127\\.0\\.0\\.1's host key is not known and was not accepted.*\`ssh -p ${sshd!.port} 127\\.0\\.0\\.1\``,
      ),
    );
    expect(shown.map((q) => q.kind)).toEqual(['host-key']);
    expect(fs.readFileSync(knownHosts, 'utf8')).toBe('');
  });

  test('the CLI with no terminal to ask on fails with what to do, accepting nothing', async () => {
    const ssh = strangerSsh();
    // detached: a new session, so ssh has no /dev/tty, as under cron or a batch job.
    const child = spawn(process.execPath, [CLI, '--dir', at(sampleRuns()), 'list'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: quietEnv({ RUNYARD_SSH_COMMAND: ssh.command }),
    });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(255);
    expect(stderr).toMatch(/Host key verification failed/);
    expect(stderr).toContain(`runyard: could not reach ssh://127.0.0.1:${sshd!.port}`);
    expect(stderr).toContain(`run \`ssh -p ${sshd!.port} 127.0.0.1\` once in a terminal to check its fingerprint`);
    expect(fs.readFileSync(ssh.knownHosts, 'utf8')).toBe('');
  });
});

describeSsh('a remote watch stopped by a signal', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    test(`${signal} ends it with 0, as the local watch, and without an ssh error`, async () => {
      const d = sampleRuns();
      const child = spawn(process.execPath, [CLI, '--dir', at(d), 'watch', '--json'], {
        env: { ...process.env, RUNYARD_DIR: '', ...sshd!.env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b) => (stdout += b));
      child.stderr.on('data', (b) => (stderr += b));
      const exited = new Promise<[number | null, string | null]>((r) => child.on('close', (c, s) => r([c, s])));
      await until('the ready line', () => stdout.includes('"event":"ready"'), 20_000);
      child.kill(signal);
      expect(await exited).toEqual([0, null]);
      expect(stderr.replace(/^runyard: copying the Runyard agent.*\n/, '')).toBe('');

      const local = spawn(process.execPath, [CLI, '--dir', d, 'watch', '--json'], {
        env: { ...process.env, RUNYARD_DIR: '' },
      });
      let ready = '';
      local.stdout.on('data', (b) => (ready += b));
      const localExit = new Promise<[number | null, string | null]>((r) => local.on('close', (c, s) => r([c, s])));
      await until('the local ready line', () => ready.includes('"event":"ready"'));
      local.kill(signal);
      expect(await localExit).toEqual([0, null]);
    });
});
