// The `runyard` executable: answers `list --json` itself (fast-path.ts), sends a command
// on a remote folder to its agent (dist/remote-cli.cjs, from ../../remote/forward-entry.ts),
// and loads the full CLI (dist/cli-main.cjs, built from ../main.ts) for everything else.
import { forwardedCommand } from '../../remote/cli-remote';
import { fastListJson } from './fast-path';
import { quietWarnings } from '../quiet-process';

// process.stdout is left alone: the fast path writes with fs.writeSync, and the full CLI quiets it itself.
quietWarnings();

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fullCli = (): void => void require('./cli-main.cjs');
const args = process.argv.slice(2);
if (!fastListJson(args)) {
  const target = forwardedCommand(args);
  if (target) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const remote = require('./remote-cli.cjs') as typeof import('../../remote/forward-entry');
    void remote.runForwarded(target, fullCli);
  } else fullCli();
}
