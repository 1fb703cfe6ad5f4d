// The Trash as a view of its own in the browser: a run moved to the trash by hand shows
// there (by its address and by the key T) with why in words; restoring it puts it back
// in the table; a reload stays on the Trash. A read-only serve shows the same list
// without anything that would change it. Real `runyard serve`, real Chromium.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CLI } from '../helpers/cli';
import { describeE2E, sampleCopy, useBrowser, useServer } from './harness';
import { bodyRows, openApp, rowOf } from './ui';

const POLL = { timeout: 15_000, interval: 50 };
const BASELINE = '9531985d-5d9d-49f8-9818-e811892f902b'; // completed, "Baseline calibration"
const PILOT = '6513270e-269e-4d37-b2a7-4de452e6b438'; // completed

const trashView = (page: Page) => page.getByRole('region', { name: 'Trash', exact: true });
const trashedRow = (page: Page, id: string) =>
  trashView(page)
    .getByRole('table', { name: 'Trashed runs' })
    .locator('tbody tr', { has: page.locator(`.ry-mono[title="${id}"]`) });

describeE2E('the Trash view in the browser', () => {
  let dir = '';
  const server = useServer(() => (dir = sampleCopy()));
  const chromium = useBrowser();

  it('shows a run moved to the trash by its address and by T, restores it into the table, and survives a reload', async () => {
    const page = await chromium.page();
    const s = server();
    await openApp(page, s);
    const before = await bodyRows(page).count();

    await rowOf(page, BASELINE).click();
    await page.keyboard.press('Delete');
    const dialog = page.getByRole('dialog', { name: 'Prune runs' });
    const move = dialog.getByRole('button', { name: 'Move to trash' });
    await expect.poll(() => move.isEnabled(), POLL).toBe(true);
    await move.click();
    await dialog.getByRole('status').filter({ hasText: 'Moved 1 run to the trash' }).waitFor();
    await dialog.locator('.ry-actions').getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => bodyRows(page).count(), POLL).toBe(before - 1);
    expect(fs.existsSync(path.join(dir, BASELINE))).toBe(false);
    const views = page.getByRole('navigation', { name: 'Views' });
    await expect.poll(() => views.getByRole('button', { name: 'Trash' }).textContent(), POLL).toBe('Trash1');

    // By its address: a view of its own, not a dialog over the table.
    await page.goto(`${s.origin}/#/trash`);
    await trashedRow(page, BASELINE).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await trashedRow(page, BASELINE).textContent()).toContain('Baseline calibration');
    expect(await trashedRow(page, BASELINE).locator('.ry-trash__policy').textContent()).toBe('removed by hand');

    // By the keyboard: R to the runs, T back to the trash.
    await page.keyboard.press('r');
    await rowOf(page, PILOT).waitFor();
    expect(page.url()).toBe(`${s.origin}/#/runs`);
    await page.keyboard.press('t');
    await trashedRow(page, BASELINE).waitFor();
    expect(page.url()).toBe(`${s.origin}/#/trash`);

    // A reload stays on the Trash.
    await page.reload();
    await trashedRow(page, BASELINE).waitFor({ timeout: 20_000 });
    expect(page.url()).toBe(`${s.origin}/#/trash`);

    await trashedRow(page, BASELINE).getByRole('button', { name: 'Restore', exact: true }).click();
    await trashView(page)
      .getByRole('status')
      .filter({ hasText: `Restored run ${BASELINE.slice(0, 8)}` })
      .waitFor();
    await expect.poll(() => trashedRow(page, BASELINE).count(), POLL).toBe(0);
    await trashView(page).getByText('The trash is empty.').waitFor();
    expect(fs.existsSync(path.join(dir, BASELINE, 'metadata.json'))).toBe(true);
    // No stale offer to undo a move that is already undone.
    expect(await page.locator('.notice', { hasText: 'Moved 1 run to the trash' }).count()).toBe(0);

    await views.getByRole('button', { name: 'Runs', exact: true }).click();
    await rowOf(page, BASELINE).waitFor();
    await expect.poll(() => bodyRows(page).count(), POLL).toBe(before);
  });
});

describeE2E('the Trash view on a read-only serve', () => {
  const server = useServer(() => {
    const d = sampleCopy();
    execFileSync(process.execPath, [CLI, '--dir', d, 'prune', '--run', PILOT, '--yes'], {
      stdio: 'ignore',
      env: { ...process.env, RUNYARD_DIR: '', RUNYARD_CACHE_DIR: 'off' },
    });
    return d;
  }, ['--read-only']);
  const chromium = useBrowser();

  it('lists the trash with no Restore, no selection and no Empty trash', async () => {
    const page = await chromium.page();
    const s = server();
    await page.goto(`${s.url.split('#')[0]}#/trash`);
    await trashedRow(page, PILOT).waitFor({ timeout: 20_000 });
    await trashView(page).getByRole('note').filter({ hasText: 'Read-only' }).waitFor();
    expect(
      await trashView(page)
        .getByRole('button', { name: /Restore|Empty trash/ })
        .count(),
    ).toBe(0);
    expect(await trashView(page).getByRole('checkbox').count()).toBe(0);
  });
});
