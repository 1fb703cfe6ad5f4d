// ssh's failures put in the user's terms: which host, what did not happen, and the one
// thing to do about it. ssh says "Host key verification failed." both when the user
// answered no and when there was no terminal (or dialog) to ask on; either way nothing
// was accepted, and running ssh once by hand is how the key gets checked and kept.
import { sshDestination, type RemoteDir } from '../../shared/remote-dir';

/** The command that reaches the same host by hand. */
export function sshByHand(remote: RemoteDir): string {
  return `ssh ${remote.port ? `-p ${remote.port} ` : ''}${sshDestination(remote)}`;
}

/** Runyard's explanation of ssh's stderr, or null when ssh's own words say it best. */
export function explainSshFailure(remote: RemoteDir, stderr: readonly string[]): string | null {
  const said = stderr.join('\n');
  const byHand = sshByHand(remote);
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED/i.test(said))
    return `the host key of ${remote.host} has changed since it was accepted, so Runyard did not connect; if the change is expected (ask its administrators), remove the old key with \`ssh-keygen -R ${remote.host}\` and run \`${byHand}\` once to accept the new one`;
  if (/Host key verification failed/i.test(said))
    return `${remote.host}'s host key is not known and was not accepted, so Runyard did not connect; run \`${byHand}\` once in a terminal to check its fingerprint and accept it`;
  if (/Permission denied \(/i.test(said))
    return `${remote.host} refused the login (${/Permission denied \([^)]*\)/i.exec(said)![0]}): no password or key passphrase was given, or it was not accepted. Try again, or set up a key for it (ssh-keygen, then \`ssh-copy-id ${sshDestination(remote)}\`) and keep it in ssh-agent (ssh-add) so nothing has to be typed`;
  return null;
}
