// Changing a runs directory from the browser: resuming a run from a checkpoint, and
// pruning with a preview, then restoring from the trash. One `runyard serve` on one
// copy of the Python-made sample directory; the second test starts from what the
// first left (one more run, a child of the long run).
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeE2E, sampleCopy, useBrowser, useServer } from './harness';
import { bodyRows, filterCount, openApp, openDetail, rowOf, runsOnDisk } from './ui';

const POLL = { timeout: 15_000, interval: 50 };
const LONG = 'a170b338-3926-4059-b28c-105d1fb17c23'; // checkpointed, two checkpoints with their files
const RETRY = '0cb1e29c-658c-4a14-95e6-0af593bd04cf'; // running, child of OOM
const OOM = '0fd630f1-f29d-4da9-953f-48f1a09f76b5'; // failed, child of LONG, parent of RETRY
const SWEEP_RUNNING = '8d116ece-1738-47d9-bd9c-172411e20b8f';
const PILOT = '6513270e-269e-4d37-b2a7-4de452e6b438'; // completed; the test pins it
const BASELINE = '9531985d-5d9d-49f8-9818-e811892f902b'; // completed

describeE2E('changing runs from the browser', () => {
  let dir = '';
  const server = useServer(() => (dir = sampleCopy()));
  const chromium = useBrowser();
  let childId = '';

  it('resumes a run from a checkpoint: the child appears, with its lineage edge', async () => {
    const page = await chromium.page();
    await openApp(page, server());
    const detail = await openDetail(page, LONG);
    await detail.getByRole('tab', { name: 'Checkpoints' }).click();
    await detail
      .getByRole('article', { name: 'checkpoint_2020-04-01' })
      .getByRole('button', { name: 'Resume from here' })
      .click();

    const dialog = page.getByRole('dialog', { name: `Resume run ${LONG.slice(0, 8)}` });
    await expect.poll(() => dialog.getByLabel('Checkpoint').inputValue(), POLL).toBe('checkpoint_2020-04-01');
    await expect(dialog.getByLabel('Tags').inputValue()).resolves.toBe('long, resumed');
    await dialog.getByLabel('Description').fill('Resumed by the e2e test');
    await dialog.getByRole('button', { name: 'Create child run' }).click();
    const created = dialog.getByRole('status').filter({ hasText: 'Created child run' });
    await created.waitFor();
    childId = (await created.locator('.ry-mono').textContent())!.trim();
    expect(childId).toMatch(/^[0-9a-f-]{36}$/);
    await dialog.locator('.ry-actions').getByRole('button', { name: 'Close' }).click();

    // On disk, in the module's format: a new folder naming its parent and checkpoint.
    const meta = JSON.parse(fs.readFileSync(path.join(dir, childId, 'metadata.json'), 'utf8'));
    expect(meta).toMatchObject({
      parent_run_id: LONG,
      resumed_from: LONG,
      description: 'Resumed by the e2e test',
      tags: ['long', 'resumed'],
    });

    // Back in the table the child is there without a reload, its parent column naming LONG.
    await detail.getByRole('button', { name: 'Back to runs' }).click();
    await expect.poll(() => filterCount(page).textContent(), POLL).toBe('13 runs');
    await expect.poll(() => rowOf(page, childId).locator('td.cell-parent').textContent(), POLL).toBe(LONG.slice(0, 8));

    const child = await openDetail(page, childId);
    await child.getByRole('tab', { name: 'Lineage' }).click();
    const tree = child.getByRole('group', { name: 'Lineage tree' });
    await tree.getByRole('button', { name: new RegExp(`^Run ${childId.slice(0, 8)}, .*\\(this run\\)$`) }).waitFor();
    await tree.getByRole('button', { name: new RegExp(`^Run ${LONG.slice(0, 8)}, checkpointed`) }).waitFor();
    const edge = tree.locator('g.ry-lineage__edge', {
      has: page.locator('title', { hasText: `${childId} resumed from checkpoint checkpoint_2020-04-01` }),
    });
    await expect(edge.locator('text').textContent()).resolves.toBe('checkpoint_2020-04-01');
    await expect(edge.locator('polyline').count()).resolves.toBe(1);
  });

  it('prunes with a preview that keeps protected runs, then restores from the trash', async () => {
    const page = await chromium.page();
    await openApp(page, server());
    const before = runsOnDisk(dir);

    // Pin one run from its row's menu.
    await rowOf(page, PILOT).click({ button: 'right' });
    await page
      .getByRole('menu', { name: `Actions for run ${PILOT.slice(0, 8)}` })
      .getByRole('menuitem', { name: 'Pin' })
      .click();
    await expect.poll(() => rowOf(page, PILOT).locator('td.cell-tags').textContent(), POLL).toContain('keep');
    expect(JSON.parse(fs.readFileSync(path.join(dir, PILOT, 'metadata.json'), 'utf8')).tags).toContain('keep');
    await page.keyboard.press('Escape');

    await page.getByRole('toolbar', { name: 'Run actions' }).getByRole('button', { name: 'Prune…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Prune runs' });
    await dialog.getByLabel('Keep newest').fill('0');
    await dialog.getByLabel('Exclude tags').fill('');
    const goes = dialog.getByRole('region', { name: 'Goes' });
    const stays = dialog.getByRole('region', { name: 'Stays' });
    const protectedRuns: Record<string, RegExp> = {
      [RETRY]: /running/,
      [SWEEP_RUNNING]: /running/,
      [PILOT]: /pinned \(tagged keep\)/,
      [OOM]: new RegExp(`needed by descendant ${RETRY.slice(0, 8)}`),
      [LONG]: /needed by descendant/,
    };
    if (childId) protectedRuns[childId] = /initialising/;
    const active = new Set(['running', 'initialising']);
    const expectedGone = before
      .filter((r) => !(r.run_id in protectedRuns) && !active.has(r.status))
      .map((r) => r.run_id.slice(0, 8))
      .sort();
    expect(expectedGone).toContain(BASELINE.slice(0, 8));

    await expect
      .poll(async () => (await goes.locator('li .ry-mono').allTextContents()).sort(), POLL)
      .toEqual(expectedGone);
    for (const [id, reason] of Object.entries(protectedRuns)) {
      const item = stays.locator('li', { has: page.locator(`.ry-mono[title="${id}"]`) });
      await expect(item.locator('.ry-prune-list__reason').textContent()).resolves.toMatch(reason);
    }
    await expect(dialog.getByText(`${expectedGone.length} runs go to the trash, freeing`).count()).resolves.toBe(1);

    await dialog.getByRole('button', { name: 'Move to trash' }).click();
    await dialog
      .getByRole('status')
      .filter({ hasText: `Moved ${expectedGone.length} runs to the trash` })
      .waitFor();
    await dialog.locator('.ry-actions').getByRole('button', { name: 'Close' }).click();

    const left = before.length - expectedGone.length;
    await expect.poll(() => bodyRows(page).count(), POLL).toBe(left);
    await expect.poll(() => filterCount(page).textContent(), POLL).toBe(`${left} runs`);
    expect(fs.existsSync(path.join(dir, BASELINE))).toBe(false);
    for (const id of Object.keys(protectedRuns)) expect(fs.existsSync(path.join(dir, id, 'metadata.json'))).toBe(true);

    // The trash lists what went; restoring one brings it back, files and all.
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Trash' }).click();
    const trash = page.getByRole('region', { name: 'Trash', exact: true });
    const trashed = trash.getByRole('table', { name: 'Trashed runs' });
    await expect.poll(() => trashed.locator('tbody tr').count(), POLL).toBe(expectedGone.length);
    await trashed
      .locator('tbody tr', { has: page.locator(`.ry-mono[title="${BASELINE}"]`) })
      .getByRole('button', { name: 'Restore', exact: true })
      .click();
    await trash
      .getByRole('status')
      .filter({ hasText: `Restored run ${BASELINE.slice(0, 8)}` })
      .waitFor();
    await expect.poll(() => trashed.locator('tbody tr').count(), POLL).toBe(expectedGone.length - 1);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Runs', exact: true }).click();

    await expect.poll(() => bodyRows(page).count(), POLL).toBe(left + 1);
    await rowOf(page, BASELINE).waitFor();
    expect(JSON.parse(fs.readFileSync(path.join(dir, BASELINE, 'metadata.json'), 'utf8')).description).toBe(
      'Baseline calibration',
    );
    expect(fs.readdirSync(path.join(dir, BASELINE, 'checkpoints')).length).toBe(8);
  });
});
