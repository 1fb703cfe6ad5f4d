// The ssh command line: the user's own `ssh` from PATH (so ~/.ssh/config, keys, agents,
// ProxyJump and ControlMaster keep working), or RUNYARD_SSH_COMMAND split into words,
// as GIT_SSH_COMMAND is for Git. Nothing here accepts a host key or answers a prompt:
// ssh asks the user on the terminal (/dev/tty) and its stderr goes where ours goes.
import { splitCommand, TemplateError } from '../../shared/shell-words';
import { sshDestination, type RemoteDir } from '../../shared/remote-dir';
import { StoreError } from '../store/errors';

export interface SshCommand {
  file: string;
  args: string[];
}

/**
 * With `keepAlive`, ssh asks the server every 10 s and gives up after 3 unanswered asks:
 * a link that died without closing is then noticed in about 30 s, as the app's silence
 * watchdog does, instead of when TCP gives up hours later. Given on the command line,
 * it wins over ~/.ssh/config for this connection only.
 */
const KEEP_ALIVE = ['-o', 'ServerAliveInterval=10', '-o', 'ServerAliveCountMax=3'];

export function sshCommand(
  remote: RemoteDir,
  remoteCommand: string,
  env: NodeJS.ProcessEnv = process.env,
  keepAlive = false,
): SshCommand {
  const custom = env.RUNYARD_SSH_COMMAND?.trim();
  let words = ['ssh'];
  if (custom) {
    try {
      words = splitCommand(custom);
    } catch (e) {
      throw new StoreError(
        'invalid',
        `RUNYARD_SSH_COMMAND: ${(e as TemplateError).message.replace('the resume command', 'it')}`,
      );
    }
  }
  return {
    file: words[0]!,
    // -T: no terminal on the remote, so the channel carries bytes unchanged whatever ~/.ssh/config says about RequestTTY.
    args: [
      ...words.slice(1),
      ...(keepAlive ? KEEP_ALIVE : []),
      '-T',
      ...(remote.port ? ['-p', String(remote.port)] : []),
      sshDestination(remote),
      remoteCommand,
    ],
  };
}

/** ssh's own failures (cannot connect, host key refused, authentication) end with 255. */
export const SSH_FAILED = 255;
