// Bulk tags and a note from the browser: three runs tagged in one go (on disk, in every
// metadata.json), and a note that is on disk as RUN/notes.md, survives a reload, and is
// found by the filter box. One `runyard serve` on a copy of the Python-made sample.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeE2E, sampleCopy, useBrowser, useServer } from './harness';
import { openApp, openDetail, rowOf, shownIds, typeFilter } from './ui';

const POLL = { timeout: 15_000, interval: 50 };
const OOM = '0fd630f1-f29d-4da9-953f-48f1a09f76b5'; // failed
const PILOT = '6513270e-269e-4d37-b2a7-4de452e6b438'; // completed
const BASELINE = '9531985d-5d9d-49f8-9818-e811892f902b'; // completed

describeE2E('bulk tags and notes from the browser', () => {
  let dir = '';
  const server = useServer(() => (dir = sampleCopy()));
  const chromium = useBrowser();
  const tagsOf = (id: string) =>
    (JSON.parse(fs.readFileSync(path.join(dir, id, 'metadata.json'), 'utf8')) as { tags: string[] }).tags;

  it('tags three selected runs at once, and Undo puts their tags back', async () => {
    const page = await chromium.page();
    await openApp(page, server());
    const before = [PILOT, BASELINE, OOM].map(tagsOf);
    await rowOf(page, PILOT).click();
    await rowOf(page, BASELINE).click({ modifiers: ['Control'] });
    await rowOf(page, OOM).click({ modifiers: ['Control'] });
    await page.getByText('3 selected').waitFor();
    await page.getByRole('toolbar', { name: 'Run actions' }).getByRole('button', { name: 'Tags…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tags of 3 runs' });
    await dialog.getByLabel('Add tags').fill('e2e-bulk');
    await dialog.getByRole('button', { name: 'Apply to 3 runs' }).click();
    await page.getByText('Changed the tags of 3 runs.').waitFor();
    for (const id of [PILOT, BASELINE, OOM]) expect(tagsOf(id)).toContain('e2e-bulk');
    // The table follows from the folder: the new tag filters to exactly those three.
    await typeFilter(page, 'tag:e2e-bulk');
    await expect.poll(async () => (await shownIds(page)).sort(), POLL).toEqual([PILOT, BASELINE, OOM].sort());
    await page
      .locator('.notice', { hasText: 'Changed the tags of 3 runs.' })
      .getByRole('button', { name: 'Undo' })
      .click();
    await page.getByText('Put back the previous tags of 3 runs.').waitFor();
    expect([PILOT, BASELINE, OOM].map(tagsOf)).toEqual(before);
  });

  it('saves a note with Ctrl+Enter; it is on disk, survives a reload and is found by the filter', async () => {
    const page = await chromium.page();
    await openApp(page, server());
    let detail = await openDetail(page, PILOT);
    const box = detail.getByRole('textbox', { name: 'Notes' });
    await box.fill('Pilot looks sane; household beta quokka-check');
    await box.press('Control+Enter');
    await detail.getByText('Saved.').waitFor();
    expect(fs.readFileSync(path.join(dir, PILOT, 'notes.md'), 'utf8')).toBe(
      'Pilot looks sane; household beta quokka-check',
    );

    await page.reload();
    await openApp(page, server());
    detail = await openDetail(page, PILOT);
    await expect
      .poll(() => detail.getByRole('textbox', { name: 'Notes' }).inputValue(), POLL)
      .toBe('Pilot looks sane; household beta quokka-check');
    await detail.getByRole('button', { name: 'Back to runs' }).click();
    await typeFilter(page, 'quokka-check');
    await expect.poll(() => shownIds(page), POLL).toEqual([PILOT]);
  });
});
