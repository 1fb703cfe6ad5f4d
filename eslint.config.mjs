// The layering rules live here so that a wrong import fails `npm test`, not a code review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'net',
  'http',
  'https',
  'url',
  'util',
  'stream',
  'events',
  'worker_threads',
];
const pattern = (group, message) => ({ group, message });

// electron/'s own layers (ARCHITECTURE.md), matched on relative import paths: `../store/x`
// from a sibling layer, `../../store/x` from a folder inside one. `shared/api` is not `api`.
const layer = (names, message) => ({ regex: `^(\\.\\./)+(electron/)?(${names.join('|')})(/|$)`, message });
// Electron itself: only in electron/main/ (the desktop shell); the CLI and serve run on plain Node.
const electronPackage = {
  paths: [
    {
      name: 'electron',
      message: 'Only electron/main/ imports Electron: the CLI, serve and the backend run on plain Node.',
    },
  ],
  pattern: {
    regex: '^electron/',
    message: 'Only electron/main/ imports Electron: the CLI, serve and the backend run on plain Node.',
  },
};
const electronRules = (...patterns) => ({
  'no-restricted-imports': [
    'error',
    { paths: electronPackage.paths, patterns: [electronPackage.pattern, ...patterns] },
  ],
});
const STORE_VIA_OPS =
  'CLI commands and API handlers reach the store only through electron/ops/ (add or re-export what you need there).';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', '.vitest/**', 'bench/.data/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests poke at parsed JSON output; typing every shape there buys nothing.
    files: ['test/**/*.ts', 'test/**/*.tsx', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(nodeBuiltins, 'shared/ is pure: no Node built-ins.'),
            pattern(
              ['electron', 'electron/*', 'react', 'react/*', 'react-dom', 'react-dom/*'],
              'shared/ is pure: no Electron or React.',
            ),
            pattern(['**/electron/**', '**/renderer/**'], 'shared/ must not reach into electron/ or renderer/.'),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(nodeBuiltins, 'renderer/ runs in a browser: no Node built-ins.'),
            pattern(['electron', 'electron/*'], 'renderer/ talks to main only through the typed client.'),
            pattern(['**/electron/**'], 'renderer/ must not import main-process code.'),
          ],
        },
      ],
    },
  },
  // The inner layers of electron/ (later blocks replace the rule for their files, so each repeats the Electron rule).
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**'],
    rules: electronRules(),
  },
  {
    files: ['electron/store/**/*.ts'],
    rules: electronRules(
      layer(
        ['api', 'cli', 'server', 'live', 'ops', 'main'],
        'electron/store/ is the lowest layer of electron/: it imports only shared/ and itself.',
      ),
    ),
  },
  {
    files: ['electron/live/**/*.ts'],
    rules: electronRules(
      layer(['api', 'cli', 'server', 'ops', 'main'], 'electron/live/ imports only shared/, store/ and itself.'),
    ),
  },
  {
    files: ['electron/ops/**/*.ts'],
    rules: electronRules(
      layer(
        ['api', 'cli', 'server', 'main'],
        "electron/ops/ returns the contract's models; formatting belongs to cli/, transport to api/ and server/.",
      ),
    ),
  },
  {
    files: ['electron/api/**/*.ts'],
    rules: electronRules(
      layer(['cli'], 'electron/api/ must not import the CLI: the CLI builds on the API, not the other way round.'),
    ),
  },
  {
    files: ['electron/api/handlers/**/*.ts'],
    rules: electronRules(
      layer(['cli'], 'electron/api/ must not import the CLI: the CLI builds on the API, not the other way round.'),
      layer(['store'], STORE_VIA_OPS),
    ),
  },
  {
    files: ['electron/cli/commands/**/*.ts', 'electron/cli/context.ts'],
    rules: electronRules(layer(['store'], STORE_VIA_OPS)),
  },
);
