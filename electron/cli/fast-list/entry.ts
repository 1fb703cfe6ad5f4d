// The `runyard` executable: answers `list --json` itself (fast-path.ts) and loads the
// full CLI (dist/cli-main.cjs, built from ../main.ts) for everything else.
import { fastListJson } from './fast-path';
import { quietWarnings } from '../quiet-process';

// process.stdout is left alone: the fast path writes with fs.writeSync, and the full CLI quiets it itself.
quietWarnings();

// eslint-disable-next-line @typescript-eslint/no-require-imports
if (!fastListJson(process.argv.slice(2))) require('./cli-main.cjs');
