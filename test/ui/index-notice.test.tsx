// @vitest-environment jsdom
// The bar that says the run index disagrees with the folders, and repairs it in one click.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { IndexCheck } from '../../shared/api/models';
import { emptyDelta } from '../../shared/run-delta';
import { IndexNotice, RECHECK_MS } from '../../renderer/shell/IndexNotice';
import { fakeBackend, info, makeRun, NOW, renderShell } from './fixtures';

afterEach(cleanup);

const clean: IndexCheck = { missing: [], stale: [], mismatched: [], readable: true, latest: null };
const drift: IndexCheck = { ...clean, stale: ['g1', 'g2'], missing: ['m1', 'm2', 'm3'] };
const runs = [makeRun({ run_id: 'aaaa1111-x', created_ms: NOW - 1000 })];
const bar = () => screen.queryByText(/^The run index/);

describe('index drift notice', () => {
  it('says what the index gets wrong, and one click repairs it and takes the bar away', async () => {
    const user = userEvent.setup();
    let state = drift;
    const { fake } = renderShell(runs, {
      'index.check': () => state,
      'index.repair': () => {
        const before = state;
        state = clean;
        return { before, after: clean };
      },
    });
    expect((await screen.findByText(/^The run index/)).textContent).toBe(
      'The run index lists 2 runs that are gone and misses 3 runs.',
    );
    await user.click(screen.getByRole('button', { name: 'Repair index' }));
    await waitFor(() => expect(bar()).toBeNull());
    expect(fake.callsOf('index.repair')).toHaveLength(1);
    expect(await screen.findByText('Repaired the run index from the run folders.')).toBeTruthy();
  });

  it('checks again once changes settle, and shows drift that appears later', async () => {
    let state = clean;
    const fake = fakeBackend({ 'index.check': () => state });
    render(<IndexNotice dir="/data/runs" />, { wrapper: fake.wrapper });
    await waitFor(() => expect(fake.callsOf('index.check')).toHaveLength(1));
    expect(bar()).toBeNull();
    state = { ...clean, missing: ['m1'], mismatched: ['x'] };
    // A burst of changes is one check, after the burst.
    act(() => {
      for (let i = 0; i < 5; i++) fake.emit('runs.delta', emptyDelta());
    });
    expect((await screen.findByText(/^The run index/, {}, { timeout: RECHECK_MS + 2000 })).textContent).toBe(
      'The run index misses 1 run and is out of date for 1 run.',
    );
    expect(fake.callsOf('index.check')).toHaveLength(2);
  });

  it('says an unreadable index too, and a repair that did not help is said, not hidden', async () => {
    const user = userEvent.setup();
    const fake = fakeBackend({
      'index.check': () => ({ ...clean, readable: false }),
      'index.repair': () => ({ before: { ...clean, readable: false }, after: { ...clean, stale: ['g'] } }),
    });
    render(<IndexNotice dir="/data/runs" />, { wrapper: fake.wrapper });
    expect((await screen.findByText(/^The run index/)).textContent).toBe('The run index is missing or unreadable.');
    await user.click(screen.getByRole('button', { name: 'Repair index' }));
    expect((await screen.findByText(/^The run index lists/)).textContent).toBe(
      'The run index lists 1 run that is gone.',
    );
    expect(await screen.findByText(/still disagrees/)).toBeTruthy();
  });

  it('is not offered on a read-only serve', async () => {
    const { fake } = renderShell(
      runs,
      { 'index.check': () => drift, 'index.repair': () => ({ before: drift, after: clean }) },
      { ...info, readOnly: true },
    );
    await screen.findByRole('table', { name: 'Runs' });
    await new Promise((r) => setTimeout(r, 100));
    expect(bar()).toBeNull();
    expect(screen.queryByRole('button', { name: 'Repair index' })).toBeNull();
    expect(fake.callsOf('index.check')).toHaveLength(0);
  });
});
