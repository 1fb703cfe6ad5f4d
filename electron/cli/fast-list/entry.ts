// The `runyard` executable: answers `list --json` itself (fast-path.ts) and loads the
// full CLI (dist/cli-main.cjs, built from ../main.ts) for everything else.
import { fastListJson } from './fast-path';
import { installQuietProcess } from '../quiet-process';

installQuietProcess();

// eslint-disable-next-line @typescript-eslint/no-require-imports
if (!fastListJson(process.argv.slice(2))) require('./cli-main.cjs');
