// `runyard start` (what `npm start` runs): opens the desktop app. Electron's package
// fetches its runtime on first launch; that is tried once, quietly, and a machine
// that cannot reach Electron's download host gets one line pointing at
// `runyard serve` instead of a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { StoreError } from '../../ops/folder';
import type { CliContext } from '../context';

export type ElectronLookup = { ok: true; binary: string } | { ok: false; reason: string };

function electronPackageDir(): string | null {
  const candidates = [
    path.resolve(__dirname, '..', 'node_modules', 'electron'),
    path.resolve(__dirname, '..', '..', '..', 'node_modules', 'electron'),
    path.resolve(process.cwd(), 'node_modules', 'electron'),
  ];
  return candidates.find((c) => fs.existsSync(path.join(c, 'package.json'))) ?? null;
}

/** The same rules as electron/index.js, without its download fallback. */
export function findElectron(env: NodeJS.ProcessEnv = process.env): ElectronLookup {
  const pkg = electronPackageDir();
  const pathFile = pkg ? path.join(pkg, 'path.txt') : null;
  const rel = pathFile && fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, rel || 'electron');
    return fs.existsSync(binary) ? { ok: true, binary } : { ok: false, reason: `${binary} does not exist` };
  }
  if (!pkg) return { ok: false, reason: 'the electron package is not installed' };
  if (!rel) return { ok: false, reason: 'its runtime was never downloaded' };
  const binary = path.join(pkg, 'dist', rel);
  return fs.existsSync(binary) ? { ok: true, binary } : { ok: false, reason: `${binary} is missing` };
}

/** Runs electron's own install.js once; false when it could not fetch the runtime. */
function fetchRuntime(): boolean {
  const pkg = electronPackageDir();
  if (!pkg || process.env.RUNYARD_NO_ELECTRON_DOWNLOAD) return false;
  if (process.stderr.isTTY) process.stderr.write('runyard: fetching the Electron runtime for the first launch…\n');
  const r = spawnSync(process.execPath, [path.join(pkg, 'install.js')], { stdio: 'ignore', timeout: 10 * 60_000 });
  return r.status === 0;
}

export function mainScript(): string | null {
  const candidates = [
    path.join(__dirname, 'electron', 'main.cjs'),
    path.resolve(__dirname, '../../../dist/electron/main.cjs'),
  ];
  return candidates.find((c) => fs.existsSync(c)) ?? null;
}

export function registerStartCommand(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('open the desktop app (on --dir, else the last folder)')
    .action(async () => {
      let electron = findElectron();
      if (!electron.ok && electron.reason === 'its runtime was never downloaded' && fetchRuntime())
        electron = findElectron();
      if (!electron.ok) {
        process.stderr.write(
          `runyard: the Electron runtime is not available on this machine (${electron.reason}); use \`runyard serve\` to open Runyard in a browser instead.\n`,
        );
        process.exit(1);
      }
      const main = mainScript();
      if (!main)
        throw new StoreError(
          'refused',
          'the desktop app is not built (no dist/electron/main.cjs); run `npm run build` first',
        );
      const explicit = ctx.opts.dir ?? process.env.RUNYARD_DIR;
      const args = [main, ...(explicit ? ['--dir', ctx.folder] : [])];
      const env = { ...process.env };
      delete env.ELECTRON_RUN_AS_NODE;
      const child = spawn(electron.binary, args, { stdio: 'inherit', env, shell: false });
      const code = await new Promise<number>((resolve) => {
        child.on('error', (e) => {
          process.stderr.write(`runyard: could not start Electron (${e.message}); use \`runyard serve\` instead.\n`);
          resolve(1);
        });
        child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
      });
      process.exitCode = code;
    });
}
