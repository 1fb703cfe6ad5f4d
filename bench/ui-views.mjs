// The whole-directory views at 10k runs in Chromium against `runyard serve` (issue 16):
//  - Prune…: from the keystroke that makes a policy ("Keep newest" 5) to the first
//    frame showing the preview's "Goes" list (made in the page from the runs it holds),
//    to the server's plan confirming it ("Move to trash" enabled; the dialog waits 250 ms
//    for more typing before it asks, and that wait is included), and on to every size
//    measured;
//  - Lineage forest: from the click on the view's button to the first frame showing runs;
//  - Charts: from the click to the first frame with the status bars and the timeline, and
//    to the first disk usage figures (measured in batches; the rest fills in afterwards).
// Timed inside the page (event timeStamp, MutationObserver, requestAnimationFrame). Each
// view is opened in a fresh page that has listed all runs first. Limit: 1 s each.
//
//   node bench/run.mjs --only views
// RUNYARD_BENCH_CLI=path/cli.cjs serves another build, for before/after comparisons.
import fs from 'node:fs';
import os from 'node:os';
import { runsDir } from './generate.mjs';
import { benchEnv, CLI, median } from './measure.mjs';
import { CHROMIUM, launchChromium, serve } from './serve-page.mjs';

const SERVED_CLI = process.env.RUNYARD_BENCH_CLI ?? CLI;
const COUNT = 10_000;
const REPEAT = Number(process.env.RUNYARD_BENCH_REPEAT) || 3;

async function listedPage(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(
    (n) =>
      document.getElementById('filter-count')?.textContent === `${n} runs` &&
      !document.querySelector('[role="progressbar"][aria-label="Reading runs"]'),
    COUNT,
    { timeout: 180_000, polling: 100 },
  );
  await page.waitForTimeout(500);
  return { context, page };
}

/**
 * Arms the page: the next `event` (captured on document) starts the clock; each named
 * CSS test in `marks`, once it matches, stops its clock at the next frame.
 */
function arm(page, event, marks) {
  return page.evaluate(
    ({ event, marks }) => {
      const b = (window.__views = { t0: null, at: {} });
      document.addEventListener(
        event,
        (e) => {
          b.t0 ??= e.timeStamp;
        },
        { capture: true },
      );
      const check = () => {
        for (const [name, test] of Object.entries(marks)) {
          if (b.at[name] !== undefined || b.t0 === null) continue;
          const ok = test.startsWith('!')
            ? !document.body.textContent.includes(test.slice(1)) && document.querySelector('section[aria-label="Goes"]')
            : document.querySelector(test);
          if (ok) {
            b.at[name] = -1;
            requestAnimationFrame(() => {
              b.at[name] = performance.now() - b.t0;
            });
          }
        }
      };
      new MutationObserver(check).observe(document.body, {
        childList: true,
        subtree: true,
        characterData: true,
        attributes: true,
      });
    },
    { event, marks },
  );
}

async function waitMarks(page, names, timeout = 120_000) {
  await page.waitForFunction((names) => names.every((n) => (window.__views.at[n] ?? -1) >= 0), names, {
    timeout,
    polling: 20,
  });
  return page.evaluate(() => window.__views.at);
}

export async function viewsSuite({ log = () => {} } = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    log(`views: SKIPPED: no Chromium at ${CHROMIUM} (set RUNYARD_CHROMIUM)`);
    return [];
  }
  const dir = runsDir(COUNT, { log });
  const browser = await launchChromium();
  const server = await serve(dir, { cli: SERVED_CLI, env: benchEnv() });
  const got = { prune: [], confirmed: [], sized: [], lineage: [], charts: [], du: [] };
  try {
    for (let i = 0; i < REPEAT; i++) {
      let { context, page } = await listedPage(browser, server.url);
      await page.getByRole('button', { name: 'Prune…' }).click();
      // An empty form asks for nothing, so the only preview is the one this keystroke asks for.
      await page.getByRole('spinbutton', { name: 'Keep newest' }).focus();
      await arm(page, 'keydown', {
        prune: 'section[aria-label="Preview"][aria-busy="false"] section[aria-label="Goes"] li',
        confirmed: '.ry-prune-footer .ry-button--danger:not([disabled])',
        sized: '!measuring',
      });
      await page.keyboard.press('5');
      const p = await waitMarks(page, ['prune', 'confirmed', 'sized'], 180_000);
      got.prune.push(p.prune);
      got.confirmed.push(p.confirmed);
      got.sized.push(p.sized);
      await context.close();

      ({ context, page } = await listedPage(browser, server.url));
      await arm(page, 'click', {
        lineage: '[role="tree"] [role="treeitem"], [aria-label="Lineage tree"] [role="button"]',
      });
      await page.getByRole('button', { name: 'Lineage forest' }).click();
      got.lineage.push((await waitMarks(page, ['lineage'])).lineage);
      await context.close();

      ({ context, page } = await listedPage(browser, server.url));
      await arm(page, 'click', {
        charts:
          'section[aria-label="Overview"]:has([aria-label^="Runs per status"]):has([aria-label^="Timeline of the"])',
        du: '.ry-du__total',
      });
      await page.getByRole('button', { name: 'Charts', exact: true }).click();
      const c = await waitMarks(page, ['charts', 'du'], 180_000);
      got.charts.push(c.charts);
      got.du.push(c.du);
      await context.close();
      log(
        `  round ${i + 1}: prune preview ${Math.round(p.prune)} ms (confirmed ${Math.round(p.confirmed)} ms, sizes ${Math.round(p.sized)} ms), lineage ${Math.round(got.lineage.at(-1))} ms, charts ${Math.round(c.charts)} ms (disk usage ${Math.round(c.du)} ms)`,
      );
    }
  } finally {
    await server.stop();
    await browser.close();
  }
  log(
    `  load average: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const n = `median of ${REPEAT}`;
  return [
    { name: `Prune… at 10k: keystroke to preview painted, ${n}`, value: median(got.prune), limit: 1000 },
    {
      name: `Prune… at 10k: keystroke to the server's plan confirming it (incl. 250 ms debounce), ${n}`,
      value: median(got.confirmed),
    },
    { name: `Prune… at 10k: keystroke to every size measured, ${n}`, value: median(got.sized) },
    { name: `Lineage forest at 10k: click to runs painted, ${n}`, value: median(got.lineage), limit: 1000 },
    { name: `Charts at 10k: click to status bars and timeline painted, ${n}`, value: median(got.charts), limit: 1000 },
    { name: `Charts at 10k: click to first disk usage figures, ${n}`, value: median(got.du), limit: 1000 },
  ];
}
