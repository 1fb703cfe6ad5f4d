// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OverviewCharts } from '../../renderer/features/charts/OverviewCharts';
import type { DiskUsage } from '../../shared/api/models';
import { fakeBackend, makeRun } from './fixtures';

afterEach(cleanup);

const H = 3_600_000;
const T0 = Date.now() - 48 * H;
const runs = [
  makeRun({
    run_id: 'aaaaaaaa-root',
    status: 'completed',
    description: 'Baseline',
    created_ms: T0,
    completed_ms: T0 + 5 * H,
  }),
  makeRun({
    run_id: 'bbbbbbbb-child',
    status: 'running',
    description: 'Resumed',
    parent_run_id: 'aaaaaaaa-root',
    created_ms: T0 + 6 * H,
  }),
  makeRun({
    run_id: 'cccccccc-fail',
    status: 'failed',
    description: 'Crashed',
    created_ms: T0 + H,
    completed_ms: T0 + 2 * H,
  }),
  makeRun({
    run_id: 'dddddddd-fail',
    status: 'failed',
    description: 'Crashed too',
    created_ms: T0 + 2 * H,
    completed_ms: T0 + 3 * H,
  }),
];
const du = (run_id: string, checkpoints: number, results: number): DiskUsage => ({
  run_id,
  checkpoints,
  results,
  logs: 0,
  other: 0,
  total: checkpoints + results,
});

describe('OverviewCharts', () => {
  it('counts runs per status, draws the timeline and the disk usage per run and per family', async () => {
    const user = userEvent.setup();
    const api = fakeBackend({
      'du.get': () => [
        du('aaaaaaaa-root', 3 * 1024 ** 3, 0),
        du('bbbbbbbb-child', 0, 1024 ** 3),
        du('cccccccc-fail', 0, 1024),
        du('dddddddd-fail', 0, 2048),
      ],
    });
    render(<OverviewCharts runs={runs} />, { wrapper: api.wrapper });

    expect(screen.getByRole('img', { name: 'Runs per status: running: 1, completed: 1, failed: 2' })).toBeTruthy();

    const timeline = screen.getByRole('group', { name: 'Timeline of the 4 most recent runs' });
    const bars = within(timeline).getAllByRole('img');
    expect(bars.map((b) => b.getAttribute('aria-label'))).toEqual([
      'Run aaaaaaaa, completed, 5h 00m',
      'Run cccccccc, failed, 1h 00m',
      'Run dddddddd, failed, 1h 00m',
      expect.stringMatching(/^Run bbbbbbbb, running, 4\dh \d\dm, still going$/),
    ]);
    await user.hover(bars[1]!);
    expect(screen.getByRole('tooltip').textContent).toContain('cccccccc-fail — failed');
    await user.unhover(bars[1]!);
    expect(screen.queryByRole('tooltip')).toBeNull();

    expect(await screen.findByText('4.0 GiB in 4 runs')).toBeTruthy();
    expect(
      screen.getByRole('img', {
        name: 'Largest runs: aaaaaaaa 3.0 GiB, bbbbbbbb 1.0 GiB, dddddddd 2.0 KiB, cccccccc 1.0 KiB',
      }),
    ).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Largest lineage families: aaaaaaaa (2 runs) 4.0 GiB' })).toBeTruthy();
    expect(api.callsOf('du.get')).toEqual([{ run_ids: runs.map((r) => r.run_id) }]);
  });

  it('at 1,200 runs draws status and timeline at once, and the disk usage batch by batch as it is measured', async () => {
    const many = Array.from({ length: 1200 }, (_, i) =>
      makeRun({
        run_id: `run-${String(i).padStart(4, '0')}`,
        status: i % 3 ? 'completed' : 'failed',
        created_ms: T0 + i * 60_000,
        completed_ms: T0 + i * 60_000 + H,
      }),
    );
    const waiting: (() => void)[] = [];
    const api = fakeBackend({
      'du.get': ({ run_ids }) =>
        new Promise((resolve) => {
          waiting.push(() => resolve((run_ids ?? []).map((id) => du(id, 0, 1024))));
        }),
    });
    render(<OverviewCharts runs={many} />, { wrapper: api.wrapper });
    expect(screen.getByRole('img', { name: 'Runs per status: completed: 800, failed: 400' })).toBeTruthy();
    expect(
      within(screen.getByRole('group', { name: 'Timeline of the 30 most recent runs' })).getAllByRole('img'),
    ).toHaveLength(30);
    expect(screen.getByText('(the 30 newest of 1200)')).toBeTruthy();
    expect(screen.getByText('Measuring disk usage…')).toBeTruthy();
    await waitFor(() => expect(waiting).toHaveLength(1));
    waiting[0]!();
    expect(await screen.findByText(/measuring: 500 of 1200 runs so far/)).toBeTruthy();
    expect(screen.getByText(/measuring: 500/).closest('p')!.textContent).toMatch(/^500 KiB in 500 runs/);
    await waitFor(() => expect(waiting).toHaveLength(2));
    waiting[1]!();
    await waitFor(() => expect(waiting).toHaveLength(3));
    waiting[2]!();
    expect(await screen.findByText('1.2 MiB in 1200 runs')).toBeTruthy();
    expect(api.callsOf('du.get').map((c) => c.run_ids!.length)).toEqual([500, 500, 200]);
  });

  it('says so when there are no runs, and shows a du error', async () => {
    const api = fakeBackend({
      'du.get': () => ({ ok: false, error: { code: 'io', message: 'cannot read /data/runs' } }),
      'values.columns': () => ({ runs: 4, sources: [], problems: [], more_problems: 0 }),
    });
    const { rerender } = render(<OverviewCharts runs={[]} />, { wrapper: api.wrapper });
    expect(screen.getByText(/No runs yet/)).toBeTruthy();
    rerender(<OverviewCharts runs={runs} />);
    expect((await screen.findByRole('alert')).textContent).toBe('cannot read /data/runs');
  });
});
