// OpenSSH's askpass as the desktop uses it: the real askpass program (dist/askpass.cjs)
// and the real server, asked by a fake "ssh" (RUNYARD_SSH_COMMAND) that puts a host-key
// question to $SSH_ASKPASS as OpenSSH does, then runs the agent here when told yes. The
// user's answer, and only theirs, decides whether the connection goes ahead.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { AgentClient, AgentStartError } from '../../electron/remote/agent-client';
import { startAskpassServer, type AskpassServer } from '../../electron/remote/askpass-server';
import { parseRemoteDir } from '../../shared/remote-dir';
import { classifyPrompt, type SshQuestion } from '../../shared/ssh-prompt';
import { runCli } from '../helpers/cli';
import { sampleRuns, tempDir } from '../helpers/dirs';

const FINGERPRINT = 'SHA256:v0JDOV8q9q8Cb0R34wCxTsj72FKHdot71omQaaZCoWM';
const hostKeyPrompt = (host: string) =>
  `The authenticity of host '${host} (192.0.2.7)' can't be established.\n` +
  `ED25519 key fingerprint is ${FINGERPRINT}.\n` +
  'This key is not known by any other names.\n' +
  'Are you sure you want to continue connecting (yes/no/[fingerprint])? ';

// The fake ssh: its last two words are the host and the remote command (ssh-command.ts).
const FAKE_SSH = `
const { spawnSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const args = process.argv.slice(2);
const host = args[args.length - 2], command = args[args.length - 1];
const prompt = ${JSON.stringify(hostKeyPrompt('HOST'))}.replace('HOST', host);
const asked = spawnSync(process.env.SSH_ASKPASS, [prompt], { encoding: 'utf8' });
fs.appendFileSync(process.env.FAKE_SSH_LOG, JSON.stringify({ status: asked.status, stdout: asked.stdout }) + '\\n');
if (asked.status !== 0 || asked.stdout !== 'yes\\n') {
  process.stderr.write('Host key verification failed.\\n');
  process.exit(255);
}
const child = spawn('sh', ['-c', command], { stdio: 'inherit', env: { ...process.env, XDG_CACHE_HOME: process.env.FAKE_REMOTE_CACHE } });
child.on('close', (code) => process.exit(code ?? 255));
`;

const servers: AskpassServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

beforeAll(() => {
  // Both programs come from the build; an old dist would test old code.
  execFileSync(process.execPath, [path.resolve(__dirname, '../../scripts/build.mjs'), 'cli']);
});

function fakeSsh(): { env: NodeJS.ProcessEnv; log: () => { status: number; stdout: string }[] } {
  const d = tempDir('runyard-fake-ssh-');
  fs.writeFileSync(path.join(d, 'ssh.cjs'), FAKE_SSH);
  const logFile = path.join(d, 'asked.jsonl');
  return {
    env: {
      ...process.env,
      RUNYARD_SSH_COMMAND: `${process.execPath} ${path.join(d, 'ssh.cjs')}`,
      FAKE_SSH_LOG: logFile,
      FAKE_REMOTE_CACHE: path.join(d, 'cache'),
    },
    log: () =>
      fs.existsSync(logFile)
        ? fs
            .readFileSync(logFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l))
        : [],
  };
}

async function server(answer: 'yes' | 'no', shown: SshQuestion[]): Promise<AskpassServer> {
  const s = await startAskpassServer(async (q) => {
    shown.push(q);
    return answer === 'yes' ? 'yes' : null;
  });
  servers.push(s);
  return s;
}

describe('askpass: ssh asks the user through the app', () => {
  test('"yes" from the user lets the connection go ahead; the question named the host and the fingerprint', async () => {
    const dir = sampleRuns();
    const shown: SshQuestion[] = [];
    const askpass = await server('yes', shown);
    const ssh = fakeSsh();
    const client = new AgentClient(parseRemoteDir(`cluster.example.org:${dir}`)!, {
      env: { ...ssh.env, ...askpass.env },
    });
    try {
      const snap = await client.connect();
      const local = JSON.parse(runCli(['--dir', dir, 'list', '--json']).stdout) as unknown[];
      expect(snap.runs).toHaveLength(local.length);
    } finally {
      await client.close();
    }
    expect(shown[0]).toMatchObject({ kind: 'host-key', host: 'cluster.example.org', fingerprint: FINGERPRINT });
    expect(shown[0]!.text).toContain(`ED25519 key fingerprint is ${FINGERPRINT}`);
    // ssh got the literal word it waits for.
    expect(ssh.log()[0]).toEqual({ status: 0, stdout: 'yes\n' });
  });

  test('"no" from the user reaches ssh, and the connection is refused with a message naming the host', async () => {
    const dir = sampleRuns();
    const shown: SshQuestion[] = [];
    const askpass = await server('no', shown);
    const ssh = fakeSsh();
    const client = new AgentClient(parseRemoteDir(`cluster.example.org:${dir}`)!, {
      env: { ...ssh.env, ...askpass.env },
    });
    const err = await client.connect().then(
      () => null,
      (e: unknown) => e,
    );
    await client.close();
    expect(err).toBeInstanceOf(AgentStartError);
    expect((err as Error).message).toBe(
      "cluster.example.org's host key is not known and was not accepted, so Runyard did not connect; run `ssh cluster.example.org` once in a terminal to check its fingerprint and accept it",
    );
    expect(shown).toHaveLength(1);
    expect(ssh.log()).toEqual([{ status: 1, stdout: '' }]);
  });

  test('a question without the token, or with a wrong one, is refused without asking the user', async () => {
    const shown: SshQuestion[] = [];
    const askpass = await server('yes', shown);
    expect(fs.statSync(askpass.dir).mode & 0o777).toBe(0o700);
    const ask = (line: string) =>
      new Promise<string>((resolve) => {
        const c = net.connect(askpass.env.RUNYARD_ASKPASS_SOCKET!);
        let got = '';
        c.on('data', (b) => (got += b));
        c.on('close', () => resolve(got));
        c.write(line);
      });
    const prompt = hostKeyPrompt('cluster');
    expect(JSON.parse(await ask(`${JSON.stringify({ token: 'guess', prompt })}\n`))).toMatchObject({ answer: null });
    expect(JSON.parse(await ask(`${JSON.stringify({ prompt })}\n`))).toMatchObject({ answer: null });
    expect(JSON.parse(await ask('not json\n'))).toMatchObject({ answer: null });
    expect(shown).toEqual([]);
    // The program itself, run by hand outside Runyard, answers no.
    const alone = spawnSync(askpass.env.SSH_ASKPASS!, [prompt], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect([alone.status, alone.stdout]).toEqual([1, '']);
    expect(alone.stderr).toMatch(/started without Runyard/);
  });

  test('prompts are sorted as ssh means them: host key, password, confirm and notice', () => {
    expect(classifyPrompt(hostKeyPrompt('[127.0.0.1]:2222'), undefined)).toMatchObject({
      kind: 'host-key',
      host: '[127.0.0.1]:2222',
    });
    expect(classifyPrompt("alice@login.cluster.org's password: ", undefined)).toMatchObject({
      kind: 'secret',
      host: 'login.cluster.org',
    });
    expect(classifyPrompt("Enter passphrase for key '/home/a/.ssh/id_ed25519': ", undefined).kind).toBe('secret');
    expect(classifyPrompt('Allow use of key?', 'confirm').kind).toBe('confirm');
    expect(classifyPrompt('Confirm user presence for key', 'none').kind).toBe('notice');
  });
});
