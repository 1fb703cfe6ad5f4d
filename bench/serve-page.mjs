// What the Chromium benches (bench/ui.mjs, bench/ui-scroll.mjs) and the screenshot
// script (scripts/screenshots.mjs) share: `runyard serve` started on a free port for a
// runs directory, and the Chromium they drive. Nothing here is measured.
//
// No import of ./measure.mjs: that module copies dist/cli.cjs when it loads, which the
// screenshot script has no use for; the benches pass the copy (measure.mjs's CLI) as `cli`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.RUNYARD_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags for a headless Chromium on this kind of machine (2 CPUs, no GPU). Headless
 * Chromium builds the omnibox popup's WebUI (a renderer of its own, ~0.3 s of CPU) for
 * every new tab, right when the page loads; a running browser did that long before.
 * It is switched off so that it does not compete with the page for the CPUs.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup',
];

/** Launches CHROMIUM headless with CHROMIUM_ARGS and `args`. */
export function launchChromium(args = []) {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...args] });
}

/**
 * Starts `node cli --dir dir serve --port 0` and resolves once it prints the URL to open
 * (with its token). No RUNYARD_DIR from the caller's environment, no metadata cache;
 * settings go to `configDir`, or to a temporary folder removed by stop().
 *
 * @param {string} dir the runs directory
 * @param {{ cli: string, env?: NodeJS.ProcessEnv, configDir?: string }} opts
 *   cli: the built CLI to run (dist/cli.cjs, or the bench's copy of it);
 *   env: the environment to start from (process.env by default)
 * @returns {Promise<{ url: string, stop(): Promise<void> }>}
 */
export async function serve(dir, { cli, env = process.env, configDir } = {}) {
  if (!cli) throw new Error('serve: no cli given');
  const ownConfig = configDir ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'runyard-serve-'));
  const child = spawn(process.execPath, [cli, '--dir', dir, 'serve', '--port', '0'], {
    env: { ...env, RUNYARD_DIR: '', RUNYARD_CONFIG_DIR: configDir ?? ownConfig, RUNYARD_CACHE_DIR: 'off' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const removeConfig = () => {
    if (ownConfig) fs.rmSync(ownConfig, { recursive: true, force: true });
  };
  let url;
  try {
    url = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = /Open: (\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('error', reject);
      exited.then((code) => reject(new Error(`runyard serve exited ${code} before it printed its URL`)));
    });
  } catch (e) {
    child.kill('SIGTERM');
    removeConfig();
    throw e;
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      removeConfig();
    },
  };
}
