// A folder big enough that the browser gets its run list the compact way: packed, and
// streamed newest first in growing frames while a progress bar shows. Every run must
// end up listed, findable and sortable, and live changes must still arrive after.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeE2E, fileTempDir, useBrowser, useServer } from './harness';
import { bodyRows, filterCount, openApp, rowOf, shownIds, typeFilter } from './ui';

const COUNT = 3000;
const POLL = { timeout: 20_000, interval: 50 };
const idOf = (i: number) => `run-${String(i).padStart(5, '0')}`;

/** COUNT runs as the module writes them, run i created i minutes after the first. */
function bigFolder(): string {
  const dir = path.join(fileTempDir('runyard-e2e-large-'), 'runs');
  fs.mkdirSync(dir);
  const t0 = Date.UTC(2026, 0, 1);
  for (let i = 0; i < COUNT; i++) {
    fs.mkdirSync(path.join(dir, idOf(i)));
    const created = new Date(t0 + i * 60_000).toISOString().replace('Z', '321Z');
    fs.writeFileSync(
      path.join(dir, idOf(i), 'metadata.json'),
      JSON.stringify(
        {
          run_id: idOf(i),
          created_at: created,
          description: `Sweep point ${i}`,
          status: i % 10 === 0 ? 'failed' : 'completed',
          tags: [`sweep-${Math.floor(i / 100)}`],
          hostname: 'node1',
          user: 'tester',
          git_commit: null,
          parent_run_id: null,
          checkpoints:
            i % 3
              ? []
              : [
                  {
                    name: 'checkpoint_2020-04-01',
                    created_at: created,
                    path: `runs/${idOf(i)}/checkpoints/checkpoint_2020-04-01.hdf5`,
                  },
                ],
          started_at: null,
          completed_at: null,
          seed: i,
        },
        null,
        2,
      ),
    );
  }
  return dir;
}

describeE2E('a folder of 3000 runs in the browser', () => {
  let dir = '';
  const server = useServer(() => (dir = bigFolder()));
  const chromium = useBrowser();

  it('lists every run, newest first, and each one can be found, sorted and updated live', async () => {
    const page = await chromium.page();
    await openApp(page, server());
    await expect.poll(() => filterCount(page).textContent(), POLL).toBe(`${COUNT} runs`);
    await expect.poll(() => page.getByRole('progressbar', { name: 'Reading runs' }).count(), POLL).toBe(0);
    expect((await shownIds(page))[0]).toBe(idOf(COUNT - 1));

    // The oldest run came in the last frame.
    await typeFilter(page, '"point 0"');
    await expect.poll(() => shownIds(page), POLL).toEqual([idOf(0)]);
    await typeFilter(page, 'status:failed');
    await expect.poll(() => filterCount(page).textContent(), POLL).toBe(`${COUNT / 10} of ${COUNT} runs`);
    await typeFilter(page, '');

    const idHeader = page.getByRole('columnheader', { name: 'ID' });
    await idHeader.getByRole('button').click();
    await expect.poll(() => idHeader.getAttribute('aria-sort'), POLL).toBe('ascending');
    await expect.poll(async () => (await shownIds(page)).slice(0, 3), POLL).toEqual([idOf(0), idOf(1), idOf(2)]);
    // Checkpoint lists came through the packed form intact.
    await expect(rowOf(page, idOf(0)).locator('td.cell-checkpoints').textContent()).resolves.toBe('1');
    await expect(rowOf(page, idOf(1)).locator('td.cell-checkpoints').textContent()).resolves.toBe('0');

    // A simulation rewrites one run's metadata in place; the row follows without a reload.
    const file = path.join(dir, idOf(1), 'metadata.json');
    const meta = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(
      file,
      JSON.stringify({ ...meta, status: 'running', description: 'Sweep point 1, restarted' }, null, 2),
    );
    await expect.poll(() => rowOf(page, idOf(1)).locator('td.cell-status').textContent(), POLL).toBe('running');
    await expect(bodyRows(page).count()).resolves.toBeGreaterThan(10);
  });
});
