// Several runs folders in one window, through a real `runyard serve` and Chromium: a
// local folder and a remote one (ssh:// to a real OpenSSH server on loopback, the
// "cluster"), both in the folder bar; All folders shows every run with a Folder column
// and the filter finds across them; a remote run opens in its folder; and a run the
// cluster writes straight into its folder arrives without a reload. Skips, saying why,
// without sshd.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { makeRun } from '../helpers/live-runs';
import { serve, type Served } from '../helpers/serve';
import { useSshd } from '../helpers/use-sshd';
import { clusterFolder, describeE2E, fileTempDir, sampleCopy, useBrowser } from './harness';
import { bodyRows, columnText, filterCount, openDetail, rowOf, runsOnDisk, typeFilter } from './ui';

const POLL = { timeout: 20_000, interval: 50 };

const { sshd, itSsh } = await useSshd('the remote folder e2e test');

const folderBar = (page: Page) => page.getByRole('navigation', { name: 'Runs folders' });
const choice = (page: Page, name: RegExp) => folderBar(page).getByRole('button', { name });

describeE2E('several runs folders in one window', () => {
  const chromium = useBrowser();
  let server: Served | null = null;
  afterAll(async () => {
    await server?.stop();
  });

  itSsh(
    'a local and a remote folder: the folder bar, All folders with a Folder column, a remote run, a live change from the cluster',
    async () => {
      const local = sampleCopy();
      const { cluster, remote } = clusterFolder(sshd!, 'june-runs');
      makeRun(cluster, 'cluster-run-1', 'running', { description: 'Sweep on the cluster' });
      makeRun(cluster, 'cluster-run-2', 'failed', { description: 'Retry on the cluster' });
      fs.writeFileSync(path.join(cluster, 'cluster-run-1', 'logs', 'simulation.log'), '[INFO] cluster day 1\n');
      const localIds = runsOnDisk(local).map((r) => r.run_id);

      server = await serve(local, [remote], sshd!.env);
      expect(server.stdout()).toContain(`Runyard is serving ${local}, ${remote}`);
      const page = await chromium.page();
      await page.goto(server.url);
      // The first folder named is shown first, alone.
      await expect.poll(() => bodyRows(page).count(), POLL).toBe(localIds.length);

      // Both folders in the bar: the local one by name, the remote one with its host.
      await expect.poll(() => choice(page, /^sample-runs\s*12$/).getAttribute('aria-pressed'), POLL).toBe('true');
      const remoteChoice = choice(page, /127\.0\.0\.1.*june-runs\s*2/);
      await remoteChoice.waitFor();

      // All folders, by keyboard: every run of both, with the Folder column.
      await choice(page, /^All folders/).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => bodyRows(page).count(), POLL).toBe(localIds.length + 2);
      await page.getByRole('columnheader', { name: 'Folder' }).waitFor();
      const folders = await columnText(page, 'folder');
      expect(new Set(folders)).toEqual(new Set(['sample-runs', '127.0.0.1:june-runs']));
      expect(folders.filter((f) => f === '127.0.0.1:june-runs')).toHaveLength(2);
      // The cell's title is the folder in full.
      const titles = await bodyRows(page)
        .locator('td.cell-folder')
        .evaluateAll((els) => els.map((e) => e.getAttribute('title')));
      expect(new Set(titles)).toEqual(new Set([local, remote]));
      expect(page.url()).toContain('dir=*');

      // The filter finds across folders: the folder's name, then one run of the cluster.
      await typeFilter(page, 'june-runs');
      await expect.poll(() => bodyRows(page).count(), POLL).toBe(2);
      await typeFilter(page, 'Sweep on the cluster');
      await expect.poll(() => bodyRows(page).count(), POLL).toBe(1);
      await expect.poll(() => filterCount(page).textContent(), POLL).toContain('1');

      // Opening it opens the run in its own folder, there through the agent.
      const detail = await openDetail(page, 'cluster-run-1');
      await expect.poll(() => detail.textContent(), POLL).toContain('Sweep on the cluster');
      expect(decodeURIComponent(page.url())).toContain(`dir=${remote}`);
      await expect.poll(() => remoteChoice.getAttribute('aria-pressed'), POLL).toBe('true');
      await detail.getByRole('tab', { name: 'Logs' }).click();
      await expect.poll(() => detail.locator('pre.log-text').textContent(), POLL).toContain('cluster day 1');

      // Back to the cluster's table; the cluster writes a run straight into its folder.
      await page.getByRole('button', { name: 'Back to runs' }).click();
      await typeFilter(page, '');
      await expect.poll(() => bodyRows(page).count(), POLL).toBe(2);
      makeRun(cluster, 'cluster-run-3', 'running', { description: 'Started on the cluster just now' });
      await rowOf(page, 'cluster-run-3').waitFor({ timeout: 20_000 });
      await choice(page, /127\.0\.0\.1.*june-runs\s*3/).waitFor();
      // A log line written there reaches the open run too.
      await openDetail(page, 'cluster-run-1');
      await page.getByRole('tab', { name: 'Logs' }).click();
      fs.appendFileSync(path.join(cluster, 'cluster-run-1', 'logs', 'simulation.log'), '[INFO] cluster day 2\n');
      await expect.poll(() => page.locator('pre.log-text').textContent(), POLL).toContain('cluster day 2');
    },
    120_000,
  );

  it('two local folders: choose one by the bar, the address keeps it over a reload, closing the other', async () => {
    const a = sampleCopy();
    const b = path.join(fileTempDir('runyard-e2e-b-'), 'other-runs');
    fs.mkdirSync(b);
    makeRun(b, 'other-run-1');
    const local = await serve(a, [b]);
    try {
      const page = await chromium.page();
      await page.goto(local.url);
      await expect.poll(() => bodyRows(page).count(), POLL).toBe(runsOnDisk(a).length);
      await choice(page, /^other-runs\s*1$/).click();
      await rowOf(page, 'other-run-1').waitFor();
      await expect.poll(() => bodyRows(page).count(), POLL).toBe(1);
      expect(decodeURIComponent(page.url())).toContain(`dir=${b}`);
      await page.reload();
      await rowOf(page, 'other-run-1').waitFor();
      await expect.poll(() => choice(page, /^other-runs/).getAttribute('aria-pressed'), POLL).toBe('true');
      // Closing the other folder leaves one: no bar, the same table.
      await folderBar(page)
        .getByRole('button', { name: `Close ${a}` })
        .click();
      await folderBar(page).waitFor({ state: 'detached' });
      await expect.poll(() => bodyRows(page).count(), POLL).toBe(1);
    } finally {
      await local.stop();
    }
  }, 60_000);
});
