// @vitest-environment jsdom
// The UI store (renderer/state/uiStore.ts), its selector hook, and the one loop that
// restores runs from the trash (renderer/features/trash/restore.ts) with its hook.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { fail } from '../../shared/api/result';
import { restoreFromTrash, type RestoreProgress } from '../../renderer/features/trash/restore';
import { useTrash } from '../../renderer/features/trash/useTrash';
import { UiStore } from '../../renderer/state/uiStore';
import { UiStoreContext, useUi } from '../../renderer/state/useUi';
import { fakeBackend, makeRun } from './fixtures';

afterEach(cleanup);

const rows = ['a', 'b', 'c', 'd'].map((id) => makeRun({ run_id: id }));

describe('UI store', () => {
  it('tells its listeners about every change and nothing else, until they leave', () => {
    const ui = new UiStore();
    let heard = 0;
    const leave = ui.subscribe(() => {
      heard++;
    });
    const first = ui.getState();
    ui.closeDialog();
    ui.setFilter('');
    ui.closeView();
    ui.newFolder();
    expect(heard).toBe(0);
    expect(ui.getState()).toBe(first);

    ui.setFilter('status:failed');
    ui.openDialog({ kind: 'prune', selection: ['a'] });
    ui.openRun('a');
    expect(heard).toBe(3);
    expect(ui.getState()).toMatchObject({
      filterText: 'status:failed',
      dialog: { kind: 'prune', selection: ['a'] },
      view: { kind: 'detail', runId: 'a' },
    });
    expect(first.filterText).toBe('');

    leave();
    ui.setFilter('tag:keep');
    expect(heard).toBe(3);
  });

  it('selects like a file manager and drops rows the table no longer shows', () => {
    const ui = new UiStore();
    ui.clickRow('b', rows, { toggle: false, range: false });
    ui.clickRow('d', rows, { toggle: false, range: true });
    expect(ui.selectedIds()).toEqual(['b', 'c', 'd']);
    ui.pointAt('c');
    expect(ui.selectedIds()).toEqual(['b', 'c', 'd']);
    expect(ui.getState().selection.cursor).toBe('c');
    ui.keepVisible(rows.filter((r) => r.run_id !== 'c'));
    expect(ui.selectedIds()).toEqual(['b', 'd']);
    expect(ui.getState().selection.cursor).toBeNull();
    ui.openView({ kind: 'trash' });
    ui.newFolder();
    expect(ui.selectedIds()).toEqual([]);
    expect(ui.getState().view).toEqual({ kind: 'table' });
  });

  it('renders a component again only when the slice it selected changes', () => {
    const ui = new UiStore();
    const wrapper = ({ children }: { children: ReactNode }) =>
      createElement(UiStoreContext.Provider, { value: ui }, children);
    let renders = 0;
    const { result } = renderHook(
      () => {
        renders++;
        return useUi((s) => s.filterText);
      },
      { wrapper },
    );
    const before = renders;
    act(() => {
      ui.clickRow('a', rows, { toggle: false, range: false });
      ui.openDialog({ kind: 'edit', runId: 'a' });
    });
    expect(renders).toBe(before);
    act(() => ui.setFilter('beta'));
    expect(result.current).toBe('beta');
    expect(renders).toBe(before + 1);
  });
});

describe('restoring from the trash', () => {
  it('restores one entry at a time, reports progress after each, and goes on past a failure', async () => {
    let inFlight = 0;
    let most = 0;
    const fake = fakeBackend({
      'trash.restore': async ({ run_id }) => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        if (run_id === 'b~2') return fail('conflict', 'A run named b is already in the folder.');
        return makeRun({ run_id: run_id.replace(/~\d+$/, '') });
      },
    });
    const seen: RestoreProgress[] = [];
    const out = await restoreFromTrash(fake.client, ['a', 'b~2', 'c~1'], (_, p) => seen.push(p));
    expect(fake.callsOf('trash.restore')).toEqual([{ run_id: 'a' }, { run_id: 'b~2' }, { run_id: 'c~1' }]);
    expect(most).toBe(1);
    expect(seen).toEqual([
      { done: 1, total: 3 },
      { done: 2, total: 3 },
      { done: 3, total: 3 },
    ]);
    expect(out.restored).toEqual([
      { entry: 'a', runId: 'a' },
      { entry: 'c~1', runId: 'c' },
    ]);
    expect(out.failed).toEqual([
      { entry: 'b~2', error: { code: 'conflict', message: 'A run named b is already in the folder.' } },
    ]);
  });

  it('useTrash shows how far a restore has got, and is idle again once it ends', async () => {
    const gates: (() => void)[] = [];
    const fake = fakeBackend({
      'trash.restore': ({ run_id }) =>
        new Promise((resolve) => {
          gates.push(() => resolve(makeRun({ run_id })));
        }),
    });
    const { result } = renderHook(() => useTrash(), { wrapper: fake.wrapper });
    expect(result.current.restoring).toBe(false);
    let done: Promise<unknown> = Promise.resolve();
    act(() => {
      done = result.current.restore(['x', 'y']);
    });
    expect(result.current.progress).toEqual({ done: 0, total: 2 });
    await waitFor(() => expect(gates).toHaveLength(1));
    await act(async () => {
      gates[0]!();
    });
    await waitFor(() => expect(result.current.progress).toEqual({ done: 1, total: 2 }));
    await waitFor(() => expect(gates).toHaveLength(2));
    await act(async () => {
      gates[1]!();
      await done;
    });
    expect(result.current.restoring).toBe(false);
    // The hook alone never lists the trash: only the Trash view asks for that.
    expect(fake.callsOf('trash.list')).toEqual([]);
  });
});
