// New files in an open tab: a run is created while the page is open, its Logs tab is
// opened while logs/ is still empty, and then the "simulation" (this test) writes its
// first log lines and results/summary.csv. Both must show within 2 s without leaving
// the tab, and the new log must be followed as it grows.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { json, runCli } from '../helpers/cli';
import { describeE2E, sampleCopy, useBrowser, useServer } from './harness';
import { openApp, openDetail, rowOf } from './ui';

const SHOWN = { timeout: 2000, interval: 50 };

describeE2E('new files appear in an open tab', () => {
  let dir = '';
  const server = useServer(() => (dir = sampleCopy()));
  const chromium = useBrowser();

  for (const missingFolders of [false, true]) {
    it(`shows a log and a result written after the tab opened${missingFolders ? ' (logs/ and results/ made only then)' : ''}`, async () => {
      const page = await chromium.page();
      await openApp(page, server());
      const made = runCli([
        '--dir',
        dir,
        '--json',
        'create',
        '--description',
        `Live files ${missingFolders}`,
        '--tag',
        'e2e-live',
      ]);
      expect(made.code).toBe(0);
      const id = json<{ run_id: string }>(made).run_id;
      const run = path.join(dir, id);
      // A simulation that makes its folders itself, late.
      if (missingFolders) for (const sub of ['logs', 'results']) fs.rmSync(path.join(run, sub), { recursive: true });
      await rowOf(page, id).waitFor();
      const detail = await openDetail(page, id);

      await detail.getByRole('tab', { name: 'Logs' }).click();
      await expect.poll(() => detail.getByText('This run has no files in logs/.').count(), SHOWN).toBe(1);
      if (missingFolders) {
        // The watch is in place once run.watch has answered; give it a moment as a simulation would.
        await page.waitForTimeout(300);
        fs.mkdirSync(path.join(run, 'logs'));
        // Long enough for the tab to have listed the new, empty folder: the file must
        // then come from the folder's own watch, not from that listing.
        await page.waitForTimeout(800);
      }
      fs.appendFileSync(path.join(run, 'logs', 'sim.log'), '[INFO] day 1: 10 infected\n');
      const t0 = Date.now();
      const log = detail.locator('pre.log-text');
      await expect.poll(() => log.textContent(), SHOWN).toContain('[INFO] day 1: 10 infected');
      const logShownMs = Date.now() - t0;
      // Following the log that appeared later: its new lines arrive too.
      fs.appendFileSync(path.join(run, 'logs', 'sim.log'), '[INFO] day 2: 25 infected\n');
      await expect.poll(() => log.textContent(), SHOWN).toContain('[INFO] day 2: 25 infected');

      await detail.getByRole('tab', { name: 'Results' }).click();
      await expect.poll(() => detail.getByText('results/ is empty.').count(), SHOWN).toBe(1);
      if (missingFolders) {
        fs.mkdirSync(path.join(run, 'results'));
        await page.waitForTimeout(800);
      }
      fs.writeFileSync(path.join(run, 'results', 'summary.csv'), 'day,infected\n1,10\n2,25\n');
      const t1 = Date.now();
      const files = detail.getByRole('table', { name: 'Result files' });
      await expect.poll(() => files.getByRole('button', { name: 'summary.csv' }).count(), SHOWN).toBe(1);
      process.stderr.write(
        `e2e live files${missingFolders ? ' (late folders)' : ''}: log shown after ${logShownMs} ms, result after ${Date.now() - t1} ms\n`,
      );
    });
  }
});
