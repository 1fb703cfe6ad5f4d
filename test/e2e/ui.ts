// What the e2e tests look at in the page, by the accessible names a user (and a screen
// reader) meets, and what the runs directory on disk says the page should show.
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { Served } from './harness';

export const runsTable = (page: Page): Locator => page.getByRole('table', { name: 'Runs' });
export const bodyRows = (page: Page): Locator => runsTable(page).locator('tbody tr');
/** The table row of one run, found by the full id in its ID cell's title. */
export const rowOf = (page: Page, id: string): Locator =>
  runsTable(page).locator('tbody tr', { has: page.locator(`td.cell-id code[title="${id}"]`) });
export const filterBox = (page: Page): Locator => page.getByRole('searchbox', { name: 'Filter runs' });
export const filterCount = (page: Page): Locator => page.locator('#filter-count');

/** Opens the served app and waits for the first row of the run table. */
export async function openApp(page: Page, s: Served): Promise<void> {
  await page.goto(s.url);
  await bodyRows(page).first().waitFor({ timeout: 20_000 });
}

/** The full run ids of the rows on screen, top to bottom. */
export function shownIds(page: Page): Promise<string[]> {
  return bodyRows(page)
    .locator('td.cell-id code')
    .evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
}

/** Text of one column's cells, top to bottom (the title holds text the cell may cut). */
export function columnText(page: Page, column: string): Promise<string[]> {
  return bodyRows(page)
    .locator(`td.cell-${column}`)
    .evaluateAll((els) =>
      els.map((e) => (e.querySelector('[title]')?.getAttribute('title') ?? e.textContent ?? '').trim()),
    );
}

export async function typeFilter(page: Page, text: string): Promise<void> {
  await filterBox(page).fill(text);
}

export interface RunOnDisk {
  run_id: string;
  description: string;
  status: string;
  tags: string[];
  user: string;
  hostname: string;
  parent_run_id: string | null;
  checkpoints: { name: string }[];
}

/** Every run folder's metadata.json, read straight from disk. */
export function runsOnDisk(dir: string): RunOnDisk[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && fs.existsSync(path.join(dir, e.name, 'metadata.json')))
    .map((e) => JSON.parse(fs.readFileSync(path.join(dir, e.name, 'metadata.json'), 'utf8')) as RunOnDisk);
}

export const idsWhere = (runs: RunOnDisk[], pred: (r: RunOnDisk) => boolean): string[] =>
  runs
    .filter(pred)
    .map((r) => r.run_id)
    .sort();

/** Opens a run's detail view from the table by double-clicking its row. */
export async function openDetail(page: Page, id: string): Promise<Locator> {
  await rowOf(page, id).dblclick();
  const detail = page.getByRole('region', { name: `Run ${id.slice(0, 8)}` });
  await detail.waitFor();
  return detail;
}
