// A real OpenSSH server on loopback for the remote-folder tests: its own host key,
// authorized_keys and client key in a temporary folder, never the user's ~/.ssh. The
// client gets them through RUNYARD_SSH_COMMAND, with the host key written into its
// known_hosts beforehand and StrictHostKeyChecking=yes, so nothing is accepted blindly.
// A second port gives sessions a PATH without node, for the "no usable node" message.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const SSHD = '/usr/sbin/sshd';

export interface Sshd {
  port: number;
  /** Sessions on this port have a PATH with sh but no node. */
  noNodePort: number;
  /** The remote side's HOME: its cache (.cache/runyard) is where the agent is copied. */
  remoteHome: string;
  tmp: string;
  /** Environment for the runyard CLI and the agent client. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 5000;
  return new Promise((resolve, reject) => {
    const tryOnce = () => {
      if (child.exitCode !== null) return reject(new Error(`sshd exited: ${log()}`));
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        if (Date.now() > deadline) reject(new Error(`sshd did not listen: ${log()}`));
        else setTimeout(tryOnce, 50);
      });
    };
    tryOnce();
  });
}

/** Starts sshd, or says why it cannot (the tests then skip, saying so). */
export async function startSshd(): Promise<Sshd | string> {
  if (!fs.existsSync(SSHD)) return `${SSHD} is not installed (apt-get install openssh-server)`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'runyard-sshd-'));
  const key = (name: string) =>
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'runyard-test', '-f', path.join(tmp, name)]);
  try {
    key('host_key');
    key('client_key');
  } catch (e) {
    return `ssh-keygen failed: ${(e as Error).message}`;
  }
  fs.copyFileSync(path.join(tmp, 'client_key.pub'), path.join(tmp, 'authorized_keys'));
  const [port, noNodePort] = [await freePort(), await freePort()];
  const remoteHome = path.join(tmp, 'remote-home');
  fs.mkdirSync(remoteHome);
  // sh and uname, but no node: what a cluster without Node.js looks like to the agent's script.
  const bare = path.join(tmp, 'bin-without-node');
  fs.mkdirSync(bare);
  for (const tool of ['sh', 'uname'])
    fs.symlinkSync(
      execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(),
      path.join(bare, tool),
    );
  const home = `HOME=${remoteHome} XDG_CACHE_HOME=${remoteHome}/.cache XDG_CONFIG_HOME=${remoteHome}/.config`;
  fs.writeFileSync(
    path.join(tmp, 'sshd_config'),
    [
      `Port ${port}`,
      `Port ${noNodePort}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${tmp}/host_key`,
      `AuthorizedKeysFile ${tmp}/authorized_keys`,
      `PidFile ${tmp}/sshd.pid`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      'LogLevel ERROR',
      `SetEnv ${home}`,
      `Match LocalPort ${noNodePort}`,
      `  SetEnv ${home} PATH=${bare}`,
      '',
    ].join('\n'),
  );
  // Root's sshd wants its privilege separation folder, which only the service normally makes.
  if (process.getuid?.() === 0) fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  let log = '';
  const child = spawn(SSHD, ['-D', '-e', '-f', path.join(tmp, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (d) => (log += d));
  try {
    await waitForPort(port, child, () => log);
    await waitForPort(noNodePort, child, () => log);
  } catch (e) {
    child.kill();
    fs.rmSync(tmp, { recursive: true, force: true });
    return `sshd could not be started: ${(e as Error).message.trim()}`;
  }
  const hostKey = fs.readFileSync(path.join(tmp, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
  fs.writeFileSync(
    path.join(tmp, 'known_hosts'),
    [port, noNodePort].map((p) => `[127.0.0.1]:${p} ${hostKey}\n`).join(''),
  );
  const ssh = `ssh -F /dev/null -i ${tmp}/client_key -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile=${tmp}/known_hosts -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o LogLevel=ERROR`;
  return {
    port,
    noNodePort,
    remoteHome,
    tmp,
    env: { RUNYARD_SSH_COMMAND: ssh },
    stop: async () => {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('close', r));
        child.kill();
        await gone;
      }
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * A second client key, locked with `passphrase` and let in by the server, and the ssh command that
 * uses it without BatchMode, so ssh asks for the passphrase (through SSH_ASKPASS when one is set).
 */
export function lockedKeySsh(sshd: Sshd, passphrase: string): string {
  const key = path.join(sshd.tmp, `locked_key_${Math.random().toString(36).slice(2, 8)}`);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'runyard-locked', '-f', key]);
  fs.appendFileSync(path.join(sshd.tmp, 'authorized_keys'), fs.readFileSync(`${key}.pub`));
  return `ssh -F /dev/null -i ${key} -o IdentitiesOnly=yes -o NumberOfPasswordPrompts=2 -o UserKnownHostsFile=${sshd.tmp}/known_hosts -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o LogLevel=ERROR`;
}

/**
 * The agents this server's sessions run, each with its parent: the session process that
 * holds the connection (kill that to drop the connection as a network would).
 */
export function agentProcesses(sshd: Sshd): { pid: number; session: number }[] {
  const cache = path.join(sshd.remoteHome, '.cache', 'runyard', 'agent-');
  return (
    execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      // The agent runs as `node -e LOADER -- FILE …` (agent-loader.ts): the only process naming the cached file.
      .filter((w) => /(^|\/)node$/.test(w[2] ?? '') && w[3] === '-e' && w.some((x) => x.startsWith(cache)))
      .map((w) => ({ pid: Number(w[0]), session: Number(w[1]) }))
  );
}
