// @vitest-environment jsdom
// What a user sees of a failed run (its recorded error, its log's last error lines,
// error lines highlighted, the end time named for what it was), the Overview's
// checkpoints as a table, and new files appearing in an open Logs or Results tab.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FileEntry, RunDetail } from '../../shared/api/models';
import type { RunRecord } from '../../shared/types';
import { makeRun, NOW, renderShell, type Handlers } from './fixtures';

afterEach(cleanup);

const ID = 'ffff0000-1111-2222-3333-444455556666';
const failed = makeRun({
  run_id: ID,
  description: 'Lockdown sweep 7',
  status: 'failed',
  created_at: '2026-11-19T12:00:00.000000Z',
  created_ms: Date.UTC(2026, 10, 19, 12),
  completed_at: '2026-11-19T13:30:00.000000Z',
  completed_ms: Date.UTC(2026, 10, 19, 13, 30),
  extra: { error: 'MemoryError: rank 3 ran out of memory' },
  checkpoints: [
    { name: 'checkpoint_2020-04-01', created_at: null, path: `runs/${ID}/checkpoints/checkpoint_2020-04-01.0.hdf5` },
    { name: 'checkpoint_2020-05-01', created_at: null, path: null },
  ],
});

const LOG = [
  '[INFO] day 40: 1200 infected',
  '[INFO] error_rate=0.01 within bounds',
  '[WARNING] rank 3 memory at 95%',
  '[ERROR] rank 3: allocation failed',
  'Traceback (most recent call last):',
  '  File "run_simulation.py", line 88, in <module>',
  '    simulator.run()',
  'MemoryError: Unable to allocate 2.00 GiB',
  '',
].join('\n');

function detailOf(run: RunRecord): RunDetail {
  return {
    run,
    metadata: { run_id: run.run_id, status: run.status, checkpoints: run.checkpoints, error: run.extra.error ?? null },
    paths: {
      run: `/data/runs/${run.run_id}`,
      results: '',
      checkpoints: `/data/runs/${run.run_id}/checkpoints`,
      logs: '',
    },
    checkpoints: [
      {
        ...run.checkpoints[0]!,
        resolved_path: `${ID}/checkpoints/checkpoint_2020-04-01.0.hdf5`,
        ranks: [0, 1],
        files: [
          { path: 'a.0.hdf5', bytes: 1 },
          { path: 'a.1.hdf5', bytes: 1 },
        ],
      },
      { ...run.checkpoints[1]!, resolved_path: null, ranks: [], files: [] },
    ].slice(0, run.checkpoints.length),
    children: [],
    config: null,
    params: null,
  };
}

const logFile: FileEntry = { name: 'sim.log', path: 'logs/sim.log', kind: 'file', bytes: LOG.length, mtime_ms: NOW };

function handlers(run: RunRecord, files: { logs: FileEntry[]; results: FileEntry[] }, extra: Handlers = {}): Handlers {
  return {
    'run.get': () => detailOf(run),
    'run.files': ({ folder }) => {
      const entries = folder === 'logs' ? files.logs : files.results;
      return { entries, total: entries.length, offset: 0 };
    },
    'run.readFile': ({ path }) => ({ path, offset: 0, size: LOG.length, text: LOG, binary: false, truncated: false }),
    'log.follow': ({ path }) => ({
      subscription: 'log-1',
      chunk: { path, offset: 0, size: LOG.length, text: LOG, binary: false, truncated: false },
    }),
    'log.unfollow': () => null,
    'run.watch': () => ({ subscription: 'watch-1' }),
    'run.unwatch': () => null,
    'lineage.get': () => ({ roots: [], orphans: [], cycles: [], ancestors: [] }),
    ...extra,
  };
}

async function open(run: RunRecord, files = { logs: [logFile], results: [] as FileEntry[] }, extra: Handlers = {}) {
  const user = userEvent.setup();
  const shell = renderShell([run], handlers(run, files, extra));
  const t = await screen.findByRole('table', { name: 'Runs' });
  await user.dblClick(within(t).getByText(run.description));
  await screen.findByRole('tab', { name: 'Overview' });
  return { user, t, ...shell };
}

describe('a failed run', () => {
  it('says why on its Overview: the recorded error and the last error lines of its log, with the end time labelled "failed at"', async () => {
    await open(failed);
    const section = (await screen.findByRole('heading', { name: 'Why it failed' })).parentElement!;
    expect(within(section).getByLabelText('Recorded error').textContent).toBe('MemoryError: rank 3 ran out of memory');
    const lines = await within(section).findByLabelText('Last error lines of logs/sim.log');
    expect(lines.textContent!.split('\n')).toEqual([
      '[ERROR] rank 3: allocation failed',
      'Traceback (most recent call last):',
      '  File "run_simulation.py", line 88, in <module>',
      '    simulator.run()',
      'MemoryError: Unable to allocate 2.00 GiB',
    ]);
    const times = screen.getByRole('heading', { name: 'Times' }).parentElement!;
    const terms = within(times)
      .getAllByRole('term')
      .map((d) => d.textContent);
    expect(terms).toContain('failed at');
    expect(terms).not.toContain('completed');
  });

  it('shows its error as the status tooltip in the table', async () => {
    renderShell([failed, makeRun({ run_id: 'cccc0000-ok', description: 'Fine', created_ms: NOW })]);
    const t = await screen.findByRole('table', { name: 'Runs' });
    const row = within(t).getByText('Lockdown sweep 7').closest('tr')!;
    expect(row.querySelector('td.cell-status')!.getAttribute('title')).toBe(
      'failed: MemoryError: rank 3 ran out of memory',
    );
    const ok = within(t).getByText('Fine').closest('tr')!;
    expect(ok.querySelector('td.cell-status')!.getAttribute('title')).toBeNull();
  });

  it('highlights the error lines of its log, case-aware', async () => {
    const { user } = await open(failed);
    await user.click(screen.getByRole('tab', { name: 'Logs' }));
    const log = await screen.findByLabelText('Log logs/sim.log');
    await waitFor(() => expect(log.querySelectorAll('.log-error').length).toBeGreaterThan(0));
    expect([...log.querySelectorAll('.log-error')].map((e) => e.textContent)).toEqual([
      '[ERROR] rank 3: allocation failed',
      'Traceback (most recent call last):',
      'MemoryError: Unable to allocate 2.00 GiB',
    ]);
    // Search still marks inside a highlighted line.
    await user.type(screen.getByRole('searchbox', { name: 'Search log' }), 'allocat');
    await waitFor(() => expect(log.querySelectorAll('.log-error mark').length).toBe(2));
    expect(log.textContent).toBe(LOG);
  });

  it('another status\'s end is "ended", with no failure section', async () => {
    const done = makeRun({ ...failed, status: 'checkpointed', extra: {} });
    await open(done);
    const times = (await screen.findByRole('heading', { name: 'Times' })).parentElement!;
    expect(
      within(times)
        .getAllByRole('term')
        .map((d) => d.textContent),
    ).toContain('ended');
    expect(screen.queryByRole('heading', { name: 'Why it failed' })).toBeNull();
  });
});

describe("the Overview's checkpoints", () => {
  it('are a table of name, path, ranks and whether the files are there, not JSON', async () => {
    await open(failed);
    const table = await screen.findByRole('table', { name: 'Checkpoints' });
    expect(
      within(table)
        .getAllByRole('row')
        .map((r) =>
          within(r)
            .queryAllByRole('cell')
            .map((c) => c.textContent),
        ),
    ).toEqual([
      [],
      ['checkpoint_2020-04-01', `runs/${ID}/checkpoints/checkpoint_2020-04-01.0.hdf5`, '2', 'present'],
      ['checkpoint_2020-05-01', 'none', '—', 'missing'],
    ]);
    expect(screen.getByRole('table', { name: 'metadata.json' }).textContent).not.toContain('"name"');
  });
});

describe('new files in an open tab', () => {
  it('a log written after the Logs tab opened shows once the backend reports it, and is followed', async () => {
    const files = { logs: [] as FileEntry[], results: [] as FileEntry[] };
    const { user, fake } = await open({ ...failed, status: 'running', extra: {} }, files);
    await user.click(screen.getByRole('tab', { name: 'Logs' }));
    expect(await screen.findByText('This run has no files in logs/.')).toBeTruthy();
    expect(fake.callsOf('run.watch')).toEqual([{ run_id: ID }]);
    files.logs = [logFile];
    // An event for another folder of the run changes nothing; one in logs/ relists.
    const listings = fake.callsOf('run.files').length;
    fake.emit('run.fileEvent', { subscription: 'watch-1', run_id: ID, path: `${ID}/checkpoints/x.hdf5`, kind: 'add' });
    fake.emit('run.fileEvent', { subscription: 'watch-1', run_id: ID, path: `${ID}/logs/sim.log`, kind: 'add' });
    const log = await screen.findByLabelText('Log logs/sim.log', {}, { timeout: 2000 });
    expect(fake.callsOf('run.files').length).toBe(listings + 1);
    await waitFor(() => expect(log.textContent).toContain('[INFO] day 40'));
    expect(fake.callsOf('log.follow')).toEqual([{ run_id: ID, path: 'logs/sim.log' }]);
    await user.click(screen.getByRole('tab', { name: 'Overview' }));
    await waitFor(() => expect(fake.callsOf('run.unwatch')).toEqual([{ subscription: 'watch-1' }]));
  });

  it('results/summary.csv shows in an open Results tab; where watching is refused the tab polls', async () => {
    const files = { logs: [] as FileEntry[], results: [] as FileEntry[] };
    const { user } = await open({ ...failed, status: 'running', extra: {} }, files, {
      'run.watch': () => ({ ok: false, error: { code: 'refused', message: 'too many open subscriptions' } }),
    });
    await user.click(screen.getByRole('tab', { name: 'Results' }));
    expect(await screen.findByText('results/ is empty.')).toBeTruthy();
    files.results = [{ name: 'summary.csv', path: 'results/summary.csv', kind: 'file', bytes: 20, mtime_ms: NOW }];
    expect(await screen.findByRole('button', { name: 'summary.csv' }, { timeout: 3000 })).toBeTruthy();
  });
});
