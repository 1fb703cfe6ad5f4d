// Runs the reference Python RunManager (../shared/reference) against a runs directory.
// On a user's clone there is no ../shared; those tests skip and say why.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe } from 'vitest';

export const REFERENCE_DIR = path.resolve(__dirname, '../../../shared/reference');
export const hasReference = fs.existsSync(path.join(REFERENCE_DIR, 'run_manager.py'));
const SKIP_NOTE = `SKIPPED: the reference module is not at ${REFERENCE_DIR} (only developer and CI machines have ../shared)`;

/** describe() when the reference module is there; otherwise a visible skip. */
export const describeWithReference: typeof describe = hasReference
  ? describe
  : (((name: string, fn: () => void) => {
      process.stderr.write(`${SKIP_NOTE}: ${name}\n`);
      return describe.skip(`${name} [${SKIP_NOTE}]`, fn);
    }) as typeof describe);

/**
 * Runs Python with `rm = RunManager(runs_dir)` in scope; whatever the script assigns
 * to `out` comes back as JSON.
 */
export function py(runsDir: string, script: string, env: NodeJS.ProcessEnv = {}): unknown {
  const prelude = [
    'import json, sys, logging',
    `sys.path.insert(0, ${JSON.stringify(REFERENCE_DIR)})`,
    'from run_manager import RunManager',
    `rm = RunManager(${JSON.stringify(runsDir)})`,
    'out = None',
  ].join('\n');
  const text = execFileSync('python3', ['-c', `${prelude}\n${script}\nprint(json.dumps(out))`], {
    encoding: 'utf8',
    cwd: path.dirname(runsDir),
    env: { ...process.env, ...env },
  });
  return JSON.parse(text.trim().split('\n').pop()!);
}
