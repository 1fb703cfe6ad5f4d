// @vitest-environment jsdom
// All folders (`?dir=*`): the views drawn from runs ask each run's own folder by its own
// id and show what each folder's files hold (charts, compare's values and results
// chart, disk usage); the views that belong to one folder (lineage, trash) ask the user
// to choose one. The fake folders answer only their own ids with their own `dir`.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Fake } from './fixtures';
import { CLUSTER, LOCAL, renderTwoFolders } from './twoFolders';

afterEach(cleanup);

const key = (dir: string, id: string) => `${dir}\u001f${id}`;
const link = (...keys: string[]) => keys.map(encodeURIComponent).join(',');

/** Every request about runs named a folder and that folder's own ids (never a key, never none). */
function askedEachFolder(fake: Fake) {
  const about = fake.calls.filter((c) =>
    ['values.get', 'values.columns', 'values.series', 'du.get', 'run.get'].includes(c.name),
  );
  expect(about.length).toBeGreaterThan(0);
  for (const c of about) {
    const p = c.params as { dir?: string; run_id?: string; run_ids?: string[] };
    expect([LOCAL, CLUSTER], `${c.name} named its folder`).toContain(p.dir);
    for (const id of [...(p.run_ids ?? []), ...(p.run_id ? [p.run_id] : [])]) expect(id).not.toContain('\u001f');
  }
}

describe('All folders', () => {
  it('charts: a dot per run with each folder’s values, the same id in two folders twice, sizes from both', async () => {
    const { fake } = renderTwoFolders('#/charts?dir=*');
    const chart = await screen.findByRole('group', { name: 'results.summary.infected against config.beta, 4 runs' });
    const dots = within(chart)
      .getAllByRole('button')
      .map((d) => d.getAttribute('aria-label'))
      .sort();
    expect(dots).toEqual([
      'cluster beta 0.3: config.beta = 0.3, results.summary.infected = 300',
      'cluster beta 0.4: config.beta = 0.4, results.summary.infected = 400',
      'local beta 0.1: config.beta = 0.1, results.summary.infected = 100',
      'local beta 0.2: config.beta = 0.2, results.summary.infected = 200',
    ]);
    // Disk usage: both folders measured, runs named by their own ids.
    const largest = await screen.findByRole('img', { name: /^Largest runs:/ });
    expect(largest.getAttribute('aria-label')).toMatch(/same-000 400/);
    expect(largest.getAttribute('aria-label')).toMatch(/loc-0001 100/);
    expect(largest.getAttribute('aria-label')).not.toContain('/data');
    askedEachFolder(fake);
  });

  it('compare: values side by side from two folders, each column saying its folder', async () => {
    const { fake } = renderTwoFolders(`#/compare/${link(key(LOCAL, 'same-0001'), key(CLUSTER, 'same-0001'))}?dir=*`);
    const table = await screen.findByRole('table', { name: 'Run comparison' });
    const heads = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(heads[1]).toMatch(/^same-000 in local-sweep/);
    expect(heads[2]).toMatch(/^same-000 in cluster-sweep/);
    const beta = within(table).getByRole('row', { name: /^beta/ });
    expect(
      within(beta)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['0.2', '0.4']);
    expect(screen.queryByText(/not in|no such folder/)).toBeNull();
    askedEachFolder(fake);
  });

  it('compare: the results chart overlays a line per run from each folder, named with its folder', async () => {
    const { fake } = renderTwoFolders(
      `#/compare/${link(key(LOCAL, 'loc-0001'), key(CLUSTER, 'clu-0001'), key(CLUSTER, 'same-0001'))}/chart?dir=*`,
    );
    const legend = await screen.findByRole('list', { name: 'Runs (toggle a line)' });
    await waitFor(() =>
      expect(
        within(legend)
          .getAllByRole('button')
          .map((b) => b.textContent),
      ).toEqual(['local-sweep: beta=0.1', 'cluster-sweep: beta=0.3', 'cluster-sweep: beta=0.4']),
    );
    // One values.series per folder, each with its own ids.
    const series = fake.callsOf('values.series');
    expect(series.map((p) => [p.dir, p.run_ids])).toEqual([
      [LOCAL, ['loc-0001']],
      [CLUSTER, ['clu-0001', 'same-0001']],
    ]);
    askedEachFolder(fake);
  });

  it.each([
    ['lineage', '#/lineage?dir=*', 'Lineage of all runs'],
    ['trash', '#/trash?dir=*', null],
  ])('%s: asks for one folder, and a button opens it there', async (what, hash, after) => {
    const user = userEvent.setup();
    const { fake } = renderTwoFolders(hash);
    const choose = await screen.findByRole('region', { name: `Choose one folder to see its ${what}` });
    expect(choose.textContent).toContain(`each folder has its own ${what}`);
    const buttons = await within(choose).findAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual(['local-sweep (2 runs)', 'cluster-sweep (2 runs)']);
    // Nothing was asked of "the current folder" as if it were all of them.
    expect(fake.calls.filter((c) => c.name === 'lineage.get' || c.name === 'trash.list')).toEqual([]);
    // Once both folders are in (the view draws again then), choose the cluster's.
    await waitFor(() => expect(fake.callsOf('runs.snapshot').filter((p) => p.dir)).toHaveLength(2));
    await user.click(
      within(await screen.findByRole('region', { name: `Choose one folder to see its ${what}` })).getByRole('button', {
        name: 'cluster-sweep (2 runs)',
      }),
    );
    await waitFor(() => expect(decodeURIComponent(window.location.hash)).toBe(`#/${what}?dir=${CLUSTER}`));
    if (after) expect(await screen.findByRole('region', { name: after })).toBeTruthy();
    else
      await waitFor(() => {
        const lists = fake.callsOf('trash.list');
        expect(lists.length).toBeGreaterThan(0);
        expect(lists.every((p) => p.dir === CLUSTER)).toBe(true);
      });
  });
});
