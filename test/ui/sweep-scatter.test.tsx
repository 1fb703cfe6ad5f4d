// @vitest-environment jsdom
// The sweep scatter of the charts view: the varying keys offered first, one dot per run
// with a number, the run's values on focus, and Enter opening the run.
import { afterEach, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SweepScatter } from '../../renderer/features/charts/SweepScatter';
import type { RunValues, ValueColumns } from '../../shared/api/value-models';
import { fakeBackend, makeRun } from './fixtures';

afterEach(cleanup);

const runs = [0.1, 0.3, 0.5].map((beta, i) => makeRun({ run_id: `run-${i}-aaaa`, description: `beta ${beta}` }));
runs.push(makeRun({ run_id: 'run-3-aaaa', description: 'crashed before results' }));

const stat = (path: string, varying: boolean, example: number | string) => ({
  path,
  count: 3,
  distinct: varying ? 3 : 1,
  varying,
  example,
});
const columns: ValueColumns = {
  runs: 4,
  sources: [
    {
      source: 'config',
      keys: [stat('config.world', false, 'london'), stat('config.disease.beta', true, 0.1)],
      truncated: false,
    },
    { source: 'params', keys: [stat('params.seed', true, 1)], truncated: false },
    {
      source: 'results',
      keys: [stat('results.summary.infected', true, 100), stat('results.summary.note', true, 'x')],
      truncated: false,
    },
    { source: 'meta', keys: [], truncated: false },
  ],
  problems: [],
  more_problems: 0,
};

const table: Record<string, Record<string, number>> = {
  'run-0-aaaa': { 'config.disease.beta': 0.1, 'params.seed': 1, 'results.summary.infected': 100 },
  'run-1-aaaa': { 'config.disease.beta': 0.3, 'params.seed': 2, 'results.summary.infected': 300 },
  'run-2-aaaa': { 'config.disease.beta': 0.5, 'params.seed': 3, 'results.summary.infected': 500 },
  'run-3-aaaa': { 'config.disease.beta': 0.7, 'params.seed': 4 },
};

it('plots a results value against a varying key, one dot per run, and opens a run', async () => {
  const fake = fakeBackend({
    'values.columns': () => columns,
    'values.get': ({ paths }): RunValues => ({
      paths,
      values: Object.fromEntries(
        Object.entries(table).map(([id, row]) => [
          id,
          Object.fromEntries(paths.flatMap((p) => (p in row ? [[p, row[p]!]] : []))),
        ]),
      ),
      counts: {},
      missing: [],
      problems: [],
      more_problems: 0,
    }),
  });
  const opened: string[] = [];
  const user = userEvent.setup();
  render(<SweepScatter runs={runs} onOpenRun={(id) => opened.push(id)} />, { wrapper: fake.wrapper });
  const across = (await screen.findByLabelText('Across (x)')) as HTMLSelectElement;
  // The keys the runs vary come first; a constant one is offered last and says so.
  expect([...across.options].map((o) => o.textContent)).toEqual([
    'config.disease.beta (3 values)',
    'params.seed (3 values)',
    'config.world (same in every run)',
  ]);
  // Only numeric results are offered for y.
  const result = screen.getByLabelText('Result (y)') as HTMLSelectElement;
  expect([...result.options].map((o) => o.value)).toEqual(['results.summary.infected']);

  const chart = await screen.findByRole('group', {
    name: 'results.summary.infected against config.disease.beta, 3 runs',
  });
  const dots = within(chart).getAllByRole('button');
  expect(dots.map((d) => d.getAttribute('aria-label'))).toEqual([
    'beta 0.1: config.disease.beta = 0.1, results.summary.infected = 100',
    'beta 0.3: config.disease.beta = 0.3, results.summary.infected = 300',
    'beta 0.5: config.disease.beta = 0.5, results.summary.infected = 500',
  ]);
  expect(screen.getByText(/1 of the 4 runs have no value for config.disease.beta or no number/)).toBeTruthy();

  await user.hover(dots[1]!);
  expect(screen.getByRole('status', { name: 'The run under the cursor' }).textContent).toContain(
    'results.summary.infected = 300',
  );
  await user.click(dots[1]!);
  // jsdom does not move focus onto SVG, so the key goes to the dot directly.
  fireEvent.keyDown(dots[2]!, { key: 'Enter' });
  expect(opened).toEqual(['run-1-aaaa', 'run-2-aaaa']);
  expect(dots[2]!.getAttribute('tabindex')).toBe('0');

  await user.selectOptions(across, 'params.seed');
  expect(fake.callsOf('values.get').at(-1)?.paths).toEqual(['params.seed', 'results.summary.infected']);

  // Parallel coordinates: an axis per varying key and the result last, a line per run.
  await user.click(screen.getByRole('checkbox', { name: 'Parallel coordinates (every varying key)' }));
  const parallel = await screen.findByRole('group', {
    name: 'Parallel coordinates of 3 runs: config.disease.beta, params.seed, results.summary.infected',
  });
  const lines = within(parallel).getAllByRole('button');
  expect(lines[2]!.getAttribute('aria-label')).toBe(
    'beta 0.5: config.disease.beta = 0.5, params.seed = 3, results.summary.infected = 500',
  );
  await user.click(lines[0]!);
  expect(opened.at(-1)).toBe('run-0-aaaa');
  expect(screen.getByText('1 of the 4 runs lack one of these values, and are not shown.')).toBeTruthy();
});
