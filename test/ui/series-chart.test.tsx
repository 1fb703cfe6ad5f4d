// @vitest-environment jsdom
// The results chart of Compare: runs named by what differs between them, lines toggled
// from the keyboard, hover values from ←/→, and a log scale that says what it leaves out.
import { afterEach, expect, it } from 'vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CompareView } from '../../renderer/features/compare/CompareView';
import type { RunSeries, ValueSeries } from '../../shared/api/value-models';
import { runLabels } from '../../shared/run-labels';
import { fromHash, toHash } from '../../renderer/state/urlState';
import { DEFAULT_SORT } from '../../renderer/state/sortKeys';
import { AppShell } from '../../renderer/shell/AppShell';
import { fakeBackend, makeRun, shellHandlers } from './fixtures';

afterEach(cleanup);

const run = (
  id: string,
  beta: number,
  seed: number,
  y: (number | null)[],
  more: Partial<RunSeries> = {},
): RunSeries => ({
  run_id: id,
  description: `a run ${id}`,
  values: { 'config.disease.beta': beta, 'params.seed': seed },
  x_label: 'step',
  x: y.map((_, i) => i),
  y,
  rows: y.length,
  downsampled: false,
  problem: null,
  ...more,
});

function answer(column = 'infected', file = 'timeseries.csv'): ValueSeries {
  return {
    files: [
      { file: 'timeseries.csv', runs: 3 },
      { file: 'summary.csv', runs: 2 },
    ],
    file,
    column,
    columns: ['step', 'infected', 'recovered'],
    varying: ['config.disease.beta', 'params.seed'],
    runs: [
      run('aaaaaaaa-1111', 0.1, 1, [0, 10, 100]),
      run('bbbbbbbb-2222', 0.3, 2, [5, 50, 500]),
      run('cccccccc-3333', 0.5, 1, [], {
        x_label: null,
        problem: 'cccccccc-3333/results/timeseries.csv has no column "infected" (its columns: step)',
      }),
    ],
  };
}

it('names runs by their varying values and toggles a line from the keyboard', async () => {
  const fake = fakeBackend({ 'values.series': (p) => answer(p.column) });
  const user = userEvent.setup();
  render(<CompareView runIds={['aaaaaaaa-1111', 'bbbbbbbb-2222', 'cccccccc-3333']} chart onClose={() => {}} />, {
    wrapper: fake.wrapper,
  });
  const legend = await screen.findByRole('list', { name: 'Runs (toggle a line)' });
  const first = within(legend).getByRole('button', { name: 'beta=0.1 seed=1' });
  expect(within(legend).getByRole('button', { name: 'beta=0.3 seed=2' }).getAttribute('aria-pressed')).toBe('true');
  // The run whose file lacks the column is listed, disabled, and its problem names the file.
  expect((within(legend).getByRole('button', { name: 'beta=0.5 seed=1' }) as HTMLButtonElement).disabled).toBe(true);
  expect(screen.getByRole('list', { name: 'Problems reading results' }).textContent).toContain(
    'cccccccc-3333/results/timeseries.csv has no column "infected"',
  );
  const chart = screen.getByRole('img', { name: 'infected over step for 2 runs' });
  expect(chart.querySelectorAll('path.ry-overlay__line')).toHaveLength(2);

  first.focus();
  await user.keyboard(' ');
  expect(first.getAttribute('aria-pressed')).toBe('false');
  expect(screen.getByRole('img', { name: 'infected over step for 1 runs' })).toBeTruthy();
  await user.keyboard('{Enter}');
  expect(first.getAttribute('aria-pressed')).toBe('true');

  // ←/→ on the focused chart show every run's value at that step.
  screen.getByRole('img', { name: /infected over step/ }).focus();
  await user.keyboard('{End}');
  const tip = screen.getByRole('status', { name: 'Values at the cursor' });
  expect(tip.textContent).toContain('step 2');
  expect(tip.textContent).toContain('beta=0.3 seed=2500');
  expect(tip.textContent).toContain('beta=0.1 seed=1100');

  await user.selectOptions(screen.getByLabelText('Column'), 'recovered');
  await waitFor(() => expect(fake.callsOf('values.series').at(-1)).toMatchObject({ column: 'recovered' }));
});

it('a log scale leaves out values at or below zero and says how many', async () => {
  const fake = fakeBackend({ 'values.series': () => answer() });
  const user = userEvent.setup();
  render(<CompareView runIds={['aaaaaaaa-1111', 'bbbbbbbb-2222', 'cccccccc-3333']} chart onClose={() => {}} />, {
    wrapper: fake.wrapper,
  });
  await screen.findByRole('img', { name: 'infected over step for 2 runs' });
  await user.click(screen.getByRole('checkbox', { name: 'Log scale' }));
  const chart = screen.getByRole('img', { name: 'infected over step for 2 runs, log scale' });
  expect(screen.getByText('1 value is 0 or below and left out on the log scale.')).toBeTruthy();
  // 1-2-5 steps over the positive values (5…500), not a linear 0…500.
  const ticks = [...chart.querySelectorAll('.ry-overlay__ytick text')].map((t) => t.textContent);
  expect(ticks).toEqual(['5', '10', '20', '50', '100', '200', '500']);
});

it('a log scale of only zeros and negatives explains there is nothing to draw', async () => {
  const zeros = answer();
  zeros.runs = [run('aaaaaaaa-1111', 0.1, 1, [0, -1, 0])];
  const fake = fakeBackend({ 'values.series': () => zeros });
  const user = userEvent.setup();
  render(<CompareView runIds={['aaaaaaaa-1111', 'bbbbbbbb-2222']} chart onClose={() => {}} />, {
    wrapper: fake.wrapper,
  });
  await screen.findByRole('img', { name: /infected over step/ });
  await user.click(screen.getByRole('checkbox', { name: 'Log scale' }));
  expect(screen.getByText(/Nothing to draw on a log scale: every value is 0 or below/)).toBeTruthy();
});

it('labels fall back to descriptions, then short ids, and tell equal ones apart', () => {
  const r = (id: string, description: string, values: Record<string, number> = {}) => ({
    run_id: id,
    description,
    values,
  });
  expect(runLabels([r('a', 'first'), r('b', 'second')], [])).toEqual(['first', 'second']);
  expect(runLabels([r('aaaaaaaa-1111-2222', ''), r('bbbbbbbb-1111-2222', '')], [])).toEqual(['aaaaaaaa', 'bbbbbbbb']);
  expect(
    runLabels(
      [
        r('aaaaaaaa-1111-2222', 'x', { 'config.a.beta': 1, 'params.beta': 2 }),
        r('bbbbbbbb-1111-2222', 'x', { 'config.a.beta': 1, 'params.beta': 2 }),
      ],
      ['config.a.beta', 'params.beta'],
    ),
  ).toEqual(['a.beta=1 params.beta=2 (aaaaaaaa)', 'a.beta=1 params.beta=2 (bbbbbbbb)']);
});

it('the address keeps a comparison opened on its chart', () => {
  const view = { kind: 'compare' as const, runIds: ['a1', 'b2'], chart: true };
  const hash = toHash({ view, filterText: '', sort: DEFAULT_SORT });
  expect(hash).toBe('#/compare/a1,b2/chart');
  expect(fromHash(hash).view).toEqual(view);
  expect(fromHash('#/compare/a1,b2').view).toEqual({ kind: 'compare', runIds: ['a1', 'b2'] });
});

it('the address keeps the file and column the chart plots: a reload, Back and a shared link show the same chart', async () => {
  const ids = ['aaaaaaaa-1111', 'bbbbbbbb-2222', 'cccccccc-3333'];
  const handlers = shellHandlers(
    ids.map((run_id) => makeRun({ run_id })),
    { 'values.series': (p) => answer(p.column ?? 'infected', p.file ?? 'timeseries.csv') },
  );
  // A link someone shared: Compare's chart of summary.csv's recovered column.
  window.history.replaceState(null, '', `/#/compare/${ids.join(',')}/chart?file=summary.csv&column=recovered`);
  const fake = fakeBackend(handlers);
  const user = userEvent.setup();
  const shell = render(<AppShell />, { wrapper: fake.wrapper });
  await screen.findByRole('img', { name: 'recovered over step for 2 runs' });
  expect(fake.callsOf('values.series')[0]).toMatchObject({ file: 'summary.csv', column: 'recovered' });
  expect((screen.getByLabelText('Results file') as HTMLSelectElement).value).toBe('summary.csv');
  expect((screen.getByLabelText('Column') as HTMLSelectElement).value).toBe('recovered');

  // Another column replaces the address (no history entry per pick).
  const entries = window.history.length;
  await user.selectOptions(screen.getByLabelText('Column'), 'infected');
  await screen.findByRole('img', { name: 'infected over step for 2 runs' });
  expect(window.location.hash).toBe(`#/compare/${ids.join(',')}/chart?file=summary.csv&column=infected`);
  expect(window.history.length).toBe(entries);

  // Values side by side is another place; Back returns to the chart with its pick.
  await user.click(screen.getByRole('button', { name: 'Values side by side' }));
  expect(window.location.hash).toBe(`#/compare/${ids.join(',')}`);
  await act(async () => {
    window.history.back();
    await new Promise((r) => setTimeout(r, 50));
  });
  await screen.findByRole('img', { name: 'infected over step for 2 runs' });
  expect((screen.getByLabelText('Results file') as HTMLSelectElement).value).toBe('summary.csv');
  expect(fake.callsOf('values.series').at(-1)).toMatchObject({ file: 'summary.csv', column: 'infected' });

  // A reload: a new shell on the same address draws the same chart.
  shell.unmount();
  const again = fakeBackend(handlers);
  render(<AppShell />, { wrapper: again.wrapper });
  await screen.findByRole('img', { name: 'infected over step for 2 runs' });
  expect(again.callsOf('values.series')[0]).toMatchObject({ file: 'summary.csv', column: 'infected' });
});

it('the address writes and reads the file and column of the chart, and only for the chart', () => {
  const view = { kind: 'compare' as const, runIds: ['a1', 'b2'], chart: true, file: 'sub dir/t s.csv', column: 'a&b' };
  const hash = toHash({ view, filterText: 'x', sort: DEFAULT_SORT });
  expect(hash).toBe('#/compare/a1,b2/chart?file=sub%20dir%2Ft%20s.csv&column=a%26b&q=x');
  expect(fromHash(hash).view).toEqual(view);
  expect(toHash({ view: { ...view, chart: false }, filterText: '', sort: DEFAULT_SORT })).toBe('#/compare/a1,b2');
  expect(fromHash('#/compare/a1,b2?file=t.csv&column=y').view).toEqual({ kind: 'compare', runIds: ['a1', 'b2'] });
});
