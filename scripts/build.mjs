// Builds everything: the CLI bundle, Electron's main and preload, and the renderer.
// One bundle per entry keeps `runyard` start-up to a single file read.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
};
/**
 * Node's own modules as the plain objects require() gives, for the `runyard` executable.
 * esbuild's ESM interop (__toESM) otherwise copies each built-in's hundred-odd properties
 * at every `import fs from 'node:fs'`, which `list --json` pays at each start. Default
 * imports only: a named import of a built-in fails this build, saying so.
 */
const plainBuiltins = {
  name: 'plain-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:[a-z_]+$/ }, (a) =>
      a.kind === 'import-statement' ? { path: a.path, namespace: 'plain-builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'plain-builtin' }, (a) => ({
      contents: `export default require(${JSON.stringify(a.path)});`,
      loader: 'js',
    }));
  },
};

const entries = [
  // The big libraries only some commands use stay in node_modules: required when their
  // command runs, so they cost `runyard list` nothing (~70 ms of reading and compiling).
  { name: 'cli', entryPoints: ['electron/cli/main.ts'], outfile: 'dist/cli-main.cjs', external: ['zod', 'yaml', 'ws'] },
  // The executable: `list --json` answered from a small bundle, the rest from cli-main.cjs.
  {
    name: 'cli',
    entryPoints: ['electron/cli/fast-list/entry.ts'],
    outfile: 'dist/cli.cjs',
    banner: { js: '#!/usr/bin/env node' },
    external: ['./cli-main.cjs', './remote-cli.cjs'],
    plugins: [plainBuiltins],
  },
  // A command on a remote folder, sent to its agent without the full CLI's start-up.
  { name: 'cli', entryPoints: ['electron/remote/forward-entry.ts'], outfile: 'dist/remote-cli.cjs' },
  // The agent copied to remote machines (electron/remote/): one file with everything in it,
  // since a cluster has no node_modules of ours; no sourcemap to copy along.
  {
    name: 'cli',
    entryPoints: ['electron/remote/agent-entry.ts'],
    outfile: 'dist/agent.cjs',
    sourcemap: false,
    external: ['electron'],
  },
  // The askpass program the desktop's ssh runs to ask the user (electron/remote/askpass-server.ts).
  { name: 'cli', entryPoints: ['electron/remote/askpass-entry.ts'], outfile: 'dist/askpass.cjs', sourcemap: false },
  {
    name: 'electron',
    entryPoints: ['electron/main/main.ts'],
    outfile: 'dist/electron/main.cjs',
    external: ['electron'],
  },
  {
    name: 'electron',
    entryPoints: ['electron/main/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    external: ['electron'],
  },
];

for (const e of entries) {
  if (!want(e.name) || !fs.existsSync(path.join(root, e.entryPoints[0]))) continue;
  const { name: _name, ...opts } = e;
  await build({ ...node, ...opts });
}
if (fs.existsSync(path.join(root, 'dist/cli.cjs'))) fs.chmodSync(path.join(root, 'dist/cli.cjs'), 0o755);

if (want('renderer') && fs.existsSync(path.join(root, 'renderer/index.html'))) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: path.join(root, 'vite.config.mts'), logLevel: 'warn' });
}
// Only a full build may mark dist/ as current; a partial one (`build.mjs cli`) leaves
// the marker alone so that the next ensure-built still rebuilds the rest.
if (only.length === 0) {
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(root, 'dist/.built'), new Date().toISOString());
}
