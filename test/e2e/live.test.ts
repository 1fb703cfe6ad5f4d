// Live updates in the browser while something else writes the runs directory: a log a
// background process keeps appending to, and a status change made by the reference
// Python RunManager. The page is never reloaded.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { describeWithReference, py } from '../helpers/reference';
import { describeE2E, fileTempDir, sampleCopy, useBrowser, useServer } from './harness';
import { bodyRows, filterCount, openDetail, openApp, rowOf, runsOnDisk, typeFilter } from './ui';
import { until } from '../helpers/poll';

const POLL = { timeout: 15_000, interval: 50 };
const RUNNING = '8d116ece-1738-47d9-bd9c-172411e20b8f';
const COMPLETED = '36f675cc-81e7-4ef5-a8e2-5d940ed90475';

/** Appends one numbered line every `everyMs`, with a plain open-append-close as a simulation's logger does. */
function appender(file: string, everyMs: number): ChildProcess {
  const script = `const fs = require('fs'); let n = 0; setInterval(() => { n++; fs.appendFileSync(${JSON.stringify(file)}, '[INFO] e2e day ' + n + ': ' + (1000 + n) + ' infected\\n'); }, ${everyMs});`;
  return spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
}

describeE2E('live updates in the browser', () => {
  let dir = '';
  const server = useServer(() => (dir = sampleCopy()));
  const chromium = useBrowser();
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) c.kill();
  });

  it('follows a log that a background process keeps appending to', async () => {
    const page = await chromium.page();
    await openApp(page, server());
    const detail = await openDetail(page, RUNNING);
    await detail.getByRole('tab', { name: 'Logs' }).click();
    const log = detail.locator('pre.log-text');
    const before = fs
      .readFileSync(path.join(dir, RUNNING, 'logs/simulation.log'), 'utf8')
      .trimEnd()
      .split('\n')
      .pop()!;
    await expect.poll(() => log.textContent(), POLL).toContain(before);

    children.push(appender(path.join(dir, RUNNING, 'logs/simulation.log'), 150));
    await expect.poll(() => log.textContent(), POLL).toContain('[INFO] e2e day 3: 1003 infected\n');
    await expect.poll(() => log.textContent(), POLL).toContain('[INFO] e2e day 12: 1012 infected\n');
    // Each line once, in order, after what was there before.
    const text = (await log.textContent())!;
    const days = [...text.matchAll(/e2e day (\d+):/g)].map((m) => Number(m[1]));
    expect(days.slice(0, 12)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(text.indexOf(before)).toBeLessThan(text.indexOf('e2e day 1:'));
    // Following keeps the newest line in view.
    await expect(detail.getByRole('button', { name: 'Follow' }).getAttribute('aria-pressed')).resolves.toBe('true');
    await expect
      .poll(() => log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight), POLL)
      .toBeLessThan(30);

    // Search finds what arrived live.
    await detail.getByRole('searchbox', { name: 'Search log' }).fill('e2e day 7:');
    await expect.poll(() => detail.locator('mark.current').textContent(), POLL).toBe('e2e day 7:');
  });

  it('`npm run demo`: a simulated run appears and makes progress live, and Ctrl+C stops it all', async () => {
    // The demo as a newcomer starts it, with the simulation's steps shortened from 1.5 s.
    const demo = spawn(process.execPath, [path.resolve(__dirname, '../../scripts/demo.mjs')], {
      env: { ...process.env, RUNYARD_DEMO_STEP_MS: '250', RUNYARD_CONFIG_DIR: fileTempDir('runyard-e2e-demo-config-') },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so Ctrl+C can be sent as a terminal sends it: to the whole group.
      detached: true,
    });
    children.push(demo);
    let out = '';
    demo.stdout!.on('data', (d) => (out += d));
    demo.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
    const url = await until('the demo to print its address', () => /Open: (\S+)/.exec(out)?.[1], 30_000);
    const folder = await until(
      'the demo to say where its folder is',
      () => /the runs folder is (\S+)/.exec(out)?.[1],
      10_000,
    );
    expect(folder.startsWith(fs.realpathSync(os.tmpdir())) || folder.startsWith(os.tmpdir())).toBe(true);

    const page = await chromium.page();
    await page.goto(url);
    await bodyRows(page).first().waitFor();
    await typeFilter(page, 'tag:live');
    const live = bodyRows(page).first();
    await expect.poll(() => live.locator('td.cell-status').textContent(), POLL).toBe('running');
    await expect
      .poll(async () => Number(await live.locator('td.cell-checkpoints').textContent()), POLL)
      .toBeGreaterThanOrEqual(1);
    await live.dblclick();
    await page.getByRole('tab', { name: 'Logs' }).click();
    const log = page.locator('pre.log-text');
    await expect.poll(() => log.textContent(), POLL).toMatch(/\[INFO\] day 12: /);

    process.kill(-demo.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    expect(out).toMatch(/demo: stopped; removed/);
    expect(fs.existsSync(folder)).toBe(false);
    await expect(
      fetch(url).then(
        () => 'answered',
        () => 'refused',
      ),
    ).resolves.toBe('refused');
  });

  describeWithReference('with the reference Python module', () => {
    it('shows a status change made on disk by RunManager.update_status without reloading', async () => {
      const page = await chromium.page();
      await openApp(page, server());
      await page.evaluate(() => {
        (window as unknown as { notReloaded: boolean }).notReloaded = true;
      });
      const row = rowOf(page, COMPLETED);
      const status = row.locator('td.cell-status');
      await expect.poll(() => status.textContent(), POLL).toBe('completed');
      const failedBefore = runsOnDisk(dir).filter((r) => r.status === 'failed').length;
      const failedFacet = page
        .getByRole('complementary', { name: 'Facets' })
        .getByRole('button', { name: /^failed \(/ });
      await expect(failedFacet.getAttribute('aria-label')).resolves.toBe(`failed (${failedBefore})`);

      py(dir, `assert rm.load_run(${JSON.stringify(COMPLETED)})\nrm.update_status("failed")`);
      expect(JSON.parse(fs.readFileSync(path.join(dir, COMPLETED, 'metadata.json'), 'utf8')).status).toBe('failed');

      await expect.poll(() => status.textContent(), POLL).toBe('failed');
      // The row is highlighted for a moment, and the facet counts follow.
      await expect.poll(() => row.getAttribute('data-updated'), POLL).toBe('true');
      await expect.poll(() => failedFacet.getAttribute('aria-label'), POLL).toBe(`failed (${failedBefore + 1})`);
      await expect(filterCount(page).textContent()).resolves.toBe('12 runs');
      await expect(page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).resolves.toBe(
        true,
      );
    });
  });
});
