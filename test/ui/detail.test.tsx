// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RunDetail } from '../../shared/api/models';
import { info, makeRun, NOW, renderShell, type Handlers } from './fixtures';

afterEach(cleanup);

const parent = makeRun({
  run_id: 'pppp0000-parent',
  description: 'Long run to June',
  status: 'checkpointed',
  created_ms: NOW - 86_400_000,
});
const run = makeRun({
  run_id: 'aaaa1111-2222-3333-4444-555566667777',
  description: 'Resumed from pppp0000',
  status: 'failed',
  created_at: '2026-11-19T12:00:00.000000Z',
  created_ms: Date.UTC(2026, 10, 19, 12),
  started_at: null,
  started_ms: null,
  completed_at: '2026-11-19T13:30:00.000000Z',
  completed_ms: Date.UTC(2026, 10, 19, 13, 30),
  parent_run_id: parent.run_id,
  tags: ['long', 'resumed'],
  extra: { seed: 42 },
  problems: [
    { file: 'aaaa1111-2222-3333-4444-555566667777/run_params.json', message: 'run_params.json is not valid JSON' },
  ],
});

const detail: RunDetail = {
  run,
  metadata: {
    run_id: run.run_id,
    created_at: run.created_at,
    description: run.description,
    status: 'failed',
    tags: run.tags,
    parent_run_id: parent.run_id,
    seed: 42,
    world_path: 'data/world_NE.hdf5',
  },
  paths: {
    run: `/data/runs/${run.run_id}`,
    results: `/data/runs/${run.run_id}/results`,
    checkpoints: `/data/runs/${parent.run_id}/checkpoints`,
    logs: `/data/runs/${run.run_id}/logs`,
  },
  checkpoints: [
    {
      name: 'checkpoint_2020-04-01',
      created_at: '2026-11-19T12:30:00Z',
      path: `runs/${parent.run_id}/checkpoints/checkpoint_2020-04-01.hdf5`,
      resolved_path: `${parent.run_id}/checkpoints/checkpoint_2020-04-01.hdf5`,
      ranks: [0, 1],
      files: [
        { path: `${parent.run_id}/checkpoints/checkpoint_2020-04-01.0.hdf5`, bytes: 2048 },
        { path: `${parent.run_id}/checkpoints/checkpoint_2020-04-01.1.hdf5`, bytes: 3072 },
      ],
    },
    {
      name: 'checkpoint_2020-05-01',
      created_at: null,
      path: '/cosma/scratch/runs/x/checkpoints/checkpoint_2020-05-01.hdf5',
      resolved_path: null,
      ranks: [],
      files: [],
    },
  ],
  children: ['cccc9999-child'],
  config: {
    text: '{"region": "North East", "beta": {"household": 0.2, "school": 0.1}}',
    ok: true,
    error: null,
    parsed: { region: 'North East', beta: { household: 0.2, school: 0.1 } },
  },
  params: { text: '{"seed": 4', ok: false, error: 'Unexpected end of JSON input', parsed: null },
};

const csv = 'day,infected,recovered,label\n0,10,0,a\n1,20,5,b\n2,40,12,c\n';

function handlers(extra: Handlers = {}): Handlers {
  return {
    'run.get': ({ run_id }) =>
      run_id === run.run_id ? detail : { ok: false, error: { code: 'not-found', message: `no run ${run_id}` } },
    'run.files': ({ folder }) =>
      folder === 'logs'
        ? {
            entries: [
              { name: 'simulation.log', path: 'logs/simulation.log', kind: 'file', bytes: 200_000, mtime_ms: NOW },
            ],
            total: 1,
            offset: 0,
          }
        : {
            entries: [
              { name: 'summary.csv', path: 'results/summary.csv', kind: 'file', bytes: csv.length, mtime_ms: NOW },
              {
                name: 'june_record.h5',
                path: 'results/june_record.h5',
                kind: 'file',
                bytes: 5 * 1024 * 1024,
                mtime_ms: NOW,
              },
            ],
            total: 2,
            offset: 0,
          },
    'log.follow': () => ({
      subscription: 'sub-1',
      chunk: {
        path: 'logs/simulation.log',
        offset: 100_000,
        size: 100_039,
        text: '[INFO] day 1\n[INFO] day 2\n[ERROR] boom\n',
        binary: false,
        truncated: true,
      },
    }),
    'log.unfollow': () => null,
    'run.readFile': ({ path, offset }) =>
      path === 'results/summary.csv'
        ? { path, offset: 0, size: csv.length, text: csv, binary: false, truncated: false }
        : {
            path,
            offset: offset ?? 0,
            size: 100_040,
            text: 'partial line\n[INFO] earlier line\n',
            binary: false,
            truncated: true,
          },
    'lineage.get': () => ({ roots: [], orphans: [], cycles: [], ancestors: [] }),
    ...extra,
  };
}

async function openDetail(extra: Handlers = {}) {
  const user = userEvent.setup();
  const shell = renderShell([run, parent], handlers(extra));
  const t = await screen.findByRole('table', { name: 'Runs' });
  await user.dblClick(within(t).getByText('Resumed from pppp0000'));
  await screen.findByRole('tab', { name: 'Overview' });
  return { user, ...shell };
}

describe('run detail', () => {
  it('has the seven tabs and starts on Overview with every metadata key, extras marked', async () => {
    await openDetail();
    const tabs = screen.getByRole('tablist', { name: 'Run detail' });
    expect(
      within(tabs)
        .getAllByRole('tab')
        .map((t) => t.textContent),
    ).toEqual(['Overview', 'Config', 'Params', 'Checkpoints', 'Logs', 'Results', 'Lineage']);
    expect(screen.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true');
    const meta = await screen.findByRole('table', { name: 'metadata.json' });
    const keys = within(meta)
      .getAllByRole('rowheader')
      .map((h) => h.textContent);
    expect(keys).toEqual([
      'run_id',
      'created_at',
      'description',
      'status',
      'tags',
      'parent_run_id',
      'seedextra',
      'world_pathextra',
    ]);
    expect(within(meta).getByText('data/world_NE.hdf5')).toBeTruthy();
  });

  it('shows times local and relative, the duration, and explains each problem', async () => {
    await openDetail();
    const panel = screen.getByRole('tabpanel');
    await within(panel).findByText('Times');
    expect(within(panel).getByText('1h 30m')).toBeTruthy();
    expect(within(panel).getAllByText(/\(\d+ (minute|hour|day)s? ago\)|\(in /).length).toBeGreaterThanOrEqual(2);
    expect(within(panel).getByText('not set')).toBeTruthy();
    const problems = within(panel).getByRole('heading', { name: 'Problems' }).parentElement!;
    expect(within(problems).getByText(/run_params.json is not valid JSON/)).toBeTruthy();
    expect(within(problems).getByText(/could not be parsed as JSON, so only its text is shown/)).toBeTruthy();
  });

  it('shows config as a collapsible tree whose values can be copied, and unparsable params as text with the error', async () => {
    const { user } = await openDetail();
    await user.click(screen.getByRole('tab', { name: 'Config' }));
    const tree = screen.getByRole('list', { name: 'config.yaml' });
    expect(within(tree).getByText('"North East"')).toBeTruthy();
    expect(within(tree).getByText('0.2')).toBeTruthy();
    await user.click(within(tree).getByRole('button', { name: /beta/, expanded: true }));
    expect(within(tree).queryByText('0.2')).toBeNull();
    await user.click(within(tree).getByRole('button', { name: 'Copy region' }));
    // user-event puts a clipboard stub in place of the browser's.
    expect(await navigator.clipboard.readText()).toBe('North East');
    expect(await screen.findByText('Copied region.')).toBeTruthy();
    await user.click(screen.getByRole('tab', { name: 'Params' }));
    expect(screen.getByRole('note').textContent).toContain(
      'run_params.json could not be parsed: Unexpected end of JSON input',
    );
    expect(screen.getByText('{"seed": 4')).toBeTruthy();
  });

  it('groups per-rank checkpoint files with sizes, flags missing ones, and resumes from a checkpoint', async () => {
    const { user } = await openDetail({
      'settings.get': () => ({
        theme: 'system',
        recentDirs: [],
        columns: [],
        staleAfterHours: 24,
        watchMode: 'auto',
        pollIntervalMs: 2000,
        notifications: false,
        resumeCommands: {},
      }),
    });
    await user.click(screen.getByRole('tab', { name: 'Checkpoints' }));
    const first = screen.getByRole('article', { name: 'checkpoint_2020-04-01' });
    const files = within(first).getByRole('table', { name: 'Files of checkpoint_2020-04-01' });
    expect(
      within(files)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual([
      'RankFileSize',
      '0checkpoint_2020-04-01.0.hdf52.0 KiB',
      '1checkpoint_2020-04-01.1.hdf53.0 KiB',
      '2 files5.0 KiB',
    ]);
    expect(within(first).getByText(/live in another run's folder/)).toBeTruthy();
    const missing = screen.getByRole('article', { name: 'checkpoint_2020-05-01' });
    expect(within(missing).getByRole('note').textContent).toContain('Missing: no file of this checkpoint exists here');
    expect((within(missing).getByRole('button', { name: 'Resume from here' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    await user.click(within(first).getByRole('button', { name: 'Resume from here' }));
    expect(await screen.findByRole('dialog', { name: /Resume run aaaa1111/ })).toBeTruthy();
  });

  it('replaces the shown log with text that does not continue it (a rotated log, or the tail re-sent after a reconnect)', async () => {
    const { user, fake } = await openDetail();
    await user.click(screen.getByRole('tab', { name: 'Logs' }));
    const log = await screen.findByLabelText('Log logs/simulation.log');
    await waitFor(() => expect(log.textContent).toContain('[ERROR] boom'));
    act(() =>
      fake.emit('log.data', { subscription: 'sub-1', offset: 100_200, text: '[INFO] while away\n', truncated: true }),
    );
    expect(log.textContent).toBe('[INFO] while away\n');
    act(() =>
      fake.emit('log.data', { subscription: 'sub-1', offset: 100_218, text: '[INFO] back\n', truncated: false }),
    );
    expect(log.textContent).toBe('[INFO] while away\n[INFO] back\n');
  });

  it('tails the log, follows new text, searches it and loads earlier pages', async () => {
    const { user, fake } = await openDetail();
    await user.click(screen.getByRole('tab', { name: 'Logs' }));
    const log = await screen.findByLabelText('Log logs/simulation.log');
    await waitFor(() => expect(log.textContent).toContain('[ERROR] boom'));
    act(() =>
      fake.emit('log.data', { subscription: 'sub-1', offset: 100_039, text: '[INFO] day 3\n', truncated: false }),
    );
    expect(log.textContent).toContain('[ERROR] boom\n[INFO] day 3\n');
    act(() => fake.emit('log.data', { subscription: 'other', offset: 0, text: 'not ours\n', truncated: false }));
    expect(log.textContent).not.toContain('not ours');
    await user.type(screen.getByRole('searchbox', { name: 'Search log' }), 'info');
    expect(screen.getByText('1 of 3')).toBeTruthy();
    expect(log.querySelectorAll('mark')).toHaveLength(3);
    await user.click(screen.getByRole('button', { name: 'Load earlier' }));
    await waitFor(() => expect(log.textContent!.startsWith('[INFO] earlier line\n[INFO] day 1')).toBe(true));
    expect(fake.callsOf('run.readFile').at(-1)).toMatchObject({
      path: 'logs/simulation.log',
      offset: 100_000 - 65_536,
      length: 65_536,
    });
  });

  it('lists result files with sizes and previews a CSV as a table and a chart', async () => {
    const { user } = await openDetail();
    await user.click(screen.getByRole('tab', { name: 'Results' }));
    const files = await screen.findByRole('table', { name: 'Result files' });
    expect(within(files).getByText('5.0 MiB')).toBeTruthy();
    await user.click(within(files).getByRole('button', { name: 'summary.csv' }));
    const preview = await screen.findByRole('table', { name: 'Preview of summary.csv' });
    expect(
      within(preview)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['day', 'infected', 'recovered', 'label']);
    expect(within(preview).getAllByRole('row')).toHaveLength(4);
    const chart = screen.getByRole('img', { name: 'summary.csv: infected, recovered over day' });
    expect(chart.querySelectorAll('path')).toHaveLength(2);
    await user.click(screen.getByRole('checkbox', { name: 'recovered' }));
    expect(chart.querySelectorAll('path')).toHaveLength(1);
    await user.click(within(files).getByRole('button', { name: 'june_record.h5' }));
    expect(screen.getByText(/An HDF5 file \(5.0 MiB\)/)).toBeTruthy();
  });

  it('shows a result image inline with its name and size, larger on click, and says why another cannot be shown', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    const file = (name: string, bytes: number) => ({
      name,
      path: `results/${name}`,
      kind: 'file' as const,
      bytes,
      mtime_ms: NOW,
    });
    const { user, fake } = await openDetail({
      'run.files': () => ({
        entries: [file('epidemic_curve.png', 70), file('fake.png', 12), file('huge.png', 25 * 1024 * 1024)],
        total: 3,
        offset: 0,
      }),
      'run.readImage': ({ path }) =>
        path === 'results/epidemic_curve.png'
          ? { mime: 'image/png', base64: png, bytes: 70 }
          : {
              ok: false,
              error: {
                code: 'unsupported',
                message: `${path} is not a PNG, JPEG, GIF, WebP or SVG image (judged by its content, not its name), so it is not shown as one`,
                file: path,
              },
            },
    });
    await user.click(screen.getByRole('tab', { name: 'Results' }));
    const files = await screen.findByRole('table', { name: 'Result files' });

    await user.click(within(files).getByRole('button', { name: 'epidemic_curve.png' }));
    const preview = screen.getByRole('region', { name: 'Preview' });
    const thumb = await within(preview).findByRole('img', { name: 'epidemic_curve.png' });
    expect(thumb.getAttribute('src')).toBe(`data:image/png;base64,${png}`);
    expect(within(preview).getByText('70 B')).toBeTruthy();
    expect(fake.callsOf('run.readImage')).toEqual([{ run_id: run.run_id, path: 'results/epidemic_curve.png' }]);
    await user.click(thumb);
    const large = screen.getByRole('dialog', { name: 'epidemic_curve.png' });
    expect(within(large).getByRole('img', { name: 'epidemic_curve.png' }).getAttribute('src')).toBe(
      `data:image/png;base64,${png}`,
    );
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    // Escape closed the larger view only; the run stays open.
    expect(screen.getByRole('tab', { name: 'Results' })).toBeTruthy();

    await user.click(within(files).getByRole('button', { name: 'fake.png' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This image cannot be shown: results/fake.png is not a PNG, JPEG, GIF, WebP or SVG image (judged by its content, not its name), so it is not shown as one.',
    );
    expect(screen.queryByRole('img', { name: 'fake.png' })).toBeNull();

    // Too large to send: said at once, and not requested at all.
    await user.click(within(files).getByRole('button', { name: 'huge.png' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'huge.png is 25 MiB, larger than the 20 MiB Runyard shows as an image.',
    );
    expect(fake.callsOf('run.readImage').map((c) => c.path)).toEqual([
      'results/epidemic_curve.png',
      'results/fake.png',
    ]);
  });

  it('shows a result written while the folder watch was still being set up, with no file event for it', async () => {
    let written = false;
    const summary = {
      name: 'summary.csv',
      path: 'results/summary.csv',
      kind: 'file' as const,
      bytes: 9,
      mtime_ms: NOW,
    };
    const { user } = await openDetail({
      'run.files': () => ({ entries: written ? [summary] : [], total: written ? 1 : 0, offset: 0 }),
      // The simulation writes between the first listing and the watch being in place.
      'run.watch': async () => {
        await new Promise((r) => setTimeout(r, 40));
        written = true;
        return { subscription: 'w-1' };
      },
      'run.unwatch': () => null,
    });
    await user.click(screen.getByRole('tab', { name: 'Results' }));
    const files = await screen.findByRole('table', { name: 'Result files' }, { timeout: 1000 });
    expect(within(files).getByRole('button', { name: 'summary.csv' })).toBeTruthy();
  });

  it('offers Open only for a regular file; a folder, a pipe, a socket, a device or a link get none, and a pipe is not previewed', async () => {
    const user = userEvent.setup();
    const entry = (name: string, kind: 'file' | 'dir' | 'symlink' | 'fifo' | 'socket' | 'device') => ({
      name,
      path: `results/${name}`,
      kind,
      bytes: kind === 'file' ? 4 : 0,
      mtime_ms: NOW,
    });
    const { fake } = renderShell(
      [run, parent],
      handlers({
        'run.files': () => ({
          entries: [
            entry('summary.csv', 'file'),
            entry('plots.app', 'dir'),
            entry('pipe.csv', 'fifo'),
            entry('sock.csv', 'socket'),
            entry('null.csv', 'device'),
            entry('elsewhere.csv', 'symlink'),
          ],
          total: 6,
          offset: 0,
        }),
        'shell.open': () => null,
      }),
      { ...info, canUseShell: true },
    );
    await user.dblClick(within(await screen.findByRole('table', { name: 'Runs' })).getByText('Resumed from pppp0000'));
    await user.click(await screen.findByRole('tab', { name: 'Results' }));
    const files = await screen.findByRole('table', { name: 'Result files' });
    const opens = within(files)
      .getAllByRole('button', { name: /^Open .* with the OS$/ })
      .map((b) => b.getAttribute('aria-label'));
    expect(opens).toEqual(['Open summary.csv with the OS']);
    // Anything may still be shown in the file manager; the folder itself is not listed.
    expect(within(files).getAllByRole('button', { name: /^Reveal .* in File Manager$/ })).toHaveLength(5);
    expect(within(files).queryByText(/plots\.app/)).toBeNull();
    expect(within(files).queryByRole('button', { name: 'pipe.csv' })).toBeNull();
    expect(within(files).getByText('(a named pipe)')).toBeTruthy();
    expect(within(files).getByText('(a device)')).toBeTruthy();
    await user.click(within(files).getByRole('button', { name: 'Open summary.csv with the OS' }));
    expect(fake.callsOf('shell.open')).toEqual([{ run_id: run.run_id, path: 'results/summary.csv', reveal: false }]);
    expect(fake.callsOf('run.readFile').map((c) => c.path)).not.toContain('results/pipe.csv');
  });

  it('goes back to the table on Escape', async () => {
    const { user } = await openDetail();
    await user.keyboard('{Escape}');
    expect(await screen.findByRole('table', { name: 'Runs' })).toBeTruthy();
    expect(screen.queryByRole('tablist')).toBeNull();
  });
});
