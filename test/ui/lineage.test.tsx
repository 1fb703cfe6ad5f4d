// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LineageView } from '../../renderer/features/lineage/LineageView';
import type { LineageEdgeNode, LineageView as LineageData } from '../../shared/api/models';
import { fakeBackend } from './fixtures';

afterEach(cleanup);

const node = (
  run_id: string,
  status: string,
  description: string,
  checkpoint: string | null,
  children: LineageEdgeNode[] = [],
): LineageEdgeNode => ({ run_id, status, description, checkpoint, children });

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
    const view: LineageData = {
      roots: [node('bbbbbbbb-child', 'completed', 'Child', 'checkpoint_2026-10-10')],
      orphans: [],
      cycles: [],
      ancestors: ['aaaaaaaa-root'],
    };
    const api = fakeBackend({ 'lineage.get': () => view });
    render(<LineageView runId="bbbbbbbb-child" onOpenRun={() => {}} />, { wrapper: api.wrapper });
    const tree = await screen.findByRole('group', { name: 'Lineage tree' });
    expect(
      within(tree)
        .getAllByRole('button')
        .map((b) => b.getAttribute('aria-label')),
    ).toEqual(['Run aaaaaaaa: ancestor', 'Run bbbbbbbb, completed: Child (this run)']);
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
      roots: [
        family.roots[0]!,
        node('eeeeeeee-alone', 'completed', 'Sweep beta=0.3', null),
        node('ffffffff-orphan', 'failed', 'Lost parent', null),
      ],
      orphans: ['ffffffff-orphan'],
      cycles: [['11111111-x', '22222222-y']],
      ancestors: [],
    };
    const api = fakeBackend({ 'lineage.get': () => forest });
    render(<LineageView onOpenRun={onOpenRun} />, { wrapper: api.wrapper });
    const tree = await screen.findByRole('tree', { name: 'Lineage forest' });
    expect(
      within(tree)
        .getAllByRole('treeitem')
        .map((r) => [
          r.getAttribute('aria-level'),
          within(r).getByRole('button', { name: /^Run / }).getAttribute('aria-label'),
        ]),
    ).toEqual([
      ['1', 'Run aaaaaaaa, checkpointed: Baseline'],
      ['2', 'Run bbbbbbbb, completed: Resumed with more days'],
      ['3', 'Run cccccccc, running: Second resume'],
      ['2', 'Run dddddddd, failed: Resumed, crashed'],
      ['1', 'Run eeeeeeee, completed: Sweep beta=0.3'],
      ['1', 'Run ffffffff, failed: Lost parent'],
    ]);
    expect(within(tree).getByText(/checkpoint_2026-10-10/)).toBeTruthy();
    await user.click(within(tree).getByRole('button', { name: /^Run eeeeeeee/ }));
    expect(onOpenRun).toHaveBeenCalledWith('eeeeeeee-alone');
    expect(screen.getByText(/names a parent.*not in this directory/)).toBeTruthy();
    expect(screen.getByText(/cycle/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Open run 22222222-y' }));
    expect(onOpenRun).toHaveBeenCalledWith('22222222-y');
    expect(api.callsOf('lineage.get')).toEqual([{}]);
  });

  it('draws only the rows in view of a 10,000-run forest; a search opens the path to a run and scrolls to it', async () => {
    const user = userEvent.setup();
    // 400 families of 25 runs, each a chain of resumes: big families start collapsed.
    const chain = (f: number, i: number): LineageEdgeNode =>
      node(
        `f${f}-r${i}`,
        'completed',
        `family ${f} step ${i}`,
        i ? `checkpoint_${i}` : null,
        i < 24 ? [chain(f, i + 1)] : [],
      );
    const big: LineageData = {
      roots: Array.from({ length: 400 }, (_, f) => chain(f, 0)),
      orphans: [],
      cycles: [],
      ancestors: [],
    };
    const api = fakeBackend({ 'lineage.get': () => big });
    render(<LineageView onOpenRun={() => {}} />, { wrapper: api.wrapper });
    const tree = await screen.findByRole('tree', { name: 'Lineage forest' });
    expect(screen.getByText('10000 runs, 400 families')).toBeTruthy();
    const drawn = within(tree).getAllByRole('treeitem');
    expect(drawn.length).toBeLessThan(60);
    expect(drawn[0]!.getAttribute('aria-expanded')).toBe('false');
    expect(within(drawn[0]!).getByText('24 below')).toBeTruthy();
    expect(within(tree).queryByRole('button', { name: /^Run f300-r0/ })).toBeNull();

    await user.type(screen.getByRole('searchbox', { name: 'Find run' }), 'family 300 step 17{Enter}');
    const hit = await within(tree).findByRole('treeitem', { selected: true });
    expect(within(hit).getByRole('button', { name: /^Run f300-r17/ })).toBeTruthy();
    expect(hit.getAttribute('aria-level')).toBe('18');
    expect(screen.getByRole('status').textContent).toBe('1 of 1 matching runs');
    // Scrolled to it: family 300's root is row 300, and its 17th step follows it.
    expect(Number.parseFloat(hit.style.top)).toBe((300 + 17) * 28);
    expect(within(tree).queryByRole('button', { name: /^Run f0-r0/ })).toBeNull();
  });

  it('collapse hides a run’s descendants and expand shows them again; collapse all leaves only the roots', async () => {
    const user = userEvent.setup();
    const api = fakeBackend({ 'lineage.get': () => ({ ...family, ancestors: [] }) });
    render(<LineageView onOpenRun={() => {}} />, { wrapper: api.wrapper });
    const tree = await screen.findByRole('tree', { name: 'Lineage forest' });
    const ids = () =>
      within(tree)
        .getAllByRole('treeitem')
        .map((r) => within(r).getByRole('button', { name: /^Run / }).textContent);
    expect(ids()).toEqual(['aaaaaaaa', 'bbbbbbbb', 'cccccccc', 'dddddddd']);
    await user.click(within(tree).getByRole('button', { name: 'Collapse bbbbbbbb (1 below)' }));
    expect(ids()).toEqual(['aaaaaaaa', 'bbbbbbbb', 'dddddddd']);
    await user.click(within(tree).getByRole('button', { name: 'Expand bbbbbbbb (1 below)' }));
    expect(ids()).toEqual(['aaaaaaaa', 'bbbbbbbb', 'cccccccc', 'dddddddd']);
    await user.click(screen.getByRole('button', { name: 'Collapse all' }));
    expect(ids()).toEqual(['aaaaaaaa']);
    await user.click(screen.getByRole('button', { name: 'Expand all' }));
    expect(ids()).toEqual(['aaaaaaaa', 'bbbbbbbb', 'cccccccc', 'dddddddd']);
  });

  it('shows the backend’s error message', async () => {
    const api = fakeBackend({
      'lineage.get': () => ({ ok: false, error: { code: 'not-found', message: 'no run named zzz in /data/runs' } }),
    });
    render(<LineageView runId="zzz" onOpenRun={() => {}} />, { wrapper: api.wrapper });
    expect((await screen.findByRole('alert')).textContent).toBe('no run named zzz in /data/runs');
  });
});
