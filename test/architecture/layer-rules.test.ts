// The layer rules of eslint.config.mjs, linted on code placed in each layer: a wrong import
// must fail `npm run lint` with the rule's own words, and a right one must pass.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** The no-restricted-imports messages for `code` as if it were the file `file`. */
async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const use = (spec: string) => `import * as x from '${spec}';\nexport const y = x;\n`;

describe('electron/ layer rules', () => {
  test.each([
    ['electron/store/new.ts', '../api/backend', /store\/ is the lowest layer/],
    ['electron/store/new.ts', '../live/live-index', /store\/ is the lowest layer/],
    ['electron/store/new.ts', '../ops/runs', /store\/ is the lowest layer/],
    ['electron/live/new.ts', '../ops/runs', /live\/ imports only shared\/, store\//],
    ['electron/live/new.ts', '../server/http-server', /live\/ imports only/],
    ['electron/ops/new.ts', '../api/run-files', /ops\/ returns the contract's models/],
    ['electron/ops/new.ts', '../cli/output', /ops\/ returns the contract's models/],
    ['electron/api/new.ts', '../cli/context', /must not import the CLI/],
    ['electron/api/handlers/new.ts', '../../store/run-store', /reach the store only through electron\/ops\//],
    ['electron/api/handlers/new.ts', '../../cli/output', /must not import the CLI/],
    ['electron/cli/commands/new.ts', '../../store/errors', /reach the store only through electron\/ops\//],
    ['electron/cli/context.ts', '../store/run-store', /reach the store only through electron\/ops\//],
    ['electron/api/backend.ts', 'electron', /Only electron\/main\/ imports Electron/],
    ['electron/cli/new.ts', 'electron', /Only electron\/main\/ imports Electron/],
    ['electron/store/new.ts', 'electron/main', /Only electron\/main\/ imports Electron/],
  ])('%s may not import %s', async (file, spec, message) => {
    const got = await restrictedImports(file, use(spec));
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(message);
  });

  test.each([
    ['electron/main/new.ts', 'electron'],
    ['electron/store/new.ts', '../../shared/api/models'],
    ['electron/live/new.ts', '../store/scan'],
    ['electron/ops/new.ts', '../store/run-store'],
    ['electron/api/handlers/new.ts', '../../ops/runs'],
    ['electron/api/new.ts', '../store/errors'],
    ['electron/cli/commands/new.ts', '../../ops/folder'],
    ['electron/cli/main.ts', '../store/errors'],
  ])('%s may import %s', async (file, spec) => {
    expect(await restrictedImports(file, use(spec))).toEqual([]);
  });
});
