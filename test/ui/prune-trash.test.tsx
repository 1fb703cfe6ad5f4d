// @vitest-environment jsdom
// Pruning that is safe by default and says what it does: the dialog opens with no rule
// (nothing to remove), says what "keep newest N" counts, offers every status in the
// folder, shows runs by what they are; the Undo toast goes once used; and the Trash
// reads its policies as words (made by the real backend from a real prune).
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PrunePolicy } from '../../shared/prune-plan';
import type { PrunePreview, TrashItem } from '../../shared/api/models';
import { PruneDialog } from '../../renderer/features/prune/PruneDialog';
import { inProcess } from '../helpers/api';
import { tempDir } from '../helpers/dirs';
import { makeRun as makeRunOnDisk } from '../helpers/live-runs';
import { fakeBackend, makeRun, NOW, renderShell, TrashWithList } from './fixtures';

afterEach(cleanup);

const DAY = 86_400_000;
const runs = [
  makeRun({
    run_id: 'r1-0000',
    description: 'Newest failed sweep',
    status: 'failed',
    created_ms: Date.now() - 2 * 3_600_000,
  }),
  makeRun({
    run_id: 'r2-0000',
    description: 'Old failed calibration',
    status: 'failed',
    created_ms: Date.now() - 40 * DAY,
  }),
  makeRun({ run_id: 'r3-0000', description: 'Odd one', status: 'crashed', created_ms: Date.now() - 3 * DAY }),
];
const lookup = (id: string) => runs.find((r) => r.run_id === id);

/** A planner stand-in: failed runs beyond the `keep` newest go. */
function plan(policy: PrunePolicy): PrunePreview {
  const failed = runs.filter((r) => !policy.statuses || policy.statuses.includes(r.status));
  const keepN = policy.keep ?? 0;
  return {
    remove: failed.slice(keepN).map((r) => ({ run_id: r.run_id, bytes: 3 * 1024 * 1024 })),
    keep: [
      ...failed.slice(0, keepN).map((r) => ({ run_id: r.run_id, reason: `among the ${keepN} newest` })),
      ...runs.filter((r) => !failed.includes(r)).map((r) => ({ run_id: r.run_id, reason: `status is ${r.status}` })),
    ],
    refused: [],
    bytes_freed: failed.slice(keepN).length * 3 * 1024 * 1024,
  };
}

describe('the Prune dialog', () => {
  it('opens with no rule: nothing to remove, no plan asked for, the action disabled', async () => {
    const api = fakeBackend({ 'prune.plan': ({ policy }) => plan(policy), 'du.get': () => [] });
    render(
      <PruneDialog
        selection={[]}
        onClose={() => {}}
        onDone={() => {}}
        lookup={lookup}
        statuses={['failed', 'crashed']}
      />,
      { wrapper: api.wrapper },
    );
    const dialog = screen.getByRole('dialog', { name: 'Prune runs' });
    expect((within(dialog).getByRole('spinbutton', { name: 'Keep newest' }) as HTMLInputElement).value).toBe('');
    expect((within(dialog).getByRole('textbox', { name: 'Exclude tags' }) as HTMLInputElement).value).toBe('');
    expect(
      within(dialog)
        .getAllByRole('checkbox')
        .filter((c) => (c as HTMLInputElement).checked),
    ).toEqual([]);
    expect(within(dialog).getByText(/Nothing will be removed\. Choose at least one rule/)).toBeTruthy();
    expect((within(dialog).getByRole('button', { name: 'Move to trash' }) as HTMLButtonElement).disabled).toBe(true);
    await new Promise((r) => setTimeout(r, 400));
    expect(api.callsOf('prune.plan')).toEqual([]);
    // The action bar is the dialog's sticky footer, in view however long the lists grow.
    expect(within(dialog).getByRole('button', { name: 'Move to trash' }).closest('.ry-prune-footer')).not.toBeNull();
  });

  it('offers every status in the folder, says what "keep newest" counts, and lists runs by description, status, age and size', async () => {
    const user = userEvent.setup();
    const api = fakeBackend({ 'prune.plan': ({ policy }) => plan(policy), 'du.get': () => [] });
    render(
      <PruneDialog
        selection={[]}
        onClose={() => {}}
        onDone={() => {}}
        lookup={lookup}
        statuses={['failed', 'crashed']}
      />,
      { wrapper: api.wrapper },
    );
    const dialog = screen.getByRole('dialog', { name: 'Prune runs' });
    const statuses = within(dialog).getByRole('group', { name: 'Statuses (none ticked: any)' });
    expect(
      within(statuses)
        .getAllByRole('checkbox')
        .map((c) => c.parentElement!.textContent),
    ).toEqual(['initialising', 'running', 'completed', 'failed', 'checkpointed', 'resumed', 'crashed']);

    await user.click(within(statuses).getByRole('checkbox', { name: 'failed' }));
    await user.type(within(dialog).getByRole('spinbutton', { name: 'Keep newest' }), '1');
    expect(within(dialog).getByText('The newest failed run stays.')).toBeTruthy();
    await user.type(within(dialog).getByRole('spinbutton', { name: 'Keep newest' }), '0');
    expect(within(dialog).getByText('The 10 newest failed runs stay.')).toBeTruthy();
    await user.clear(within(dialog).getByRole('spinbutton', { name: 'Keep newest' }));
    await user.type(within(dialog).getByRole('spinbutton', { name: 'Keep newest' }), '1');

    const goes = await within(dialog).findByRole('region', { name: 'Goes' }, { timeout: 2000 });
    await waitFor(() => expect(within(goes).getByRole('heading').textContent).toBe('Goes (1)'));
    const gone = within(goes).getByText('Old failed calibration').closest('li')!;
    expect([...gone.children].map((c) => c.textContent)).toEqual([
      'r2-0000',
      'Old failed calibration',
      'failed',
      '1 mo ago',
      '3.0 MiB',
    ]);
    const stays = within(dialog).getByRole('region', { name: 'Stays' });
    expect(
      [...within(stays).getByText('Newest failed sweep').closest('li')!.children].map((c) => c.textContent),
    ).toEqual(['r1-0000', 'Newest failed sweep', 'failed', '2 h ago', 'among the 1 newest']);
    expect(within(stays).getByText('Odd one')).toBeTruthy();
    expect(api.callsOf('prune.plan').at(-1)).toEqual({ policy: { keep: 1, statuses: ['failed'] } });
    expect((within(dialog).getByRole('button', { name: 'Move to trash' }) as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('the Undo toast', () => {
  it('goes away once Ctrl+Z has restored the runs, instead of offering an undo that has nothing left', async () => {
    const user = userEvent.setup();
    const shell = renderShell(
      [makeRun({ run_id: 'aaaa0000-x', description: 'To remove', status: 'failed', created_ms: NOW })],
      {
        'prune.plan': () => ({ remove: [{ run_id: 'aaaa0000-x', bytes: 10 }], keep: [], refused: [], bytes_freed: 10 }),
        'prune.execute': (p) => ({ operation: p.operation, removed: p.expect, bytes_freed: 10, skipped: [] }),
        'trash.restore': ({ run_id }) => makeRun({ run_id }),
      },
    );
    const t = await screen.findByRole('table', { name: 'Runs' });
    await user.click(within(t).getByText('To remove'));
    await user.keyboard('{Delete}');
    const dialog = await screen.findByRole('dialog', { name: 'Prune runs' });
    const move = within(dialog).getByRole('button', { name: 'Move to trash' });
    await waitFor(() => expect((move as HTMLButtonElement).disabled).toBe(false), { timeout: 2000 });
    await user.click(move);
    await user.click(await within(dialog).findByText('Close', { selector: 'button' }));
    const toast = (await screen.findByText('Moved 1 run to the trash.')).closest('.notice')!;
    expect(within(toast as HTMLElement).getByRole('button', { name: 'Undo' })).toBeTruthy();

    await user.keyboard('{Control>}z{/Control}');
    expect(await screen.findByText('Restored 1 run from the trash.')).toBeTruthy();
    expect(shell.fake.callsOf('trash.restore')).toEqual([{ run_id: 'aaaa0000-x' }]);
    expect(screen.queryByText('Moved 1 run to the trash.')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    expect(screen.queryByText(/Nothing to restore/)).toBeNull();
  });
});

describe('the Undo toast, once its move is undone another way', () => {
  const one = [makeRun({ run_id: 'aaaa0000-x', description: 'To remove', status: 'failed', created_ms: NOW })];
  const handlers = {
    'prune.plan': () => ({ remove: [{ run_id: 'aaaa0000-x', bytes: 10 }], keep: [], refused: [], bytes_freed: 10 }),
    'prune.execute': (p: { operation: string; expect: string[] }) => ({
      operation: p.operation,
      removed: p.expect,
      bytes_freed: 10,
      skipped: [],
    }),
    'trash.restore': ({ run_id }: { run_id: string }) => makeRun({ run_id }),
    'runs.editTags': () => [{ run_id: 'aaaa0000-x', outcome: 'done' as const, before: [], after: ['sweep'] }],
    'runs.restoreTags': ({ runs: rs }: { runs: { run_id: string }[] }) =>
      rs.map((r) => ({ run_id: r.run_id, outcome: 'done' as const })),
  };

  async function pruneFromDialog(user: ReturnType<typeof userEvent.setup>) {
    const t = await screen.findByRole('table', { name: 'Runs' });
    await user.click(within(t).getByText('To remove'));
    await user.keyboard('{Delete}');
    const dialog = await screen.findByRole('dialog', { name: 'Prune runs' });
    const move = within(dialog).getByRole('button', { name: 'Move to trash' }) as HTMLButtonElement;
    await waitFor(() => expect(move.disabled).toBe(false), { timeout: 2000 });
    await user.click(move);
    await within(dialog).findByText(/^Moved 1 run to the trash, freeing/);
    return dialog;
  }

  it("goes when the prune dialog's own Undo put the runs back, and Ctrl+Z then says it was undone", async () => {
    const user = userEvent.setup();
    const shell = renderShell(one, handlers);
    const dialog = await pruneFromDialog(user);
    expect(await screen.findByText('Moved 1 run to the trash.')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Undo' }));
    expect(await within(dialog).findByText('Restored 1 run from the trash.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByText('Moved 1 run to the trash.')).toBeNull());
    await user.click(within(dialog).getByText('Close', { selector: 'button' }));

    await user.keyboard('{Control>}z{/Control}');
    expect(await screen.findByText('Already undone: the runs last moved to the trash are back.')).toBeTruthy();
    expect(screen.queryByText(/Nothing to restore/)).toBeNull();
    expect(shell.fake.callsOf('trash.restore')).toEqual([{ run_id: 'aaaa0000-x' }]);
  });

  it('stays while its move is still to undo after a later tag edit is undone, then goes with the second Ctrl+Z', async () => {
    const user = userEvent.setup();
    const shell = renderShell(one, handlers);
    const dialog = await pruneFromDialog(user);
    await user.click(within(dialog).getByText('Close', { selector: 'button' }));
    const moved = await screen.findByText('Moved 1 run to the trash.');

    // A tag edit after the move: Ctrl+Z undoes that first.
    const t = screen.getByRole('table', { name: 'Runs' });
    await user.click(within(t).getByText('To remove'));
    await user.click(screen.getByRole('button', { name: 'Tags…' }));
    const tags = await screen.findByRole('dialog', { name: /^Tags of/ });
    await user.type(within(tags).getByLabelText('Add tags'), 'sweep');
    await user.click(within(tags).getByRole('button', { name: /^Apply/ }));
    await screen.findByText(/^Changed the tags of 1 run/);

    await user.keyboard('{Control>}z{/Control}');
    expect(await screen.findByText('Put back the previous tags of 1 run.')).toBeTruthy();
    expect(screen.queryByText(/^Changed the tags of 1 run/)).toBeNull();
    expect(moved.isConnected).toBe(true);

    await user.keyboard('{Control>}z{/Control}');
    expect(await screen.findByText('Restored 1 run from the trash.')).toBeTruthy();
    expect(screen.queryByText('Moved 1 run to the trash.')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    expect(shell.fake.callsOf('trash.restore')).toEqual([{ run_id: 'aaaa0000-x' }]);
  });
});

describe('the Trash policy column', () => {
  it('reads as words, made by the real backend from a real prune', async () => {
    const base = `${tempDir()}/runs`;
    const old = '2026-01-01T08:00:00.000000Z';
    for (const id of ['f1-old-failed', 'f2-old-failed']) makeRunOnDisk(base, id, 'failed', { created_at: old });
    makeRunOnDisk(base, 'f3-old-pinned', 'failed', { created_at: old, tags: ['keep'] });
    for (const id of ['h1-by-hand', 'h2-by-hand', 'h3-by-hand'])
      makeRunOnDisk(base, id, 'completed', { description: `Sweep ${id.slice(0, 2)}` });
    const api = inProcess();
    let items: TrashItem[] = [];
    try {
      expect((await api.call('dir.open', { dir: base })).ok).toBe(true);
      const rule = { olderThanDays: 30, statuses: ['failed'], excludeTags: ['keep'] };
      const planned = await api.call('prune.plan', { policy: rule });
      if (!planned.ok) throw new Error(planned.error.message);
      expect(
        (
          await api.call('prune.execute', {
            policy: rule,
            expect: (planned.value as PrunePreview).remove.map((r) => r.run_id),
            operation: 'op-rule',
          })
        ).ok,
      ).toBe(true);
      const hand = { runs: ['h1-by-hand', 'h2-by-hand', 'h3-by-hand'] };
      expect((await api.call('prune.execute', { policy: hand, expect: hand.runs, operation: 'op-hand' })).ok).toBe(
        true,
      );
      const listed = await api.call('trash.list', {});
      if (!listed.ok) throw new Error(listed.error.message);
      items = listed.value as TrashItem[];
    } finally {
      await api.backend.close();
    }
    expect(new Set(items.map((i) => i.policy))).toEqual(
      new Set([
        'pruned: failed runs older than 30 days, except tagged keep',
        'removed by hand, together with “Sweep h2” and “Sweep h3”',
        'removed by hand, together with “Sweep h1” and “Sweep h3”',
        'removed by hand, together with “Sweep h1” and “Sweep h2”',
      ]),
    );

    const fake = fakeBackend({ 'trash.list': () => items });
    render(<TrashWithList />, { wrapper: fake.wrapper });
    const table = await screen.findByRole('table', { name: 'Trashed runs' });
    expect(table.textContent).toContain('pruned: failed runs older than 30 days, except tagged keep');
    const h1 = within(table).getByText('Sweep h1').closest('tr')!;
    expect(h1.textContent).toContain('removed by hand, together with “Sweep h2” and “Sweep h3”');
    expect(table.textContent).not.toMatch(/exclude-tag=|run=|h2-by-hand/);
  });
});
