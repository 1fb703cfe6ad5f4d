// @vitest-environment jsdom
// The Trash as a view of its own: a tab beside Runs, Charts and Lineage with a count,
// its own address (kept by a reload), the key T; a table of what went, when, why in
// words and how big; restoring with progress, emptying after a confirm, and on a
// read-only page the list without anything that would change it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TrashItem } from '../../shared/api/models';
import { AppShell } from '../../renderer/shell/AppShell';
import { fakeBackend, info, makeRun, NOW, renderShell, shellHandlers, TrashWithList } from './fixtures';

afterEach(cleanup);

const trashItems: TrashItem[] = [
  {
    run_id: 'r3-trashed',
    trashed_at: '2026-10-28T08:30:00.000000Z',
    by: 'researcher1@cosma (pid 4242)',
    policy: 'pruned: keep newest 1 runs',
    policy_options: { command: 'prune', keep: 1, status: ['failed'], exclude_tag: ['keep'] },
    description: 'Sweep beta=0.3',
    status: 'failed',
    bytes: 2048,
  },
  // Trashed for the second time, so its entry differs from its run id.
  {
    run_id: 'r4-trashed',
    entry: 'r4-trashed~2',
    trashed_at: '2026-10-27T08:30:00.000000Z',
    by: 'colleague',
    policy: 'removed by hand',
    policy_options: { command: 'prune', run: ['r4-trashed', 'aaaa1111-x'], exclude_tag: ['keep'] },
    description: 'Sweep beta=0.4',
    bytes: 4096,
  },
];

describe('TrashView', () => {
  it('lists what went, why in words and how big, and restores one, then a selection, with progress', async () => {
    const user = userEvent.setup();
    const onRestored = vi.fn();
    let items = [...trashItems, { ...trashItems[0]!, run_id: 'r5-trashed', description: 'Third' }];
    let release: (() => void) | null = null;
    const api = fakeBackend({
      'trash.list': () => items,
      'trash.restore': async ({ run_id }) => {
        if (run_id === 'r5-trashed') await new Promise<void>((r) => (release = r));
        const item = items.find((i) => (i.entry ?? i.run_id) === run_id)!;
        items = items.filter((i) => i !== item);
        return makeRun({ run_id: item.run_id });
      },
    });
    render(
      <TrashWithList
        onRestored={onRestored}
        lookup={(id) =>
          id === 'aaaa1111-x' ? makeRun({ run_id: id, description: 'Household beta sweep 0.2' }) : undefined
        }
      />,
      {
        wrapper: api.wrapper,
      },
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    const table = await screen.findByRole('table', { name: 'Trashed runs' });
    const row = within(table).getByText('Sweep beta=0.4').closest('tr')!;
    expect(row.textContent).toContain('colleague');
    expect(row.textContent).toContain('removed by hand, together with “Household beta sweep 0.2”');
    expect(row.textContent).toContain('4.0 KiB');
    const first = within(table).getByText('Sweep beta=0.3').closest('tr')!;
    expect(first.textContent).toContain('pruned: keep the newest failed run, except tagged keep');
    expect(first.textContent).toContain('failed');
    // Who, without the process id.
    expect(first.textContent).toContain('researcher1@cosma');
    expect(first.textContent).not.toContain('pid');

    await user.click(within(row).getByRole('button', { name: 'Restore' }));
    expect(api.callsOf('trash.restore')).toEqual([{ run_id: 'r4-trashed~2' }]);
    expect(onRestored).toHaveBeenLastCalledWith(['r4-trashed']);
    await waitFor(() => expect(screen.queryByText('Sweep beta=0.4')).toBeNull());

    await user.click(screen.getByRole('checkbox', { name: 'Select all' }));
    await user.click(screen.getByRole('button', { name: 'Restore selected (2)' }));
    expect(await screen.findByText('Restoring runs (1 of 2)')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Empty trash…' }) as HTMLButtonElement).disabled).toBe(true);
    release!();
    expect(await screen.findByText('The trash is empty.')).toBeTruthy();
    expect(onRestored).toHaveBeenLastCalledWith(['r3-trashed', 'r5-trashed']);
    expect(screen.queryByText(/Restoring runs/)).toBeNull();
  });

  it('empties the trash only after a confirm, with an optional age, and shows the error if it fails', async () => {
    const user = userEvent.setup();
    let fail = true;
    const onEmptied = vi.fn();
    const api = fakeBackend({
      'trash.list': () => trashItems,
      'trash.empty': () =>
        fail
          ? {
              ok: false,
              error: { code: 'io', message: 'cannot delete /data/runs/.trash/r4-trashed~2: permission denied' },
            }
          : { deleted: ['r4-trashed'] },
    });
    render(<TrashWithList onEmptied={onEmptied} />, { wrapper: api.wrapper });
    await user.click(await screen.findByRole('button', { name: 'Empty trash…' }));
    expect(api.callsOf('trash.empty')).toEqual([]);
    const confirm = screen.getByRole('group', { name: 'Empty trash' });
    await user.type(within(confirm).getByRole('spinbutton'), '1');
    await user.click(within(confirm).getByRole('button', { name: 'Delete permanently' }));
    expect((await within(confirm).findByRole('alert')).textContent).toBe(
      'cannot delete /data/runs/.trash/r4-trashed~2: permission denied',
    );
    fail = false;
    await user.click(within(confirm).getByRole('button', { name: 'Delete permanently' }));
    expect(api.callsOf('trash.empty')).toEqual([{ olderThanDays: 1 }, { olderThanDays: 1 }]);
    expect(await screen.findByText('Deleted 1 run permanently.')).toBeTruthy();
    expect(onEmptied).toHaveBeenCalledWith(['r4-trashed']);
  });

  it('on a read-only page shows the trash but nothing that would restore or empty it', async () => {
    const api = fakeBackend({ 'trash.list': () => trashItems }, { ...info, readOnly: true });
    render(<TrashWithList readOnly />, { wrapper: api.wrapper });
    const table = await screen.findByRole('table', { name: 'Trashed runs' });
    expect(within(table).getByText('Sweep beta=0.3')).toBeTruthy();
    expect(screen.getByRole('note').textContent).toMatch(/Read-only: this page shows the trash but cannot restore/);
    expect(screen.queryByRole('button', { name: /Restore/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Empty trash…' })).toBeNull();
    expect(screen.queryByRole('checkbox')).toBeNull();
  });
});

describe('the Trash view in the shell', () => {
  const runs = [makeRun({ run_id: 'aaaa1111-x', description: 'Household beta sweep 0.2', created_ms: NOW })];

  it('is a tab with a count, has its own address, opens with T and goes back with R or Escape', async () => {
    const user = userEvent.setup();
    const shell = renderShell(runs, { 'trash.list': () => trashItems });
    await screen.findByRole('table', { name: 'Runs' });
    const views = screen.getByRole('navigation', { name: 'Views' });
    const tab = within(views).getByRole('button', { name: 'Trash' });
    await waitFor(() => expect(tab.textContent).toBe('Trash2'));
    expect(tab.getAttribute('aria-keyshortcuts')).toBe('T');
    expect(within(views).getByText('2 entries in the trash')).toBeTruthy();

    await user.keyboard('t');
    const view = await screen.findByRole('region', { name: 'Trash' });
    expect(within(view).getByRole('table', { name: 'Trashed runs' })).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByRole('table', { name: 'Runs' })).toBeNull();
    expect(window.location.hash).toBe('#/trash');
    expect(
      within(screen.getByRole('navigation', { name: 'Views' }))
        .getByRole('button', { name: 'Trash' })
        .getAttribute('aria-pressed'),
    ).toBe('true');
    // The run a policy names reads as its description from the table.
    expect(
      within(view).getByText('removed by hand, together with “Household beta sweep 0.2”, except tagged keep'),
    ).toBeTruthy();

    await user.keyboard('r');
    expect(await screen.findByRole('table', { name: 'Runs' })).toBeTruthy();
    expect(window.location.hash).toBe('#/runs');
    await user.click(within(screen.getByRole('navigation', { name: 'Views' })).getByRole('button', { name: 'Trash' }));
    await screen.findByRole('region', { name: 'Trash' });
    await user.keyboard('{Escape}');
    expect(await screen.findByRole('table', { name: 'Runs' })).toBeTruthy();
    expect(shell.fake.callsOf('trash.list').length).toBeGreaterThan(0);
  });

  it('opens on the Trash when the address names it (a reload)', async () => {
    window.history.replaceState(null, '', '/#/trash');
    const fake = fakeBackend(shellHandlers(runs, { 'trash.list': () => trashItems }));
    render(<AppShell />, { wrapper: fake.wrapper });
    const view = await screen.findByRole('region', { name: 'Trash' });
    expect(await within(view).findByText('Sweep beta=0.3')).toBeTruthy();
    expect(window.location.hash).toBe('#/trash');
  });

  it('restoring a run in the Trash view takes the Undo toast of that move away', async () => {
    const user = userEvent.setup();
    let trashed: TrashItem[] = [];
    renderShell(runs, {
      'trash.list': () => trashed,
      'prune.plan': () => ({ remove: [{ run_id: 'aaaa1111-x', bytes: 10 }], keep: [], refused: [], bytes_freed: 10 }),
      'prune.execute': (p) => {
        trashed = [{ ...trashItems[1]!, run_id: 'aaaa1111-x', entry: 'aaaa1111-x', description: 'Household' }];
        return { operation: p.operation, removed: p.expect, bytes_freed: 10, skipped: [] };
      },
      'trash.restore': ({ run_id }) => {
        trashed = [];
        return makeRun({ run_id });
      },
    });
    const t = await screen.findByRole('table', { name: 'Runs' });
    await user.click(within(t).getByText('Household beta sweep 0.2'));
    await user.keyboard('{Delete}');
    const dialog = await screen.findByRole('dialog', { name: 'Prune runs' });
    const move = within(dialog).getByRole('button', { name: 'Move to trash' }) as HTMLButtonElement;
    await waitFor(() => expect(move.disabled).toBe(false), { timeout: 2000 });
    await user.click(move);
    await user.click(await within(dialog).findByText('Close', { selector: 'button' }));
    expect(await screen.findByText('Moved 1 run to the trash.')).toBeTruthy();

    await user.keyboard('t');
    const view = await screen.findByRole('region', { name: 'Trash' });
    await user.click(await within(view).findByRole('button', { name: 'Restore' }));
    expect(await within(view).findByText(/Restored run aaaa1111/)).toBeTruthy();
    await waitFor(() => expect(screen.queryByText('Moved 1 run to the trash.')).toBeNull());
    await user.keyboard('{Control>}z{/Control}');
    expect(await screen.findByText('Already undone: the runs last moved to the trash are back.')).toBeTruthy();
    expect(screen.queryByText(/Nothing to restore/)).toBeNull();
  });
});
