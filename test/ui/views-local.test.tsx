// @vitest-environment jsdom
// The lineage forest and the prune preview made from the runs the page holds (issue 16
// point 7): they show without waiting for the server, read as the server's answers
// would, and only the server's plan can be executed.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LineageView } from '../../renderer/features/lineage/LineageView';
import { PruneDialog } from '../../renderer/features/prune/PruneDialog';
import type { PrunePreview } from '../../shared/api/models';
import { fakeBackend, makeRun } from './fixtures';

afterEach(cleanup);

const HOUR = 3_600_000;
const runs = [
  makeRun({
    run_id: 'aaaaaaaa-root',
    description: 'Baseline',
    status: 'checkpointed',
    created_ms: Date.now() - 50 * HOUR,
  }),
  makeRun({
    run_id: 'bbbbbbbb-hidden',
    description: 'Hidden middle',
    status: 'completed',
    created_ms: Date.now() - 40 * HOUR,
    parent_run_id: 'aaaaaaaa-root',
    extra: { resumed_from_checkpoint: 'checkpoint_10' },
  }),
  makeRun({
    run_id: 'cccccccc-grand',
    description: 'Grandchild',
    status: 'failed',
    created_ms: Date.now() - 30 * HOUR,
    parent_run_id: 'bbbbbbbb-hidden',
    extra: { resumed_from_checkpoint: 'checkpoint_20' },
  }),
  makeRun({
    run_id: 'dddddddd-orphan',
    description: 'Lost parent',
    status: 'failed',
    created_ms: Date.now() - 20 * HOUR,
    parent_run_id: 'zzzzzzzz-gone',
  }),
  makeRun({ run_id: 'eeeeeeee-new', description: 'Newest', status: 'failed', created_ms: Date.now() - HOUR }),
];

describe('the lineage forest from the runs the page holds', () => {
  it('draws the forest without asking the server, a hidden run’s child under its nearest shown ancestor', async () => {
    const api = fakeBackend({});
    const only = new Set(['aaaaaaaa-root', 'cccccccc-grand', 'dddddddd-orphan', 'eeeeeeee-new']);
    render(<LineageView runs={runs} only={only} onOpenRun={() => {}} />, { wrapper: api.wrapper });
    const tree = screen.getByRole('tree', { name: 'Lineage forest' });
    expect(
      within(tree)
        .getAllByRole('treeitem')
        .map((r) => [
          r.getAttribute('aria-level'),
          within(r).getByRole('button', { name: /^Run / }).getAttribute('aria-label'),
        ]),
    ).toEqual([
      ['1', 'Run aaaaaaaa, checkpointed: Baseline'],
      ['2', 'Run cccccccc, failed: Grandchild'],
      ['1', 'Run dddddddd, failed: Lost parent'],
      ['1', 'Run eeeeeeee, failed: Newest'],
    ]);
    expect(within(tree).getByText(/checkpoint_20/)).toBeTruthy();
    expect(screen.getByText(/One run names a parent.*not in this directory/)).toBeTruthy();
    expect(api.callsOf('lineage.get')).toEqual([]);
  });
});

describe('the prune preview from the runs the page holds', () => {
  it('shows at once, then enables Move to trash only once the server’s plan has come', async () => {
    const user = userEvent.setup();
    let answer: (p: PrunePreview) => void = () => {};
    const api = fakeBackend({
      'prune.plan': () =>
        new Promise<PrunePreview>((r) => {
          answer = r;
        }),
      'du.get': () => [],
    });
    render(
      <PruneDialog
        selection={[]}
        onClose={() => {}}
        onDone={() => {}}
        lookup={(id) => runs.find((r) => r.run_id === id)}
        statuses={['failed']}
        runs={() => runs}
      />,
      { wrapper: api.wrapper },
    );
    const dialog = screen.getByRole('dialog', { name: 'Prune runs' });
    await user.click(within(dialog).getByRole('checkbox', { name: 'failed' }));
    await user.type(within(dialog).getByRole('spinbutton', { name: 'Keep newest' }), '1');
    // Before the server has answered: the newest failed run stays, the grandchild and the orphan go.
    const goes = within(dialog).getByRole('region', { name: 'Goes' });
    expect(within(goes).getByRole('heading').textContent).toBe('Goes (2)');
    expect(within(goes).getByText('Grandchild')).toBeTruthy();
    expect(within(within(dialog).getByRole('region', { name: 'Stays' })).getByText('among the 1 newest')).toBeTruthy();
    expect(within(dialog).getByText('Checking the plan with the folder…')).toBeTruthy();
    const move = within(dialog).getByRole('button', { name: 'Move to trash' }) as HTMLButtonElement;
    expect(move.disabled).toBe(true);

    await waitFor(() => expect(api.callsOf('prune.plan')).toEqual([{ policy: { keep: 1, statuses: ['failed'] } }]));
    answer({
      remove: [{ run_id: 'dddddddd-orphan', bytes: 2048 }],
      keep: runs
        .filter((r) => r.run_id !== 'dddddddd-orphan')
        .map((r) => ({ run_id: r.run_id, reason: 'kept by the server' })),
      refused: [],
      bytes_freed: 2048,
    });
    await waitFor(() =>
      expect(within(within(dialog).getByRole('region', { name: 'Goes' })).getByRole('heading').textContent).toBe(
        'Goes (1)',
      ),
    );
    expect(move.disabled).toBe(false);
    expect(within(dialog).queryByText('Checking the plan with the folder…')).toBeNull();
  });
});
