// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LineageView } from '../renderer/features/lineage/LineageView';
import type { LineageEdgeNode, LineageView as LineageData } from '../shared/api/models';
import { fakeBackend } from './ui-fixtures';

afterEach(cleanup);

const node = (run_id: string, status: string, description: string, checkpoint: string | null, children: LineageEdgeNode[] = []): LineageEdgeNode =>
  ({ run_id, status, description, checkpoint, children });

const family: LineageData = {
  roots: [
    node('aaaaaaaa-root', 'checkpointed', 'Baseline', null, [
      node('bbbbbbbb-child', 'completed', 'Resumed with more days', 'checkpoint_2026-10-10', [
        node('cccccccc-grandchild', 'running', 'Second resume', 'checkpoint_2026-10-20'),
      ]),
      node('dddddddd-sibling', 'failed', 'Resumed, crashed', 'checkpoint_2026-10-12'),
    ]),
  ],
  orphans: [],
  cycles: [],
  ancestors: ['aaaaaaaa-root'],
};

describe('LineageView', () => {
  it('draws the family with status, highlights the run and labels edges with checkpoints', async () => {
    const api = fakeBackend({ 'lineage.get': () => family });
    render(<LineageView runId="bbbbbbbb-child" onOpenRun={() => {}} />, { wrapper: api.wrapper });
    const tree = await screen.findByRole('group', { name: 'Lineage tree' });
    const nodes = within(tree).getAllByRole('button');
    expect(nodes.map((n) => n.getAttribute('aria-label'))).toEqual([
      'Run aaaaaaaa, checkpointed: Baseline',
      'Run bbbbbbbb, completed: Resumed with more days (this run)',
      'Run cccccccc, running: Second resume',
      'Run dddddddd, failed: Resumed, crashed',
    ]);
    expect(within(tree).getByRole('button', { name: /this run/ })).toHaveProperty('ariaCurrent', 'true');
    expect(within(tree).getByText('checkpoint_2026-10-10')).toBeTruthy();
    expect(within(tree).getByText('checkpoint_2026-10-20')).toBeTruthy();
    expect(within(tree).getByText('checkpoint_2026-10-12')).toBeTruthy();
    expect(api.callsOf('lineage.get')).toEqual([{ run_id: 'bbbbbbbb-child' }]);
  });

  it('puts ancestors above and descendants below the run', async () => {
    const api = fakeBackend({ 'lineage.get': () => family });
    render(<LineageView runId="bbbbbbbb-child" onOpenRun={() => {}} />, { wrapper: api.wrapper });
    const y = async (name: RegExp) => {
      const g = await screen.findByRole('button', { name });
      return Number(/translate\([^,]+,([^)]+)\)/.exec(g.getAttribute('transform') ?? '')![1]);
    };
    expect(await y(/aaaaaaaa/)).toBeLessThan(await y(/bbbbbbbb/));
    expect(await y(/bbbbbbbb/)).toBeLessThan(await y(/cccccccc/));
  });

  it('draws ancestors sent only by id above a tree rooted at the run', async () => {
    const view: LineageData = { roots: [node('bbbbbbbb-child', 'completed', 'Child', 'checkpoint_2026-10-10')], orphans: [], cycles: [], ancestors: ['aaaaaaaa-root'] };
    const api = fakeBackend({ 'lineage.get': () => view });
    render(<LineageView runId="bbbbbbbb-child" onOpenRun={() => {}} />, { wrapper: api.wrapper });
    const tree = await screen.findByRole('group', { name: 'Lineage tree' });
    expect(within(tree).getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual(['Run aaaaaaaa: ancestor', 'Run bbbbbbbb, completed: Child (this run)']);
    expect(within(tree).getByText('checkpoint_2026-10-10')).toBeTruthy();
  });

  it('opens a run on click and with the keyboard', async () => {
    const user = userEvent.setup();
    const onOpenRun = vi.fn();
    const api = fakeBackend({ 'lineage.get': () => family });
    render(<LineageView runId="bbbbbbbb-child" onOpenRun={onOpenRun} />, { wrapper: api.wrapper });
    await user.click(await screen.findByRole('button', { name: /Run cccccccc/ }));
    expect(onOpenRun).toHaveBeenLastCalledWith('cccccccc-grandchild');
    screen.getByRole('button', { name: /Run dddddddd/ }).focus();
    await user.keyboard('{Enter}');
    expect(onOpenRun).toHaveBeenLastCalledWith('dddddddd-sibling');
    expect(onOpenRun).toHaveBeenCalledTimes(2);
  });

  it('shows the whole-directory forest with notes on orphans and cycles', async () => {
    const user = userEvent.setup();
    const onOpenRun = vi.fn();
    const forest: LineageData = {
      roots: [family.roots[0]!, node('eeeeeeee-alone', 'completed', 'Sweep beta=0.3', null), node('ffffffff-orphan', 'failed', 'Lost parent', null)],
      orphans: ['ffffffff-orphan'],
      cycles: [['11111111-x', '22222222-y']],
      ancestors: [],
    };
    const api = fakeBackend({ 'lineage.get': () => forest });
    render(<LineageView onOpenRun={onOpenRun} />, { wrapper: api.wrapper });
    const tree = await screen.findByRole('group', { name: 'Lineage tree' });
    expect(within(tree).getAllByRole('button')).toHaveLength(6);
    expect(within(tree).queryByRole('button', { name: /this run/ })).toBeNull();
    expect(screen.getByText(/names a parent.*not in this directory/)).toBeTruthy();
    expect(screen.getByText(/cycle/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Open run 22222222-y' }));
    expect(onOpenRun).toHaveBeenCalledWith('22222222-y');
    expect(api.callsOf('lineage.get')).toEqual([{}]);
  });

  it('shows the backend’s error message', async () => {
    const api = fakeBackend({ 'lineage.get': () => ({ ok: false, error: { code: 'not-found', message: 'no run named zzz in /data/runs' } }) });
    render(<LineageView runId="zzz" onOpenRun={() => {}} />, { wrapper: api.wrapper });
    expect((await screen.findByRole('alert')).textContent).toBe('no run named zzz in /data/runs');
  });
});
