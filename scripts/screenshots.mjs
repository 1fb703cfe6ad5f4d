// `npm run screenshots`: regenerates docs/screenshots/*.png from a fresh demo directory,
// served by `runyard serve` and photographed in Chromium at a fixed viewport, so the
// README's pictures show what the current code draws.
//
//   RUNYARD_CHROMIUM=/path/to/chromium npm run screenshots   (default /usr/bin/chromium)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, serve } from '../bench/serve-page.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(root, 'dist/cli.cjs');
const OUT = path.join(root, 'docs/screenshots');
const VIEWPORT = { width: 1280, height: 800 };
const log = (s) => process.stderr.write(`screenshots: ${s}\n`);

if (!fs.existsSync(CHROMIUM)) {
  log(`no Chromium at ${CHROMIUM}; install Debian's chromium or set RUNYARD_CHROMIUM`);
  process.exit(1);
}
execFileSync(process.execPath, [path.join(root, 'scripts/ensure-built.mjs')], { stdio: 'inherit' });

// A fixed path, so the folder shown in the header is the same in every regeneration.
const work = path.join(os.tmpdir(), 'runyard-screenshots');
fs.rmSync(work, { recursive: true, force: true });
const dir = path.join(work, 'june', 'runs');
execFileSync(process.execPath, [CLI, 'demo', dir], { stdio: 'ignore', env: { ...process.env, RUNYARD_DIR: '' } });
const runs = fs
  .readdirSync(dir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
  .map((e) => JSON.parse(fs.readFileSync(path.join(dir, e.name, 'metadata.json'), 'utf8')));
const byDescription = (d) => {
  const r = runs.find((x) => x.description === d);
  if (!r) throw new Error(`the demo has no run "${d}"`);
  return r.run_id;
};

const server = await serve(dir, { cli: CLI, configDir: path.join(work, 'config') });

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--font-render-hinting=none'],
});
const written = [];

async function page(colorScheme = 'light') {
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme, deviceScaleFactor: 1 });
  context.setDefaultTimeout(20_000);
  const p = await context.newPage();
  await p.goto(server.url);
  await p.getByRole('table', { name: 'Runs' }).locator('tbody tr').first().waitFor();
  // Sizes arrive after the rows; wait until none is still "…".
  await p.waitForFunction(() => ![...document.querySelectorAll('td.cell-size')].some((td) => td.textContent === '…'));
  return p;
}

async function shot(p, name) {
  // A toast is news of a moment ("Moved 1 run to the trash. Undo"), not part of a view.
  for (const close of await p.locator('.notice .notice-close').all()) await close.click().catch(() => {});
  await p.locator('.notice').first().waitFor({ state: 'detached' });
  // Let transitions and the live-update highlight settle.
  await p.waitForTimeout(300);
  const file = path.join(OUT, `${name}.png`);
  await p.screenshot({ path: file });
  written.push(file);
  log(`wrote ${path.relative(root, file)} (${Math.round(fs.statSync(file).size / 1024)} KiB)`);
}

async function openRun(p, id, tab) {
  await p
    .getByRole('table', { name: 'Runs' })
    .locator('tbody tr', { has: p.locator(`td.cell-id code[title="${id}"]`) })
    .dblclick();
  const detail = p.getByRole('region', { name: `Run ${id.slice(0, 8)}` });
  await detail.waitFor();
  if (tab) await detail.getByRole('tab', { name: tab, exact: true }).click();
  return detail;
}

try {
  fs.mkdirSync(OUT, { recursive: true });
  // Only what this run makes stays: a renamed view must not leave its old picture behind.
  for (const f of fs.readdirSync(OUT)) if (f.endsWith('.png')) fs.rmSync(path.join(OUT, f));

  const p = await page();
  // The table, with one run selected as someone would have it.
  await p
    .getByRole('table', { name: 'Runs' })
    .locator('tbody tr', { has: p.locator(`td.cell-id code[title="${byDescription('Long run to June 2020')}"]`) })
    .click();
  await shot(p, 'table');

  // The sweep table: value columns (config, params, the last row of results/summary.csv)
  // and a value filter, as a copied address would open it.
  const sweep = await page();
  const url = new URL(server.url);
  const cols = 'status,id,description,config.beta.household,params.seed,results.summary.infected';
  url.hash = `#/runs?q=${encodeURIComponent('tag:sweep config.beta.household>=0.2')}&sort=-config.beta.household&cols=${cols}`;
  await sweep.goto(url.toString());
  await sweep.waitForFunction(() =>
    [...document.querySelectorAll('td[data-col="results.summary.infected"]')].some((td) => td.textContent),
  );
  await sweep.waitForFunction(
    () => ![...document.querySelectorAll('td.cell-value')].some((td) => td.textContent === '…'),
  );
  await shot(sweep, 'sweep');
  await sweep.context().close();

  // A run's detail: the results tab with the CSV chart.
  const detail = await openRun(p, byDescription('Baseline calibration'), 'Results');
  await detail.getByRole('button', { name: 'summary.csv' }).click();
  await detail.getByRole('img', { name: /summary\.csv/ }).waitFor();
  await shot(p, 'detail');

  // Lineage: the long run's family, edges labelled with the checkpoints.
  await detail.getByRole('button', { name: 'Back to runs' }).click();
  const long = await openRun(p, byDescription('Long run to June 2020'), 'Lineage');
  await long.getByRole('group', { name: 'Lineage tree' }).waitFor();
  await shot(p, 'lineage');

  // The resume dialog for that run: checkpoint, description, overrides; the action in view.
  await long.getByRole('button', { name: 'Resume…' }).click();
  const resume = p.getByRole('dialog', { name: /^Resume run / });
  await resume.waitFor();
  await shot(p, 'resume');
  await p.keyboard.press('Escape');

  // The prune dialog opens with no rule: nothing to remove, the action disabled.
  await long.getByRole('button', { name: 'Back to runs' }).click();
  await p.getByRole('toolbar', { name: 'Run actions' }).getByRole('button', { name: 'Prune…' }).click();
  const prune = p.getByRole('dialog', { name: 'Prune runs' });
  await prune.getByText(/Nothing will be removed/).waitFor();
  await shot(p, 'prune-empty');

  // Its preview with a policy: failed runs but the newest, with what stays and why.
  await prune.getByRole('checkbox', { name: 'failed', exact: true }).check();
  await prune.getByLabel('Keep newest').fill('1');
  await prune.getByRole('region', { name: 'Goes' }).locator('li').first().waitFor();
  const move = prune.getByRole('button', { name: 'Move to trash' });
  // The server's plan has confirmed the one made in the page, and the sizes are in.
  await p.waitForFunction(
    () =>
      !document.querySelector('.ry-prune-footer .ry-button--danger')?.disabled &&
      !/measuring/.test(document.querySelector('[aria-label="Preview"]')?.textContent ?? ''),
  );
  const preview = prune.getByRole('region', { name: 'Preview' });
  // The form is above; the picture is about what goes, what stays and why (the dialog scrolls inside).
  await preview.evaluate((el) => {
    const body = el.closest('.ry-modal__body');
    if (body) body.scrollTop = el.offsetTop - body.offsetTop - 120;
  });
  await shot(p, 'prune');
  // Pruned for real (a throwaway demo folder), so the Trash has something to show.
  await move.click();
  await prune.getByText(/^Moved \d+ runs? to the trash/).waitFor();
  await prune.getByRole('button', { name: 'Close', exact: true }).last().click();

  // And one moved by hand, so the Trash shows both kinds of "why".
  await p
    .getByRole('table', { name: 'Runs' })
    .locator('tbody tr', { has: p.locator(`td.cell-id code[title="${byDescription('Baseline calibration')}"]`) })
    .click();
  await p.keyboard.press('Delete');
  const byHand = p.getByRole('dialog', { name: 'Prune runs' });
  await p.waitForFunction(() => !document.querySelector('.ry-prune-footer .ry-button--danger')?.disabled);
  await byHand.getByRole('button', { name: 'Move to trash' }).click();
  await byHand.getByText(/^Moved 1 run to the trash/).waitFor();
  await byHand.getByRole('button', { name: 'Close', exact: true }).last().click();

  // The Trash (key T), a view like Runs, Charts and Lineage, its policies in words.
  await p.keyboard.press('t');
  await p.getByRole('table', { name: 'Trashed runs' }).locator('tbody tr').nth(1).waitFor();
  await shot(p, 'trash');
  await p.keyboard.press('r');
  await p.getByRole('table', { name: 'Trashed runs' }).waitFor({ state: 'detached' });

  // The whole folder's lineage forest: families, collapsible, searchable.
  await p.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Lineage forest' }).click();
  await p.getByRole('tree', { name: 'Lineage forest' }).getByRole('treeitem').first().waitFor();
  await shot(p, 'lineage-forest');

  // The overview charts of the whole directory.
  await p.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Charts' }).click();
  await p.getByRole('img', { name: /^Largest runs/ }).waitFor();
  await shot(p, 'charts');

  // A beta sweep compared: one results column overlaid, runs named by what they vary, values under the cursor.
  await p.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Runs' }).click();
  await p.getByRole('searchbox', { name: 'Filter runs' }).fill('tag:sweep');
  const sweepRows = p.getByRole('table', { name: 'Runs' }).locator('tbody tr');
  // The filter has applied once the rows are as many as the count beside the box says.
  await p.waitForFunction(() => {
    const shown = /^(\d+) of/.exec(document.querySelector('#filter-count')?.textContent ?? '');
    return shown && document.querySelectorAll('table[aria-label="Runs"] tbody tr').length === Number(shown[1]);
  });
  await sweepRows.first().click();
  await sweepRows.last().click({ modifiers: ['Shift'] });
  await p.getByRole('toolbar', { name: 'Run actions' }).getByRole('button', { name: 'Compare' }).click();
  const compare = p.getByRole('dialog', { name: /^Compare \d+ runs/ });
  await compare.getByRole('button', { name: 'Results chart' }).click();
  await compare.getByLabel('Column').selectOption('infected');
  const overlay = compare.getByRole('img', { name: /^infected over day/ });
  await overlay.waitFor();
  const box = await overlay.boundingBox();
  await p.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.5);
  await compare.getByRole('status', { name: 'Values at the cursor' }).waitFor();
  await shot(p, 'sweep-chart');
  await p.keyboard.press('Escape');

  // Dark mode follows the OS.
  const dark = await page('dark');
  await shot(dark, 'dark');
} finally {
  await browser.close();
  await server.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
log(`${written.length} screenshots in ${path.relative(root, OUT)}/ at ${VIEWPORT.width}×${VIEWPORT.height}`);
