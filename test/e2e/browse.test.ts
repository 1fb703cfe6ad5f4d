// Reading a runs directory in the browser as a researcher does: every run in the table,
// sorting, filtering by text and tokens, each tab of a run, comparing runs, the
// keyboard alone, and a token the server does not accept. One `runyard serve` on a
// fresh demo directory serves the whole file; nothing here changes it.
import fs from 'node:fs';
import { expect, it } from 'vitest';
import { demoCopy, describeE2E, saveFailureArtifacts, useBrowser, useServer } from './harness';
import { serve } from '../helpers/serve';
import {
  bodyRows,
  columnText,
  filterBox,
  filterCount,
  idsWhere,
  openApp,
  openDetail,
  rowOf,
  runsOnDisk,
  runsTable,
  shownIds,
  typeFilter,
  type RunOnDisk,
} from './ui';

const POLL = { timeout: 10_000, interval: 50 };

describeE2E('browsing a runs directory in the browser', () => {
  let dir = '';
  let runs: RunOnDisk[] = [];
  const server = useServer(() => {
    dir = demoCopy();
    runs = runsOnDisk(dir);
    return dir;
  });
  const chromium = useBrowser();
  const byDescription = (d: string) => runs.find((r) => r.description === d)!;

  it('shows every run of the directory, newest first', async () => {
    const page = await chromium.page();
    await openApp(page, server());
    expect(runs.length).toBe(12);
    await expect.poll(() => bodyRows(page).count(), POLL).toBe(runs.length);
    expect((await shownIds(page)).sort()).toEqual(runs.map((r) => r.run_id).sort());
    await expect.poll(() => filterCount(page).textContent(), POLL).toBe(`${runs.length} runs`);
    // The default order is newest first: the demo's newest run is the unicode one made an hour ago.
    expect((await shownIds(page))[0]).toBe(byDescription('Étude — Tyne & Wear 🦠 «sensibilité»').run_id);
    await expect(page.getByRole('columnheader', { name: 'Created' }).getAttribute('aria-sort')).resolves.toBe(
      'descending',
    );
  });

  it('sorts by a column, both ways', async () => {
    const page = await chromium.page();
    await openApp(page, server());
    const header = page.getByRole('columnheader', { name: 'Description' });
    await header.getByRole('button').click();
    await expect.poll(() => header.getAttribute('aria-sort'), POLL).toBe('ascending');
    const ascending = [...runs.map((r) => r.description)].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    await expect.poll(() => columnText(page, 'description'), POLL).toEqual(ascending);

    await header.getByRole('button').click();
    await expect.poll(() => header.getAttribute('aria-sort'), POLL).toBe('descending');
    await expect.poll(() => columnText(page, 'description'), POLL).toEqual([...ascending].reverse());

    const status = page.getByRole('columnheader', { name: 'Status' });
    await status.getByRole('button').click();
    await expect.poll(() => status.getAttribute('aria-sort'), POLL).toBe('ascending');
    const statuses = await bodyRows(page).locator('td.cell-status').allTextContents();
    expect(statuses).toEqual([...runs.map((r) => r.status)].sort());
  });

  it('filters by free text, by tokens, and by the facets', async () => {
    const page = await chromium.page();
    await openApp(page, server());
    const expectShown = async (ids: string[]) => {
      await expect.poll(async () => (await shownIds(page)).sort(), POLL).toEqual(ids);
      await expect
        .poll(() => filterCount(page).textContent(), POLL)
        .toBe(ids.length === runs.length ? `${runs.length} runs` : `${ids.length} of ${runs.length} runs`);
    };

    await typeFilter(page, 'sweep');
    const sweeps = idsWhere(runs, (r) => /sweep/i.test(r.description) || r.tags.includes('sweep'));
    expect(sweeps.length).toBe(6);
    await expectShown(sweeps);

    await typeFilter(page, 'status:failed');
    await expectShown(idsWhere(runs, (r) => r.status === 'failed'));

    await typeFilter(page, 'tag:sweep status:failed');
    await expectShown(idsWhere(runs, (r) => r.status === 'failed' && r.tags.includes('sweep')));

    const long = byDescription('Long run to June 2020');
    await typeFilter(page, `parent:${long.run_id.slice(0, 8)}`);
    await expectShown(idsWhere(runs, (r) => r.parent_run_id === long.run_id));

    await typeFilter(page, 'before:someday');
    await page.getByRole('alert').filter({ hasText: 'before' }).first().waitFor();

    await typeFilter(page, 'nothing-matches-this');
    await expectShown([]);
    await page.getByText('No runs match.').waitFor();

    // A facet adds its token to the filter box, and a second click takes it out again.
    await typeFilter(page, '');
    const running = idsWhere(runs, (r) => r.status === 'running');
    const facet = page.getByRole('complementary', { name: 'Facets' }).getByRole('button', { name: /^running \(/ });
    await expect(facet.getAttribute('aria-label')).resolves.toBe(`running (${running.length})`);
    await facet.click();
    await expect.poll(() => filterBox(page).inputValue(), POLL).toBe('status:running');
    await expectShown(running);
    await expect(facet.getAttribute('aria-pressed')).resolves.toBe('true');
    await page
      .getByRole('complementary', { name: 'Facets' })
      .getByRole('button', { name: /^long \(/ })
      .click();
    await expectShown(idsWhere(runs, (r) => r.status === 'running' && r.tags.includes('long')));
    await facet.click();
    await expect.poll(() => filterBox(page).inputValue(), POLL).toBe('tag:long');
    await expectShown(idsWhere(runs, (r) => r.tags.includes('long')));
  });

  it('opens each tab of a run', async () => {
    const page = await chromium.page();
    await openApp(page, server());
    const long = byDescription('Long run to June 2020');
    const detail = await openDetail(page, long.run_id);
    const tab = (name: string) => detail.getByRole('tab', { name, exact: true });
    const panel = detail.getByRole('tabpanel');
    const show = async (name: string) => {
      await tab(name).click();
      await expect.poll(() => tab(name).getAttribute('aria-selected'), POLL).toBe('true');
    };

    await detail.getByRole('heading', { name: 'Long run to June 2020' }).waitFor();
    // Overview: every metadata key, extra ones marked, and both times.
    await panel.getByRole('rowheader', { name: /^seed/ }).waitFor();
    await expect(panel.getByRole('rowheader', { name: /^seed/ }).textContent()).resolves.toContain('extra');
    await expect(panel.getByRole('rowheader', { name: /^world_path/ }).textContent()).resolves.toContain('extra');
    await expect(panel.getByText(long.run_id, { exact: true }).first().isVisible()).resolves.toBe(true);
    await expect(panel.getByRole('region', { name: 'Times' }).textContent()).resolves.toMatch(
      /created.*\(20 days ago\)/,
    );

    await show('Config');
    await panel.getByRole('list', { name: 'config.yaml' }).waitFor();
    await expect(panel.getByRole('list', { name: 'config.yaml' }).textContent()).resolves.toContain('North East');
    await expect(panel.getByRole('list', { name: 'config.yaml' }).textContent()).resolves.toMatch(/days: ?120/);

    await show('Params');
    await panel.getByText('This run has no run_params.json').waitFor();

    await show('Checkpoints');
    for (const name of ['checkpoint_2020-04-01', 'checkpoint_2020-05-01']) {
      const files = panel.getByRole('table', { name: `Files of ${name}` });
      await files.waitFor();
      await expect(files.locator('tbody tr').count()).resolves.toBe(2);
    }
    await expect(panel.getByRole('button', { name: 'Resume from here' }).count()).resolves.toBe(2);

    await show('Logs');
    const log = panel.getByLabel('Log logs/simulation.log');
    await expect.poll(() => log.textContent(), POLL).toContain(`JUNE starting run ${long.run_id}`);

    await show('Results');
    await panel.getByRole('button', { name: 'summary.csv' }).click();
    await panel.getByRole('table', { name: 'Preview of summary.csv' }).waitFor();
    await expect(
      panel.getByRole('img', { name: /summary\.csv: susceptible, infected, recovered, deaths over day/ }).isVisible(),
    ).resolves.toBe(true);
    // The demo's PNG plot arrives through the API and is decoded under the page's CSP (img-src data:).
    await panel.getByRole('button', { name: 'epidemic_curve.png' }).click();
    const plot = panel.getByRole('img', { name: 'epidemic_curve.png' });
    await expect.poll(() => plot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), POLL).toBe(360);
    await plot.click();
    const larger = page.getByRole('dialog', { name: 'epidemic_curve.png' });
    await expect
      .poll(
        () =>
          larger
            .getByRole('img', { name: 'epidemic_curve.png' })
            .evaluate((img: HTMLImageElement) => img.naturalHeight),
        POLL,
      )
      .toBe(220);
    await page.keyboard.press('Escape');
    await expect.poll(() => larger.count(), POLL).toBe(0);

    await show('Lineage');
    const children = runs.filter((r) => r.parent_run_id === long.run_id);
    expect(children.length).toBe(2);
    for (const c of children)
      await panel.getByRole('button', { name: new RegExp(`^Run ${c.run_id.slice(0, 8)}`) }).waitFor();
    await expect(panel.locator('text.ry-lineage__edge-label').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['checkpoint_2020-04-01', 'checkpoint_2020-05-01']),
    );

    // A node opens that run.
    const lockdown = byDescription('Lockdown from 2020-04-01');
    await panel.getByRole('button', { name: new RegExp(`^Run ${lockdown.run_id.slice(0, 8)}`) }).click();
    await page
      .getByRole('region', { name: `Run ${lockdown.run_id.slice(0, 8)}` })
      .getByRole('heading', { name: 'Lockdown from 2020-04-01' })
      .waitFor();
  });

  it('compares two runs side by side, and can hide what they share', async () => {
    const page = await chromium.page();
    await openApp(page, server());
    const a = byDescription('Household beta sweep 0.15');
    const b = byDescription('Household beta sweep 0.20');
    await rowOf(page, a.run_id).click();
    await rowOf(page, b.run_id).click({ modifiers: ['Control'] });
    await expect.poll(() => page.getByText('2 selected').count(), POLL).toBe(1);
    await page.getByRole('toolbar', { name: 'Run actions' }).getByRole('button', { name: 'Compare' }).click();

    const dialog = page.getByRole('dialog', { name: 'Compare 2 runs' });
    const table = dialog.getByRole('table', { name: 'Run comparison' });
    await table.waitFor();
    await expect(table.locator('thead th').allTextContents()).resolves.toEqual([
      'Key',
      expect.stringContaining(a.run_id.slice(0, 8)),
      expect.stringContaining(b.run_id.slice(0, 8)),
    ]);
    const betaRow = table.getByRole('row', { name: /^beta\.household/ });
    await expect(betaRow.getByRole('cell').allTextContents()).resolves.toEqual(['0.15', '0.2']);
    const regionRow = table.getByRole('row', { name: /^region/ });
    await expect(regionRow.isVisible()).resolves.toBe(true);

    await dialog.getByRole('checkbox', { name: 'Only differences' }).check();
    await expect.poll(() => regionRow.count(), POLL).toBe(0);
    await expect(betaRow.isVisible()).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count(), POLL).toBe(0);
  });

  it('works by keyboard alone: / to filter, ↑/↓ to move, Enter to open, Escape to go back', async () => {
    const page = await chromium.page();
    await openApp(page, server());
    const focusedLabel = () =>
      page.evaluate(
        () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName ?? null,
      );

    await page.keyboard.press('/');
    await expect.poll(focusedLabel, POLL).toBe('Filter runs');
    await page.keyboard.type('sweep');
    const sweeps = idsWhere(runs, (r) => r.tags.includes('sweep'));
    await expect.poll(() => bodyRows(page).count(), POLL).toBe(sweeps.length);
    const order = await shownIds(page);

    // ↓ leaves the filter for the table and puts the cursor on the first row.
    await page.keyboard.press('ArrowDown');
    const cursorId = () =>
      runsTable(page).locator('tbody tr[aria-selected="true"] td.cell-id code').getAttribute('title');
    await expect.poll(cursorId, POLL).toBe(order[0]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(cursorId, POLL).toBe(order[2]);
    await page.keyboard.press('ArrowUp');
    await expect.poll(cursorId, POLL).toBe(order[1]);

    await page.keyboard.press('Enter');
    const detail = page.getByRole('region', { name: `Run ${order[1]!.slice(0, 8)}` });
    await detail.waitFor();
    // Tab to the tab list, then the arrow keys move between tabs.
    await detail.getByRole('tab', { name: 'Overview' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => detail.getByRole('tab', { name: 'Config' }).getAttribute('aria-selected'), POLL)
      .toBe('true');

    await page.keyboard.press('Escape');
    await expect.poll(() => detail.count(), POLL).toBe(0);
    await expect.poll(() => bodyRows(page).count(), POLL).toBe(sweeps.length);

    // Escape in the filter clears it; the whole directory is back.
    await page.keyboard.press('/');
    await expect.poll(focusedLabel, POLL).toBe('Filter runs');
    await page.keyboard.press('Escape');
    await expect.poll(() => filterBox(page).inputValue(), POLL).toBe('');
    await expect.poll(() => bodyRows(page).count(), POLL).toBe(runs.length);
  });

  it('keeps the view in the address: reload, Back inside the app, and a copied link without the token', async () => {
    const page = await chromium.page();
    const s = server();
    await openApp(page, s);
    const target = byDescription('Long run to June 2020');
    await typeFilter(page, 'tag:long -status:failed');
    await expect.poll(() => page.url(), POLL).toBe(`${s.origin}/#/runs?q=tag%3Along%20-status%3Afailed`);
    const detail = await openDetail(page, target.run_id);
    await detail.getByRole('tab', { name: 'Logs' }).click();
    const logsUrl = `${s.origin}/#/runs/${target.run_id}/logs?q=tag%3Along%20-status%3Afailed`;
    await expect.poll(() => page.url(), POLL).toBe(logsUrl);

    await page.reload();
    const logsTab = page
      .getByRole('region', { name: `Run ${target.run_id.slice(0, 8)}` })
      .getByRole('tab', { name: 'Logs' });
    await expect.poll(() => logsTab.getAttribute('aria-selected'), POLL).toBe('true');
    expect(page.url()).toBe(logsUrl);

    // Back: the Overview tab, then the filtered table, without leaving the app.
    await page.goBack();
    await expect
      .poll(() => page.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected'), POLL)
      .toBe('true');
    await page.goBack();
    const long = idsWhere(runs, (r) => r.tags.includes('long') && r.status !== 'failed');
    await expect.poll(async () => (await shownIds(page)).sort(), POLL).toEqual(long);
    expect(await filterBox(page).inputValue()).toBe('tag:long -status:failed');
    expect(page.url().startsWith(`${s.origin}/`)).toBe(true);
    await page.goForward();
    await page.getByRole('region', { name: `Run ${target.run_id.slice(0, 8)}` }).waitFor();

    // A copied link, opened in a new page: the same view, and never the token.
    const copied = page.url();
    expect(copied).not.toContain(s.token);
    expect(copied).not.toContain('token');
    const other = await page.context().newPage();
    await other.goto(logsUrl);
    const otherLogs = other
      .getByRole('region', { name: `Run ${target.run_id.slice(0, 8)}` })
      .getByRole('tab', { name: 'Logs' });
    await expect.poll(() => otherLogs.getAttribute('aria-selected'), POLL).toBe('true');
    expect(other.url()).toBe(logsUrl);
    expect(other.url()).not.toContain(s.token);
  });

  it('refuses a wrong or missing token: the wrong-token screen, also when the server restarts with a new one', async () => {
    const s = server();
    // The page is public code; the runs are behind the token.
    const page = await chromium.page();
    const res = await page.goto(`${s.origin}/?token=${'0'.repeat(64)}`);
    expect(res?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Wrong or missing token' }).waitFor({ timeout: 20_000 });
    await page.getByText('The server refused the token.').waitFor();
    await expect(runsTable(page).count()).resolves.toBe(0);
    expect(page.url()).toBe(`${s.origin}/`);
    const bare = await chromium.page();
    await bare.goto(`${s.origin}/`);
    await bare.getByRole('heading', { name: 'Wrong or missing token' }).waitFor({ timeout: 20_000 });
    await bare.getByText('This page was opened without its access token.').waitFor();

    // A second server on the same folder; the page is open when it restarts with a new token.
    const first = await serve(dir);
    let second: Awaited<ReturnType<typeof serve>> | null = null;
    try {
      await openApp(page, first);
      await first.stop();
      second = await serve(dir, ['--port', String(first.port)]);
      expect(second.token).not.toBe(first.token);
      await page.getByRole('heading', { name: 'Wrong or missing token' }).waitFor({ timeout: 20_000 });
      await expect(runsTable(page).count()).resolves.toBe(0);

      await page.getByLabel('Access token').fill(second.token);
      await page.getByRole('button', { name: 'Connect' }).click();
      await expect.poll(() => bodyRows(page).count(), POLL).toBe(runs.length);
    } finally {
      await first.stop();
      await second?.stop();
    }
  });

  it('leaves a screenshot and a trace when a test fails', async () => {
    const page = await chromium.page();
    await openApp(page, server());
    const context = page.context();
    const saved = await saveFailureArtifacts({ context, page }, 'harness-self-check');
    try {
      expect(fs.statSync(saved.screenshot).size).toBeGreaterThan(10_000);
      expect(fs.readFileSync(saved.screenshot).subarray(1, 4).toString()).toBe('PNG');
      expect(fs.statSync(saved.trace).size).toBeGreaterThan(10_000);
      expect(fs.readFileSync(saved.trace).subarray(0, 2).toString()).toBe('PK');
    } finally {
      fs.rmSync(saved.screenshot, { force: true });
      fs.rmSync(saved.trace, { force: true });
      // Tracing was stopped by the save; the harness's own stop after the test must not mind.
      await context.tracing.start({ screenshots: false, snapshots: false });
    }
  });
});
