// The desktop app itself: Electron with dist/electron/main.cjs on the sample directory,
// driven by Playwright's _electron. Checks the run table over IPC and one action that
// writes (pinning a run). Only where the Electron runtime was downloaded; elsewhere
// the skip says so in its title and on stderr.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { fileTempDir, sampleCopy, saveFailureArtifacts } from './harness';
import { bodyRows, filterCount, openDetail, rowOf } from './ui';

const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'dist/electron/main.cjs');
const PILOT = '6513270e-269e-4d37-b2a7-4de452e6b438';

/** The Electron binary the `electron` package would run, or why there is none. */
function electronRuntime(): { bin: string } | { missing: string } {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pkg = path.join(ROOT, 'node_modules/electron');
  const pathTxt = path.join(pkg, 'path.txt');
  if (!override && !fs.existsSync(pathTxt))
    return { missing: `${path.relative(ROOT, pathTxt)} is missing; the electron package's download did not run` };
  const rel = override
    ? process.platform === 'win32'
      ? 'electron.exe'
      : 'electron'
    : fs.readFileSync(pathTxt, 'utf8').trim();
  const bin = path.join(override || path.join(pkg, 'dist'), rel);
  return fs.existsSync(bin) ? { bin } : { missing: `${bin} does not exist` };
}

const runtime = electronRuntime();

if ('missing' in runtime) {
  const note = `SKIPPED: Electron runtime not installed (${runtime.missing}); the desktop smoke test runs where \`npm ci\` could download Electron`;
  process.stderr.write(`${note}\n`);
  describe('the desktop app (Electron)', () => {
    it.skip(note, () => undefined);
  });
} else {
  describe('the desktop app (Electron)', () => {
    let app: ElectronApplication | null = null;
    afterAll(async () => {
      await app?.close();
    });

    it('opens the sample directory, shows its runs, and pins one', async () => {
      const dir = sampleCopy();
      const config = fileTempDir('runyard-electron-config-');
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
      // CI machines have no display: Chromium's headless Ozone backend needs none.
      const headless =
        process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
          ? ['--ozone-platform=headless', '--disable-gpu']
          : [];
      const root = typeof process.getuid === 'function' && process.getuid() === 0 ? ['--no-sandbox'] : [];
      app = await electron.launch({
        executablePath: runtime.bin,
        args: [...headless, ...root, MAIN, '--dir', dir],
        env: { ...env, RUNYARD_CONFIG_DIR: config, RUNYARD_CACHE_DIR: 'off' },
        timeout: 30_000,
      });
      const page = await app.firstWindow();
      page.setDefaultTimeout(15_000);
      const context = app.context();
      // A trace is a help for whoever reads a failure, not part of what is tested.
      const tracing = await context.tracing.start({ screenshots: true, snapshots: true }).then(
        () => true,
        () => false,
      );
      try {
        await expect.poll(() => bodyRows(page).count(), { timeout: 20_000 }).toBe(12);
        await expect(filterCount(page).textContent()).resolves.toBe('12 runs');

        const detail = await openDetail(page, PILOT);
        await detail.getByRole('button', { name: 'Pin', exact: true }).click();
        await expect.poll(() => detail.getByRole('button', { name: 'Unpin' }).count(), { timeout: 10_000 }).toBe(1);
        expect(JSON.parse(fs.readFileSync(path.join(dir, PILOT, 'metadata.json'), 'utf8')).tags).toContain('keep');
        await detail.getByRole('button', { name: 'Back to runs' }).click();
        await expect
          .poll(() => rowOf(page, PILOT).locator('td.cell-tags').textContent(), { timeout: 10_000 })
          .toContain('keep');
        if (tracing) await context.tracing.stop();
      } catch (e) {
        const saved = await saveFailureArtifacts({ context, page }, `electron-smoke-${os.platform()}`);
        process.stderr.write(`e2e: the Electron smoke test failed; saved ${saved.screenshot} and ${saved.trace}\n`);
        throw e;
      }
    });
  });
}
