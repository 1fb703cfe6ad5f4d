// Value columns in the All folders view, through a real `runyard serve` and Chromium: two
// local sweeps the Python module wrote, each with its own config.beta values; All folders
// shows both with a Folder column, the picker adds config.beta, every row shows its own
// folder's value, sorting by it orders the runs of both folders together as numbers, and
// a value filter compares each run's own value. The picker lists the keys of both folders.
// Charts and Compare across the two: a dot per run with its own folder's values, and two
// runs from different folders side by side and overlaid in one results chart.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { describeWithReference, hasReference } from '../helpers/reference';
import { serve, type Served } from '../helpers/serve';
import { writeBetaSweep } from '../helpers/sweep';
import { describeE2E, fileTempDir, useBrowser } from './harness';
import { bodyRows, columnText, rowOf, runsTable, shownIds, typeFilter } from './ui';

const POLL = { timeout: 20_000, interval: 50 };

const betaCells = (page: Page) =>
  runsTable(page)
    .locator('tbody td[data-col="config.beta"]')
    .evaluateAll((els) => els.map((e) => e.textContent ?? ''));

(hasReference ? describeE2E : describeWithReference)('value columns across folders', () => {
  const chromium = useBrowser();
  let server: Served | null = null;
  afterAll(async () => {
    await server?.stop();
  });

  it("All folders: a config column shows each run its own folder's value and sorts both folders as numbers", async () => {
    const made = (name: string) => {
      const dir = path.join(fileTempDir(`runyard-e2e-${name}-`), name);
      fs.mkdirSync(dir);
      return dir;
    };
    const a = made('spring-runs');
    const b = made('autumn-runs');
    // 2 and 10 sort after 0.55 as numbers, before 0.4 as text; the folders interleave.
    const inA = writeBetaSweep(a, [0.1, 0.4, 10], { season: 'spring' }).ids;
    const inB = writeBetaSweep(b, [0.25, 2], { season: 'autumn', lockdown: true }).ids;
    const want = new Map<string, { folder: string; beta: number }>([
      ...Object.entries(inA).map(([id, beta]) => [id, { folder: 'spring-runs', beta }] as const),
      ...Object.entries(inB).map(([id, beta]) => [id, { folder: 'autumn-runs', beta }] as const),
    ]);

    server = await serve(a, [b]);
    const page = await chromium.page();
    await page.goto(server.url);
    await bodyRows(page).first().waitFor({ timeout: 20_000 });
    await page
      .getByRole('navigation', { name: 'Runs folders' })
      .getByRole('button', { name: /^All folders/ })
      .click();
    await expect.poll(() => bodyRows(page).count(), POLL).toBe(want.size);
    await page.getByRole('columnheader', { name: 'Folder' }).waitFor();

    await page.getByRole('button', { name: 'Columns' }).click();
    const picker = page.getByRole('dialog', { name: 'Columns' });
    // The picker lists every folder's keys: one only the autumn runs have, and one that
    // is the same within each folder but differs between them, so it varies.
    await picker.getByRole('checkbox', { name: /config\.lockdown/ }).waitFor(POLL);
    await expect
      .poll(() => picker.locator('label', { hasText: 'config.season' }).textContent(), POLL)
      .toContain('varies');
    await picker.getByRole('searchbox', { name: 'Search columns' }).fill('beta');
    await picker.getByRole('checkbox', { name: /config\.beta/ }).check();
    await page.keyboard.press('Escape');

    // Each row: its own folder, and the beta that folder's run has on disk.
    const rows = async () => {
      const [ids, folders, betas] = await Promise.all([shownIds(page), columnText(page, 'folder'), betaCells(page)]);
      return ids.map((id, i) => `${folders[i]} ${id} ${betas[i]}`).sort();
    };
    const expected = [...want].map(([id, w]) => `${w.folder} ${id} ${w.beta}`).sort();
    await expect.poll(rows, POLL).toEqual(expected);

    // Sorting by it orders both folders' runs together, as numbers, both ways.
    const header = runsTable(page).getByRole('button', { name: 'config.beta' });
    await header.click();
    await expect.poll(() => betaCells(page), POLL).toEqual(['0.1', '0.25', '0.4', '2', '10']);
    expect(await columnText(page, 'folder')).toEqual([
      'spring-runs',
      'autumn-runs',
      'spring-runs',
      'autumn-runs',
      'spring-runs',
    ]);
    await header.click();
    await expect.poll(() => betaCells(page), POLL).toEqual(['10', '2', '0.4', '0.25', '0.1']);
    // A value filter compares each run's own value, in both folders.
    await typeFilter(page, 'config.beta>0.3');
    await expect.poll(() => betaCells(page), POLL).toEqual(['10', '2', '0.4']);
    expect(decodeURIComponent(page.url())).toContain('dir=*');
    expect(decodeURIComponent(page.url())).toContain('sort=-config.beta');
  }, 90_000);
  it('All folders: the sweep chart has a dot per run from both folders, and Compare puts a local and a cluster run side by side', async () => {
    const made = (name: string) => {
      const dir = path.join(fileTempDir(`runyard-e2e-${name}-`), name);
      fs.mkdirSync(dir);
      return dir;
    };
    const local = made('local-runs');
    const cluster = made('cluster-runs');
    const inLocal = writeBetaSweep(local, [0.1, 0.4]).ids;
    const inCluster = writeBetaSweep(cluster, [0.25, 2]).ids;
    const both = await serve(local, [cluster]);
    try {
      const page = await chromium.page();
      await page.goto(both.url);
      await bodyRows(page).first().waitFor({ timeout: 20_000 });
      await page
        .getByRole('navigation', { name: 'Runs folders' })
        .getByRole('button', { name: /^All folders/ })
        .click();
      await expect.poll(() => bodyRows(page).count(), POLL).toBe(4);

      // Charts: the result (the last infected, beta × 1000 in each run's summary.csv) against beta.
      await page
        .getByRole('navigation', { name: 'Views' })
        .getByRole('button', { name: /^Charts/ })
        .click();
      await page.getByLabel('Across (x)').selectOption('config.beta', POLL);
      await page.getByLabel('Result (y)').selectOption('results.summary.infected', POLL);
      const chart = page.getByRole('group', { name: 'results.summary.infected against config.beta, 4 runs' });
      await chart.waitFor(POLL);
      const dots = await chart.getByRole('button').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
      expect(dots.sort()).toEqual(
        [0.1, 0.25, 0.4, 2]
          .map((b) => `beta ${b}: config.beta = ${b}, results.summary.infected = ${Math.round(b * 1000)}`)
          .sort(),
      );

      // Compare a local run and a cluster run.
      await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /^Runs/ }).click();
      const localId = Object.keys(inLocal).find((id) => inLocal[id] === 0.4)!;
      const clusterId = Object.keys(inCluster).find((id) => inCluster[id] === 2)!;
      await rowOf(page, localId).click();
      await rowOf(page, clusterId).click({ modifiers: ['Control'] });
      await page.getByRole('toolbar', { name: 'Run actions' }).getByRole('button', { name: 'Compare' }).click();
      const dialog = page.getByRole('dialog', { name: 'Compare 2 runs' });
      const table = dialog.getByRole('table', { name: 'Run comparison' });
      await table.waitFor(POLL);
      const heads = (await table.locator('thead th').allTextContents()).slice(1).sort();
      expect(heads).toHaveLength(2);
      expect(heads).toEqual(
        expect.arrayContaining([
          expect.stringContaining(`${clusterId.slice(0, 8)} in cluster-runs`),
          expect.stringContaining(`${localId.slice(0, 8)} in local-runs`),
        ]),
      );
      const betaRow = table.getByRole('row', { name: /^beta/ });
      expect((await betaRow.getByRole('cell').allTextContents()).sort()).toEqual(['0.4', '2']);
      expect(await dialog.locator('.ry-error').count()).toBe(0);

      // The results chart: one line per run, from each folder's summary.csv, named with its folder.
      await dialog.getByRole('button', { name: 'Results chart' }).click();
      await dialog.getByRole('img', { name: 'infected over day for 2 runs' }).waitFor(POLL);
      const legend = dialog.getByRole('list', { name: 'Runs (toggle a line)' });
      expect((await legend.getByRole('button').allTextContents()).sort()).toEqual([
        'cluster-runs: beta 2',
        'local-runs: beta 0.4',
      ]);
    } finally {
      await both.stop();
    }
  }, 90_000);
});
