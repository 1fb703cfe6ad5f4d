// End-to-end harness: a real `runyard serve` child process on a temporary copy of a
// runs directory, and Debian's Chromium driven by playwright-core. A test that fails
// leaves a screenshot and a Playwright trace in test-results/e2e/.
//
// Why afterEach and not onTestFailed: Vitest runs a test's afterEach hooks first and
// its onTestFailed handlers last, so a page closed in afterEach is already gone when
// onTestFailed could photograph it. Here afterEach reads the test's result itself
// (failTask has set it by then) and saves before it closes anything.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { CLI } from '../helpers/cli';
import { FIXTURE_TGZ } from '../helpers/dirs';
import { serve, type Served } from '../helpers/serve';
import type { Sshd } from '../helpers/sshd';

export const CHROMIUM = process.env.RUNYARD_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
export const RESULTS_DIR = path.resolve(__dirname, '../../test-results/e2e');
const SKIP_NOTE = `SKIPPED: no Chromium at ${CHROMIUM} (install Debian's chromium, or set RUNYARD_CHROMIUM to a Chromium binary)`;

/** describe() when Chromium is there; otherwise a skipped suite whose title says why, and a line on stderr. */
export const describeE2E: typeof describe = hasChromium
  ? describe
  : (((name: string, fn: () => void) => {
      process.stderr.write(`${SKIP_NOTE}: ${name}\n`);
      return describe.skip(`${name} [${SKIP_NOTE}]`, fn);
    }) as typeof describe);

// Registered when a test file imports this module, so it runs once, after the file's
// last test (a hook registered from inside another hook would never run).
const made: string[] = [];
afterAll(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A folder that lives as long as the test file (test/helpers/dirs.ts removes its folders after each test). */
export function fileTempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
}

/** A folder named `name` (the folder bar shows it so) for the "cluster" side, and its ssh:// address on `sshd`. */
export function clusterFolder(sshd: Sshd, name: string): { cluster: string; remote: string } {
  const cluster = path.join(fileTempDir('runyard-e2e-cluster-'), name);
  fs.mkdirSync(cluster);
  return { cluster, remote: `ssh://127.0.0.1:${sshd.port}${cluster}` };
}

/** A fresh copy of the Python-made sample directory (12 runs). Call at file level or in beforeAll. */
export function sampleCopy(): string {
  const d = fileTempDir('runyard-e2e-sample-');
  execFileSync('tar', ['xzf', FIXTURE_TGZ, '-C', d]);
  return path.join(d, 'sample-runs');
}

/** A fresh demo directory made by `runyard demo` (12 runs, the newest created just now). */
export function demoCopy(): string {
  const dir = path.join(fileTempDir('runyard-e2e-demo-'), 'runs');
  execFileSync(process.execPath, [CLI, 'demo', dir], { stdio: 'ignore', env: { ...process.env, RUNYARD_DIR: '' } });
  return dir;
}

export type { Served };

/** One server for the whole file, started before its tests and stopped after them. */
export function useServer(dir: () => string, args: string[] = []): () => Served {
  let s: Served | null = null;
  beforeAll(async () => {
    s = await serve(dir(), args);
  });
  afterAll(async () => {
    await s?.stop();
  });
  return () => {
    if (!s) throw new Error('the server is not running (beforeAll failed?)');
    return s;
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export interface PageOptions {
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
}

interface Open {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

const safeName = (name: string) =>
  name
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 100);

/**
 * Saves what a failed test left on screen: `<name>.png` and `<name>.trace.zip` (open it
 * with `npx playwright show-trace`). Stops the context's tracing; returns the paths.
 */
export async function saveFailureArtifacts(
  open: { context: BrowserContext; page: Page },
  name: string,
): Promise<{ screenshot: string; trace: string }> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const base = path.join(RESULTS_DIR, safeName(name));
  const screenshot = `${base}.png`;
  const trace = `${base}.trace.zip`;
  await open.page
    .screenshot({ path: screenshot, fullPage: true, timeout: 10_000 })
    .catch((e: Error) => process.stderr.write(`e2e: no screenshot for ${name}: ${e.message}\n`));
  await open.context.tracing
    .stop({ path: trace })
    .catch((e: Error) => process.stderr.write(`e2e: no trace for ${name}: ${e.message}\n`));
  return { screenshot, trace };
}

/**
 * One Chromium for the file. `page()` opens a fresh context (own cookies and storage)
 * with tracing on; after each test its pages are closed, and saved first when the
 * test failed.
 */
export function useBrowser(): { browser(): Browser; page(opts?: PageOptions): Promise<Page> } {
  let browser: Browser | null = null;
  let opened: Open[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async (ctx) => {
    const failed = ctx.task.result?.state === 'fail';
    const name = `${path.basename(ctx.task.file?.name ?? 'e2e', '.test.ts')}-${ctx.task.name}`;
    for (const [i, o] of opened.entries()) {
      if (failed) {
        const { screenshot, trace } = await saveFailureArtifacts(o, opened.length > 1 ? `${name}-${i + 1}` : name);
        process.stderr.write(`e2e: "${ctx.task.name}" failed; saved ${screenshot} and ${trace}\n`);
        if (o.errors.length) process.stderr.write(`e2e: errors in the page:\n  ${o.errors.join('\n  ')}\n`);
      } else {
        await o.context.tracing.stop().catch(() => undefined);
      }
      await o.context.close().catch(() => undefined);
    }
    opened = [];
  });
  afterAll(async () => {
    await browser?.close();
  });
  const get = () => {
    if (!browser) throw new Error('Chromium did not start (beforeAll failed?)');
    return browser;
  };
  return {
    browser: get,
    page: async (opts = {}) => {
      const context = await get().newContext({
        viewport: opts.viewport ?? { width: 1400, height: 900 },
        colorScheme: opts.colorScheme ?? 'light',
      });
      // Well under the test's own timeout, so a missing element fails with the locator named.
      context.setDefaultTimeout(10_000);
      await context.tracing.start({ screenshots: true, snapshots: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`);
      });
      opened.push({ context, page, errors });
      return page;
    },
  };
}
