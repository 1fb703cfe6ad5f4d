// @vitest-environment jsdom
// The run table as a sweep table: the column picker (varying keys first, search, order),
// value columns filled from values.get, and value filters that wait for their values.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RunValues, ValueColumns } from '../../shared/api/value-models';
import type { RunValue } from '../../shared/values';
import { makeRun, NOW, renderShell } from './fixtures';

afterEach(cleanup);

const runs = ['aaaa1111-x', 'bbbb2222-x', 'cccc3333-x', 'dddd4444-x'].map((run_id, i) =>
  makeRun({ run_id, created_ms: NOW - i * 1000 }),
);
const BETA: Record<string, RunValue> = { 'aaaa1111-x': 0.1, 'bbbb2222-x': 0.25, 'cccc3333-x': 0.4, 'dddd4444-x': 0.55 };
const SEED: Record<string, RunValue> = { 'aaaa1111-x': 9, 'bbbb2222-x': 10, 'cccc3333-x': 100, 'dddd4444-x': 11 };

const key = (path: string, varying: boolean, count = 4) => ({
  path,
  count,
  distinct: varying ? 4 : 1,
  varying,
  example: 1,
});
const columns: ValueColumns = {
  runs: 4,
  sources: [
    { source: 'config', keys: [key('config.world', false), key('config.beta', true)], truncated: false },
    { source: 'params', keys: [key('params.steps', false), key('params.seed', true)], truncated: false },
    { source: 'results', keys: [key('results.summary.infected', true, 3)], truncated: false },
  ],
  problems: [],
  more_problems: 0,
};

function valuesGet(gate?: Promise<void>) {
  return async ({ paths, run_ids }: { paths: string[]; run_ids?: string[] }): Promise<RunValues> => {
    await gate;
    const values: RunValues['values'] = {};
    for (const id of run_ids ?? []) {
      const row: Record<string, RunValue> = {};
      for (const p of paths) {
        const v = p === 'config.beta' ? BETA[id] : p === 'params.seed' ? SEED[id] : undefined;
        if (v !== undefined) row[p] = v;
      }
      values[id] = row;
    }
    const missing = paths
      .filter((p) => p !== 'config.beta' && p !== 'params.seed')
      .map((p) => `No run has a value for ${p} (in no run's config.yaml). Did you mean config.beta?`);
    return { paths, values, counts: {}, missing, problems: [], more_problems: 0 };
  };
}

const table = () => screen.findByRole('table', { name: 'Runs' });
const headers = async () =>
  within(await table())
    .getAllByRole('columnheader')
    .map((h) => h.getAttribute('aria-label'));
const shownIds = async () =>
  within(await table())
    .queryAllByRole('row')
    .slice(1)
    .map((r) => r.querySelector('td.cell-id code')?.getAttribute('title'));
const cells = async (path: string) =>
  [...(await table()).querySelectorAll(`td[data-col="${path}"]`)].map((td) => td.textContent);

describe('sweep table', () => {
  it('lists the keys a sweep varies first in the picker, finds them by search, and shows a chosen one', async () => {
    const user = userEvent.setup();
    const shell = renderShell(runs, { 'values.columns': () => columns, 'values.get': valuesGet() });
    await table();
    await user.click(screen.getByRole('button', { name: 'Columns' }));
    const picker = screen.getByRole('dialog', { name: 'Columns' });
    const valueList = () => within(picker).getByRole('list', { name: 'Run values (varying first)' });
    await waitFor(() => expect(within(valueList()).getAllByRole('checkbox')).toHaveLength(5));
    expect(
      within(valueList())
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'config.betavaries',
      'params.seedvaries',
      'results.summary.infectedvaries',
      'config.world',
      'params.steps',
    ]);
    await user.type(within(picker).getByRole('searchbox', { name: 'Search columns' }), 'seed');
    expect(
      within(valueList())
        .getAllByRole('checkbox')
        .map((c) => c.closest('label')?.textContent),
    ).toEqual(['params.seedvaries']);
    await user.click(within(valueList()).getByRole('checkbox'));
    expect((await headers()).at(-1)).toBe('params.seed');
    await waitFor(async () => expect(await cells('params.seed')).toEqual(['9', '10', '100', '11']));
    // Saved for this folder, and in the address for a copied link.
    expect(shell.fake.callsOf('settings.set').at(-1)?.dirColumns?.columns.at(-1)).toBe('params.seed');
    expect(decodeURIComponent(window.location.hash)).toContain('cols=status,id,');

    // Up one place, by keyboard.
    within(picker).getByRole('button', { name: 'Move params.seed up' }).focus();
    await user.keyboard('{Enter}');
    expect((await headers()).slice(-2)).toEqual(['params.seed', 'Parent']);

    // Sorted as numbers: 9, 10, 11, 100.
    await user.click(within(await table()).getByRole('button', { name: 'params.seed' }));
    expect(await cells('params.seed')).toEqual(['9', '10', '11', '100']);
  });

  it('waits for the values a filter compares, saying so, then shows exactly the matching runs', async () => {
    let open: () => void = () => undefined;
    const gate = new Promise<void>((r) => (open = r));
    const user = userEvent.setup();
    renderShell(runs, { 'values.get': valuesGet(gate) });
    await table();
    await user.type(screen.getByRole('searchbox', { name: 'Filter runs' }), 'config.beta>0.3');
    await waitFor(() =>
      expect(screen.getByRole('status', { busy: true }).textContent).toMatch(/loading values… 0 of 4 runs read/),
    );
    await act(async () => open());
    await waitFor(async () => expect(await shownIds()).toEqual(['cccc3333-x', 'dddd4444-x']));
    expect(document.getElementById('filter-count')?.textContent).toBe('2 of 4 runs');
  });

  it('names a key no run has under the filter box', async () => {
    const user = userEvent.setup();
    renderShell(runs, { 'values.get': valuesGet() });
    await table();
    await user.type(screen.getByRole('searchbox', { name: 'Filter runs' }), 'config.bta>0.3');
    expect((await screen.findByRole('alert')).textContent).toContain('Did you mean config.beta?');
  });
});
