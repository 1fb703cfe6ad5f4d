// ssh's failures put in the user's terms: which host, what did not happen, and the one
// thing to do about it. ssh says "Host key verification failed." both when the user
// answered no and when there was no terminal (or dialog) to ask on; either way nothing
// was accepted, and running ssh once by hand is how the key gets checked and kept.
import fs from 'node:fs';
import { sshDestination, type RemoteDir } from '../../shared/remote-dir';

/**
 * One line of ssh's stderr as text for a message: ssh ends its lines with CR LF (it may
 * be talking to a raw terminal), and a CR or other control character left in would show.
 */
export function sshLine(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/[\x00-\x1f\x7f]+$/, '');
}

/** The command that reaches the same host by hand. */
export function sshByHand(remote: RemoteDir): string {
  return `ssh ${remote.port ? `-p ${remote.port} ` : ''}${sshDestination(remote)}`;
}

/**
 * scp's rule reads `exp:1` as host `exp`, folder `1`, as Git and scp do. When a local folder
 * has that very name, the user most likely meant it; say how to write it as a local folder.
 */
function localTwin(remote: RemoteDir, cwd: string): string {
  if (remote.form !== 'scp' || remote.port) return '';
  const who = remote.user ? `${remote.user}@` : '';
  const host = remote.host.includes(':') ? `[${remote.host}]` : remote.host;
  const written = [`${who}${host}:${remote.path}`, `${who}${host}:~/${remote.path}`];
  const found = written.find((name) => {
    try {
      return fs.statSync(`${cwd}/${name}`).isDirectory();
    } catch {
      return false;
    }
  });
  return found ? `. There is a local folder named ${found} here: write ./${found} to open it instead` : '';
}

/** A failure ssh reports, how Runyard words it, and whether the next attempt would meet it again. */
interface SshFailure {
  pattern: RegExp;
  /** The login or the host key was refused: retrying only asks the user once more. */
  lasting: boolean;
  explain(remote: RemoteDir, found: string, cwd: string): string;
}

const FAILURES: SshFailure[] = [
  {
    pattern: /REMOTE HOST IDENTIFICATION HAS CHANGED/i,
    lasting: true,
    explain: (r) =>
      `the host key of ${r.host} has changed since it was accepted, so Runyard did not connect; if the change is expected (ask its administrators), remove the old key with \`ssh-keygen -R ${r.host}\` and run \`${sshByHand(r)}\` once to accept the new one`,
  },
  {
    pattern: /Host key verification failed/i,
    lasting: true,
    explain: (r) =>
      `${r.host}'s host key is not known and was not accepted, so Runyard did not connect; run \`${sshByHand(r)}\` once in a terminal to check its fingerprint and accept it`,
  },
  {
    pattern: /Permission denied \([^)]*\)?/i,
    lasting: true,
    explain: (r, found) =>
      `${r.host} refused the login (${found}): no password or key passphrase was given, or it was not accepted. Try again, or set up a key for it (ssh-keygen, then \`ssh-copy-id ${sshDestination(r)}\`) and keep it in ssh-agent (ssh-add) so nothing has to be typed`,
  },
  {
    pattern: /Could not resolve hostname/i,
    lasting: false,
    explain: (r, _found, cwd) =>
      `ssh knows no host named ${r.host}: check the name, or give it a Host entry in ~/.ssh/config${localTwin(r, cwd)}`,
  },
  {
    pattern: /Connection refused/i,
    lasting: false,
    explain: (r) =>
      `${r.host} refused the connection on port ${r.port ?? 22}: nothing there takes ssh on that port (check the host and port, or the Host entry in ~/.ssh/config)`,
  },
  {
    pattern: /timed out|No route to host|Network is unreachable/i,
    lasting: false,
    explain: (r, found) =>
      `${r.host} could not be reached on port ${r.port ?? 22} (${found}): check the network, VPN or the ProxyJump in ~/.ssh/config, then try \`${sshByHand(r)}\``,
  },
];

/** The first failure of the list that ssh's stderr shows (the lasting ones come first), and the words that showed it. */
function failureIn(stderr: readonly string[]): { failure: SshFailure; found: string } | null {
  const said = stderr.join('\n');
  for (const failure of FAILURES) {
    const m = failure.pattern.exec(said);
    if (m) return { failure, found: m[0] };
  }
  return null;
}

/** Runyard's explanation of ssh's stderr, or null when ssh's own words say it best. */
export function explainSshFailure(remote: RemoteDir, stderr: readonly string[], cwd = process.cwd()): string | null {
  const hit = failureIn(stderr);
  return hit ? hit.failure.explain(remote, hit.found, cwd) : null;
}

/** Refusals that the next attempt meets again (the login, the host key): retrying only asks the user once more. */
export function sshRefusedForGood(stderr: readonly string[]): boolean {
  return failureIn(stderr)?.failure.lasting ?? false;
}
