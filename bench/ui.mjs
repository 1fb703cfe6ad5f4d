// The UI's responsiveness in Chromium against `runyard serve` on 10k and 100k runs:
//  - page open to first rows: from navigation start to the first frame painted after
//    the run table's first row is in the DOM (median of several fresh page loads),
//    and to all runs listed (big lists arrive newest first, in growing frames);
//  - filter keystroke: from the keydown to the first frame after the table shows the
//    result for that text (the count next to the filter box stops being "pending").
// Measured inside the page (performance.now(), MutationObserver, requestAnimationFrame),
// so Playwright's own round trips are not counted. Targets from issue 7: 10k runs
// interactive within 1.5 s; a filter keystroke answered within 100 ms at 100k.
//
//   node bench/run.mjs --only ui            (through the bench driver)
//   node -e "import('./bench/ui.mjs').then((m) => m.uiSuite({ quick: true, log: console.error })).then(console.table)"
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { runsDir } from './generate.mjs';
import { benchEnv, CLI, median, percentile } from './measure.mjs';

const CHROMIUM = process.env.RUNYARD_CHROMIUM ?? '/usr/bin/chromium';
const QUERIES = ['beta=0.42', 'sweep-12 status:failed'];

async function serve(dir) {
  const config = fs.mkdtempSync(path.join(os.tmpdir(), 'runyard-bench-ui-'));
  const child = spawn(process.execPath, [CLI, '--dir', dir, 'serve', '--port', '0'], {
    env: benchEnv({ RUNYARD_DIR: '', RUNYARD_CONFIG_DIR: config, RUNYARD_CACHE_DIR: 'off' }),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Open: (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`runyard serve exited ${code}`)));
  });
  return {
    url,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(config, { recursive: true, force: true });
    },
  };
}

/**
 * Runs in the page before its scripts: notes when the first row is in the DOM and
 * painted, when all `total` runs are listed (the count says so and nothing is still
 * being read), and the bytes the WebSocket received.
 */
function pageProbe(total) {
  window.__bench = { firstRow: null, allRows: null, wsBytes: 0 };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => { window.__bench.wsBytes += typeof e.data === 'string' ? e.data.length : e.data.byteLength ?? 0; });
    }
  };
  let first = false;
  const watch = new MutationObserver(() => {
    if (!first && document.querySelector('table[aria-label="Runs"] tbody tr')) {
      first = true;
      const inDom = performance.now();
      requestAnimationFrame(() => { window.__bench.firstRow = { inDom, painted: performance.now() }; });
    }
    if (first && document.getElementById('filter-count')?.textContent === `${total} runs` && !document.querySelector('[role="progressbar"][aria-label="Reading runs"]')) {
      watch.disconnect();
      requestAnimationFrame(() => { window.__bench.allRows = performance.now(); });
    }
  });
  document.addEventListener('DOMContentLoaded', () => watch.observe(document.body, { childList: true, subtree: true, characterData: true }));
}

async function openPage(browser, url, total) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(pageProbe, total);
  await page.goto(url);
  await page.waitForFunction(() => window.__bench.firstRow && window.__bench.allRows, null, { timeout: 180_000, polling: 50 });
  const probe = await page.evaluate(() => window.__bench);
  return { context, page, probe };
}

/** One keystroke in the focused filter box; ms from keydown to the frame after the result shows. */
async function keystroke(page, key) {
  await page.evaluate(() => {
    const b = window.__bench;
    b.t0 = null;
    b.t1 = null;
    const count = document.getElementById('filter-count');
    document.addEventListener('keydown', (e) => { b.t0 = e.timeStamp; }, { capture: true, once: true });
    let pending = false;
    const watch = new MutationObserver(() => {
      if (count.classList.contains('pending')) pending = true;
      else if (pending) {
        watch.disconnect();
        requestAnimationFrame(() => { b.t1 = performance.now(); });
      }
    });
    watch.observe(count, { attributes: true, attributeFilter: ['class'] });
    b.watch = watch;
  });
  await page.keyboard.press(key);
  // React always renders a deferred filter in two steps (pending, then the result);
  // if the second came first, the first frame after the keystroke is the answer.
  const done = await page.waitForFunction(() => window.__bench.t1, null, { timeout: 30_000, polling: 10 }).then(() => true, () => false);
  if (!done) throw new Error(`no answer to the keystroke ${JSON.stringify(key)} within 30 s`);
  return page.evaluate(() => window.__bench.t1 - window.__bench.t0);
}

async function measureDir(browser, count, { loads, log }) {
  const dir = runsDir(count, { log });
  const server = await serve(dir);
  try {
    const paints = [];
    const alls = [];
    let bytes = 0;
    for (let i = 0; i < loads; i++) {
      const { context, probe } = await openPage(browser, server.url, count);
      paints.push(probe.firstRow.painted);
      alls.push(probe.allRows);
      bytes = probe.wsBytes;
      await context.close();
      log(`  ${count} runs: load ${i + 1}: first rows painted at ${Math.round(probe.firstRow.painted)} ms (in the DOM at ${Math.round(probe.firstRow.inDom)} ms), all ${count} listed at ${Math.round(probe.allRows)} ms, ${(bytes / 1e6).toFixed(1)} MB over the WebSocket`);
    }
    const { context, page } = await openPage(browser, server.url, count);
    // Let the sizes of the rows in view and anything else after the first paint settle.
    await page.waitForTimeout(1500);
    const box = page.getByRole('searchbox', { name: 'Filter runs' });
    const keys = [];
    for (const q of QUERIES) {
      await box.fill('');
      await page.waitForFunction(() => !document.getElementById('filter-count').classList.contains('pending'));
      await box.focus();
      for (const ch of q) keys.push(await keystroke(page, ch));
    }
    await context.close();
    log(`  ${count} runs: filter keystrokes (ms): ${keys.map((k) => Math.round(k)).join(' ')}`);
    return { paints, alls, bytes, keys };
  } finally {
    await server.stop();
  }
}

export async function uiSuite({ quick = false, log = () => {} } = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    log(`ui: SKIPPED: no Chromium at ${CHROMIUM} (set RUNYARD_CHROMIUM)`);
    return [];
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  const rows = [];
  try {
    const k10 = await measureDir(browser, 10_000, { loads: 5, log });
    rows.push({ name: 'UI at 10k: page open to first rows painted (median of 5 loads)', value: median(k10.paints), limit: 1500 });
    rows.push({ name: 'UI at 10k: page open to all runs listed (median of 5 loads)', value: median(k10.alls) });
    rows.push({ name: 'UI at 10k: run list received over the WebSocket', value: k10.bytes / 2 ** 20, unit: 'MB' });
    rows.push({ name: `UI at 10k: filter keystroke to result shown, median of ${k10.keys.length}`, value: median(k10.keys) });
    if (!quick) {
      const k100 = await measureDir(browser, 100_000, { loads: 3, log });
      rows.push({ name: 'UI at 100k: page open to first rows painted (median of 3 loads)', value: median(k100.paints) });
      rows.push({ name: 'UI at 100k: page open to all runs listed (median of 3 loads)', value: median(k100.alls) });
      rows.push({ name: 'UI at 100k: run list received over the WebSocket', value: k100.bytes / 2 ** 20, unit: 'MB' });
      rows.push({ name: `UI at 100k: filter keystroke to result shown, median of ${k100.keys.length}`, value: median(k100.keys), limit: 100 });
      rows.push({ name: `UI at 100k: filter keystroke to result shown, p90 of ${k100.keys.length}`, value: percentile(k100.keys, 90) });
    }
  } finally {
    await browser.close();
  }
  log(`  load average: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  return rows;
}
