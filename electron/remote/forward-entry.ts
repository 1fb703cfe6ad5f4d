// dist/remote-cli.cjs: how the `runyard` executable (cli/fast-list/entry.ts) runs a
// command on a remote folder without loading the full CLI, whose start would cost every
// forwarded command as much again as the listing. Only a command that could not even
// start ssh (RUNYARD_SSH_COMMAND or RUNYARD_REMOTE_NODE written wrong) goes on to the
// full CLI, which meets the same error and words it as every other.
import type { RemoteCommand } from './cli-remote';
import { forwardCommand } from './forward';

export async function runForwarded(target: RemoteCommand, fullCli: () => void): Promise<void> {
  let code: number;
  try {
    code = await forwardCommand(target.remote, target.args, target.word);
  } catch {
    // forwardCommand throws only before its first ssh starts: nothing has run there.
    return fullCli();
  }
  process.exit(code);
}
