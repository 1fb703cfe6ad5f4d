// The layering rules live here so that a wrong import fails `npm test`, not a code review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'url', 'util', 'stream', 'events', 'worker_threads'];
const pattern = (group, message) => ({ group, message });

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
      'no-restricted-imports': ['error', { patterns: [
        pattern(nodeBuiltins, 'shared/ is pure: no Node built-ins.'),
        pattern(['electron', 'electron/*', 'react', 'react/*', 'react-dom', 'react-dom/*'], 'shared/ is pure: no Electron or React.'),
        pattern(['**/electron/**', '**/renderer/**'], 'shared/ must not reach into electron/ or renderer/.'),
      ] }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        pattern(nodeBuiltins, 'renderer/ runs in a browser: no Node built-ins.'),
        pattern(['electron', 'electron/*'], 'renderer/ talks to main only through the typed client.'),
        pattern(['**/electron/**'], 'renderer/ must not import main-process code.'),
      ] }],
    },
  },
);
