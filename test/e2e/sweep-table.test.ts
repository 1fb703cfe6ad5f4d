// The sweep table in a browser: a real `runyard serve` on a sweep the Python module
// wrote (config.beta, params.seed, results/summary.csv), and Chromium. A config column
// is added with the picker and sorted as numbers, a value filter shows exactly the runs
// it matches, a copied address brings back the same table, and the CSV download holds
// the table as shown.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeWithReference, hasReference } from '../helpers/reference';
import { writeBetaSweep } from '../helpers/sweep';
import { describeE2E, fileTempDir, useBrowser, useServer } from './harness';
import { filterBox, filterCount, openApp, runsTable, shownIds, typeFilter } from './ui';

const POLL = { timeout: 15_000, interval: 50 };
// 2 and 10 sort after 0.55 as numbers, but before 0.4 as text.
const BETAS = [0.1, 0.25, 0.4, 0.55, 2, 10];

const betaCells = (page: Page) =>
  runsTable(page)
    .locator('tbody td[data-col="config.beta"]')
    .evaluateAll((els) => els.map((e) => e.textContent ?? ''));
const headers = (page: Page) =>
  runsTable(page)
    .locator('thead th')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));

// The sweep is written by the Python module: without it the suite skips and says why.
(hasReference ? describeE2E : describeWithReference)('the sweep table in a browser', () => {
  let ids: Record<string, number> = {};
  const byBeta = (pred: (b: number) => boolean) =>
    Object.entries(ids)
      .filter(([, b]) => pred(b))
      .sort((a, b) => a[1] - b[1])
      .map(([id]) => id);
  const server = useServer(() => {
    const dir = path.join(fileTempDir('runyard-e2e-sweep-'), 'runs');
    fs.mkdirSync(dir);
    ids = writeBetaSweep(dir, BETAS).ids;
    return dir;
  });
  const chromium = useBrowser();

  it('adds config.beta with the picker, sorts it as numbers, filters by it, and exports the table as CSV', async () => {
    const page = await chromium.page();
    await openApp(page, server());
    await page.getByRole('button', { name: 'Columns' }).click();
    const picker = page.getByRole('dialog', { name: 'Columns' });
    await picker.getByRole('searchbox', { name: 'Search columns' }).fill('beta');
    await picker.getByRole('checkbox', { name: /config\.beta/ }).check();
    await page.keyboard.press('Escape');
    await expect.poll(() => headers(page), POLL).toContain('config.beta');
    await expect.poll(async () => (await betaCells(page)).sort(), POLL).toEqual(BETAS.map(String).sort());

    await runsTable(page).getByRole('button', { name: 'config.beta' }).click();
    await expect.poll(() => betaCells(page), POLL).toEqual(['0.1', '0.25', '0.4', '0.55', '2', '10']);
    await runsTable(page).getByRole('button', { name: 'config.beta' }).click();
    await expect.poll(() => betaCells(page), POLL).toEqual(['10', '2', '0.55', '0.4', '0.25', '0.1']);

    await typeFilter(page, 'config.beta>0.3');
    const high = byBeta((b) => b > 0.3).reverse();
    await expect.poll(() => shownIds(page), POLL).toEqual(high);
    await expect(filterCount(page).textContent()).resolves.toBe(`${high.length} of ${BETAS.length} runs`);

    // The address names the filter, the sort and the columns, and never the token.
    const hash = decodeURIComponent(new URL(page.url()).hash);
    expect(hash).toContain('q=config.beta>0.3');
    expect(hash).toContain('sort=-config.beta');
    expect(hash).toMatch(/cols=[^&]*config\.beta/);
    expect(page.url()).not.toContain(server().token);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('runs-runs.csv');
    const text = fs.readFileSync((await download.path())!, 'utf8');
    const lines = text.split('\r\n');
    const header = lines[0]!.split(',');
    expect(header).toContain('config.beta');
    expect(header).toContain('run_id');
    const at = (row: string, col: string) => row.split(',')[header.indexOf(col)];
    expect(lines.slice(1, -1).map((l) => at(l, 'run_id'))).toEqual(high);
    expect(lines.slice(1, -1).map((l) => at(l, 'config.beta'))).toEqual(['10', '2', '0.55', '0.4']);
    expect(lines.at(-1)).toBe('');
  });

  it('opens a copied address with columns, filter and sort on the same table', async () => {
    const page = await chromium.page();
    const url = new URL(server().url);
    url.hash = '#/runs?q=config.beta%3C1&sort=config.beta&cols=id,config.beta,results.summary.infected';
    await page.goto(url.toString());
    await expect.poll(() => headers(page), POLL).toEqual(['ID', 'config.beta', 'results.summary.infected']);
    const low = byBeta((b) => b < 1);
    await expect.poll(() => shownIds(page), POLL).toEqual(low);
    await expect.poll(() => betaCells(page), POLL).toEqual(['0.1', '0.25', '0.4', '0.55']);
    const infected = await runsTable(page)
      .locator('tbody td[data-col="results.summary.infected"]')
      .evaluateAll((els) => els.map((e) => e.textContent));
    expect(infected).toEqual(['100', '250', '400', '550']);
    await expect(filterBox(page).inputValue()).resolves.toBe('config.beta<1');
  });
});
