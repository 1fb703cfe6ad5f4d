// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OverviewCharts } from '../renderer/features/charts/OverviewCharts';
import type { DiskUsage } from '../shared/api/models';
import { fakeBackend, makeRun } from './ui-fixtures';

afterEach(cleanup);

const H = 3_600_000;
const T0 = Date.now() - 48 * H;
const runs = [
  makeRun({ run_id: 'aaaaaaaa-root', status: 'completed', description: 'Baseline', created_ms: T0, completed_ms: T0 + 5 * H }),
  makeRun({ run_id: 'bbbbbbbb-child', status: 'running', description: 'Resumed', parent_run_id: 'aaaaaaaa-root', created_ms: T0 + 6 * H }),
  makeRun({ run_id: 'cccccccc-fail', status: 'failed', description: 'Crashed', created_ms: T0 + H, completed_ms: T0 + 2 * H }),
  makeRun({ run_id: 'dddddddd-fail', status: 'failed', description: 'Crashed too', created_ms: T0 + 2 * H, completed_ms: T0 + 3 * H }),
];
const du = (run_id: string, checkpoints: number, results: number): DiskUsage => ({ run_id, checkpoints, results, logs: 0, other: 0, total: checkpoints + results });

describe('OverviewCharts', () => {
  it('counts runs per status, draws the timeline and the disk usage per run and per family', async () => {
    const user = userEvent.setup();
    const api = fakeBackend({ 'du.get': () => [du('aaaaaaaa-root', 3 * 1024 ** 3, 0), du('bbbbbbbb-child', 0, 1024 ** 3), du('cccccccc-fail', 0, 1024), du('dddddddd-fail', 0, 2048)] });
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
    expect(screen.getByRole('img', { name: 'Largest runs: aaaaaaaa 3.0 GiB, bbbbbbbb 1.0 GiB, dddddddd 2.0 KiB, cccccccc 1.0 KiB' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Largest lineage families: aaaaaaaa (2 runs) 4.0 GiB' })).toBeTruthy();
    expect(api.callsOf('du.get')).toEqual([{ run_ids: runs.map((r) => r.run_id) }]);
  });

  it('says so when there are no runs, and shows a du error', async () => {
    const api = fakeBackend({ 'du.get': () => ({ ok: false, error: { code: 'io', message: 'cannot read /data/runs' } }) });
    const { rerender } = render(<OverviewCharts runs={[]} />, { wrapper: api.wrapper });
    expect(screen.getByText(/No runs yet/)).toBeTruthy();
    rerender(<OverviewCharts runs={runs} />);
    expect((await screen.findByRole('alert')).textContent).toBe('cannot read /data/runs');
  });
});
