// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeRun, NOW, renderShell } from './fixtures';

afterEach(cleanup);

const runs = [
  makeRun({
    run_id: 'aaaa1111-x',
    description: 'Household beta sweep 0.2',
    status: 'failed',
    tags: ['sweep', 'beta'],
    user: 'ada',
    created_ms: NOW - 1000,
  }),
  makeRun({
    run_id: 'bbbb2222-x',
    description: 'Household beta sweep 0.3',
    status: 'completed',
    tags: ['sweep', 'beta'],
    user: 'ada',
    created_ms: NOW - 2000,
  }),
  makeRun({
    run_id: 'cccc3333-x',
    description: 'Lockdown from April',
    status: 'failed',
    tags: ['long'],
    user: 'bob',
    hostname: 'archer2',
    created_ms: NOW - 3000,
  }),
  makeRun({
    run_id: 'dddd4444-x',
    description: 'Baseline calibration',
    status: 'completed',
    tags: ['calibration'],
    user: 'bob',
    created_ms: NOW - 4000,
  }),
  makeRun({
    run_id: 'eeee5555-x',
    description: 'Resumed run',
    status: 'running',
    tags: ['long', 'resumed'],
    parent_run_id: 'cccc3333-x',
    created_ms: NOW - 5000,
  }),
];

async function shownIds(): Promise<string[]> {
  const t = await screen.findByRole('table', { name: 'Runs' });
  return within(t)
    .queryAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[1]!.textContent ?? '');
}

describe('filter box', () => {
  it('narrows the table as the user types free text and tokens', async () => {
    const user = userEvent.setup();
    renderShell(runs);
    expect(await shownIds()).toHaveLength(5);
    const box = screen.getByRole('searchbox', { name: 'Filter runs' });
    await user.type(box, 'household');
    await waitFor(async () => expect(await shownIds()).toEqual(['aaaa1111', 'bbbb2222']));
    expect(screen.getByText('2 of 5 runs')).toBeTruthy();
    await user.type(box, ' status:failed');
    await waitFor(async () => expect(await shownIds()).toEqual(['aaaa1111']));
    await user.clear(box);
    await user.type(box, 'user:bob host:archer');
    await waitFor(async () => expect(await shownIds()).toEqual(['cccc3333']));
    await user.clear(box);
    await user.type(box, 'parent:cccc');
    await waitFor(async () => expect(await shownIds()).toEqual(['eeee5555']));
    await user.clear(box);
    await user.type(box, 'status:failed status:running');
    await waitFor(async () => expect(await shownIds()).toEqual(['aaaa1111', 'cccc3333', 'eeee5555']));
  });

  it('says which token it could not read', async () => {
    const user = userEvent.setup();
    renderShell(runs);
    await shownIds();
    await user.type(screen.getByRole('searchbox', { name: 'Filter runs' }), 'before:soon');
    expect((await screen.findByRole('alert')).textContent).toContain(
      'before: expects a date such as 2026-10-01 or an age such as 7d, 2w, 3m, not "soon"',
    );
  });

  it('counts runs per status and tag, and a facet click toggles its token', async () => {
    const user = userEvent.setup();
    renderShell(runs);
    await shownIds();
    const facets = screen.getByRole('complementary', { name: 'Facets' });
    expect(within(facets).getByRole('button', { name: 'failed (2)' })).toBeTruthy();
    expect(within(facets).getByRole('button', { name: 'completed (2)' })).toBeTruthy();
    expect(within(facets).getByRole('button', { name: 'long (2)' })).toBeTruthy();
    await user.click(within(facets).getByRole('button', { name: 'failed (2)' }));
    const box = screen.getByRole('searchbox', { name: 'Filter runs' }) as HTMLInputElement;
    expect(box.value).toBe('status:failed');
    await waitFor(async () => expect(await shownIds()).toEqual(['aaaa1111', 'cccc3333']));
    expect(within(facets).getByRole('button', { name: 'failed (2)' }).getAttribute('aria-pressed')).toBe('true');
    // Tag counts now count only failed runs; the status counts ignore the status token.
    expect(within(facets).getByRole('button', { name: 'long (1)' })).toBeTruthy();
    expect(within(facets).getByRole('button', { name: 'running (1)' })).toBeTruthy();
    await user.click(within(facets).getByRole('button', { name: 'long (1)' }));
    expect(box.value).toBe('status:failed tag:long');
    await waitFor(async () => expect(await shownIds()).toEqual(['cccc3333']));
    await user.click(within(facets).getByRole('button', { name: 'failed (1)' }));
    expect(box.value).toBe('tag:long');
    await waitFor(async () => expect(await shownIds()).toEqual(['cccc3333', 'eeee5555']));
  });

  it('focuses the filter on "/" and clears it on Escape', async () => {
    const user = userEvent.setup();
    renderShell(runs);
    await shownIds();
    await user.keyboard('/');
    const box = screen.getByRole('searchbox', { name: 'Filter runs' }) as HTMLInputElement;
    await waitFor(() => expect(document.activeElement).toBe(box));
    await user.keyboard('lockdown');
    await waitFor(async () => expect(await shownIds()).toEqual(['cccc3333']));
    await user.keyboard('{Escape}');
    expect(box.value).toBe('');
    await waitFor(async () => expect(await shownIds()).toHaveLength(5));
  });
});
