// Comparing a sweep in the browser: three runs of a sweep the Python module wrote,
// overlaid in Compare's results chart (three lines, named by beta), hover values that
// match the files on disk, a log scale, a line hidden from the legend; and the charts
// view's scatter of a result against beta, whose dot opens its run; the chart's file and
// column kept in the address across a reload.
import path from 'node:path';
import { expect, it } from 'vitest';
import { infectedAt, writeSeriesSweep, type SeriesRun } from '../helpers/series-sweep';
import { describeWithReference, hasReference } from '../helpers/reference';
import { describeE2E, fileTempDir, useBrowser, useServer } from './harness';
import { openApp, rowOf } from './ui';

// Needs both Chromium and the reference module; each skip says which is missing.
const describeBoth = hasReference ? describeE2E : describeWithReference;

describeBoth('charts across the runs of a sweep', () => {
  let runs: SeriesRun[] = [];
  const server = useServer(() => {
    const dir = path.join(fileTempDir('runyard-e2e-sweep-'), 'runs');
    runs = writeSeriesSweep(dir, { betas: [0.1, 0.3, 0.5, 0.7], steps: 50 });
    return dir;
  });
  const chromium = useBrowser();

  it('overlays three selected runs, shows their values under the cursor, and switches to a log scale', async () => {
    const page = await chromium.page({ viewport: { width: 1280, height: 900 } });
    await openApp(page, server());
    const picked = runs.slice(0, 3);
    await rowOf(page, picked[0]!.id).click();
    for (const r of picked.slice(1)) await rowOf(page, r.id).click({ modifiers: ['Control'] });
    await page.getByText('3 selected').waitFor();
    await page.getByRole('toolbar', { name: 'Run actions' }).getByRole('button', { name: 'Compare' }).click();
    const dialog = page.getByRole('dialog', { name: 'Compare 3 runs' });
    await dialog.getByRole('button', { name: 'Results chart' }).click();

    const chart = dialog.getByRole('img', { name: 'infected over step for 3 runs' });
    await chart.waitFor();
    expect(await dialog.getByLabel('Results file').inputValue()).toBe('timeseries.csv');
    expect(await chart.locator('path.ry-overlay__line').count()).toBe(3);
    const legend = dialog.getByRole('list', { name: 'Runs (toggle a line)' });
    expect(await legend.getByRole('button').allTextContents()).toEqual(['beta=0.1', 'beta=0.3', 'beta=0.5']);

    // Hover the middle of the plot: every run's value at that step, as in its file.
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.5);
    const tip = dialog.getByRole('status', { name: 'Values at the cursor' });
    await tip.waitFor();
    const step = Number(/step (\d+)/.exec((await tip.locator('.ry-overlay__tipx').textContent())!)![1]);
    expect(step).toBeGreaterThan(10);
    expect(step).toBeLessThan(40);
    expect(await tip.locator('li').allTextContents()).toEqual(
      [...picked].reverse().map((r) => `beta=${r.beta}${infectedAt(r.beta, 1, step)}`),
    );

    const linearTicks = await chart.locator('.ry-overlay__ytick text').allTextContents();
    await dialog.getByRole('checkbox', { name: 'Log scale' }).check();
    const logChart = dialog.getByRole('img', { name: 'infected over step for 3 runs, log scale' });
    await logChart.waitFor();
    const logTicks = await logChart.locator('.ry-overlay__ytick text').allTextContents();
    expect(logTicks).not.toEqual(linearTicks);
    // 101 … 2451: 1-2-5 steps, not the linear ones.
    expect(logTicks).toEqual(['200', '500', '1000', '2000']);

    // The legend from the keyboard: Space hides beta=0.3's line.
    await legend.getByRole('button', { name: 'beta=0.3' }).focus();
    await page.keyboard.press('Space');
    await dialog.getByRole('img', { name: 'infected over step for 2 runs, log scale' }).waitFor();
    expect(await legend.getByRole('button', { name: 'beta=0.3' }).getAttribute('aria-pressed')).toBe('false');
  });

  it("keeps the chart's file and column in the address: a reload shows the same chart", async () => {
    const page = await chromium.page({ viewport: { width: 1280, height: 900 } });
    await openApp(page, server());
    const picked = runs.slice(1, 3);
    await rowOf(page, picked[0]!.id).click();
    await rowOf(page, picked[1]!.id).click({ modifiers: ['Control'] });
    await page.getByRole('toolbar', { name: 'Run actions' }).getByRole('button', { name: 'Compare' }).click();
    const dialog = page.getByRole('dialog', { name: 'Compare 2 runs' });
    await dialog.getByRole('button', { name: 'Results chart' }).click();
    await dialog.getByRole('img', { name: 'infected over step for 2 runs' }).waitFor();
    await dialog.getByLabel('Column').selectOption('recovered');
    await dialog.getByRole('img', { name: 'recovered over step for 2 runs' }).waitFor();
    expect(new URL(page.url()).hash).toMatch(/\/chart\?file=timeseries\.csv&column=recovered$/);

    await page.reload();
    const again = page.getByRole('dialog', { name: 'Compare 2 runs' });
    const chart = again.getByRole('img', { name: 'recovered over step for 2 runs' });
    await chart.waitFor({ timeout: 20_000 });
    expect(await again.getByLabel('Results file').inputValue()).toBe('timeseries.csv');
    expect(await again.getByLabel('Column').inputValue()).toBe('recovered');
    expect(await chart.locator('path.ry-overlay__line').count()).toBe(2);
  });

  it('plots the final infected count against beta for every run, and a dot opens its run', async () => {
    const page = await chromium.page({ viewport: { width: 1280, height: 900 } });
    await openApp(page, server());
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Charts' }).click();
    await page.getByLabel('Across (x)').waitFor();
    expect(await page.getByLabel('Across (x)').inputValue()).toBe('config.disease.beta');
    await page.getByLabel('Result (y)').selectOption('results.summary.infected');
    const plot = page.getByRole('group', { name: 'results.summary.infected against config.disease.beta, 4 runs' });
    await plot.waitFor();
    const top = runs[3]!;
    const dot = plot.getByRole('button', {
      name: `beta ${top.beta} seed 1: config.disease.beta = ${top.beta}, results.summary.infected = ${infectedAt(top.beta, 1, 49)}`,
    });
    await dot.hover();
    await page.getByRole('status', { name: 'The run under the cursor' }).getByText(top.id).waitFor();
    await dot.click();
    await page.getByRole('region', { name: `Run ${top.id.slice(0, 8)}` }).waitFor();
  });
});
