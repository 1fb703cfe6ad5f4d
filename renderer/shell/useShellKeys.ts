// Wires the keyboard and the desktop menu's commands to the UI store. Handlers read the
// store when the key is pressed, so they never act on a stale view or selection.
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { ApiClient } from '../../shared/api/client';
import type { RunRecord } from '../../shared/types';
import { useUi, useUiStore } from '../state/useUi';
import { useKeyboard } from './useKeyboard';
import { ROW_HEIGHT } from '../table/RunTable';
import type { RunActions } from './useRunActions';

export interface ShellKeyDeps {
  client: ApiClient;
  rows: readonly RunRecord[];
  filterRef: RefObject<HTMLInputElement | null>;
  actions: RunActions;
  refresh(): Promise<void>;
  readOnly: boolean;
}

export function useShellKeys(d: ShellKeyDeps): void {
  const ui = useUiStore();
  const tableActive = useUi((s) => s.view.kind === 'table' && s.dialog === null);
  const ref = useRef(d);
  ref.current = d;
  const focusFilter = () => {
    ui.closeView();
    // The filter box mounts with the table view; focus it once it is there.
    requestAnimationFrame(() => {
      const f = ref.current.filterRef.current;
      f?.focus();
      f?.select();
    });
  };
  // Delete always goes through the prune dialog: the selection in the table, or the run
  // shown in the detail view.
  const prune = () => {
    const { view, dialog, selection } = ui.getState();
    if (ref.current.readOnly || dialog) return;
    if (view.kind === 'detail') ui.openDialog({ kind: 'prune', selection: [view.runId] });
    else if (view.kind === 'table' && selection.ids.size > 0)
      ui.openDialog({ kind: 'prune', selection: [...selection.ids] });
  };
  useKeyboard({
    tableActive,
    focusFilter,
    move: (step, extend) => ui.moveCursor(ref.current.rows, step, extend),
    jump: (to, extend) => {
      const { rows } = ref.current;
      const hasCursor = ui.getState().selection.cursor !== null;
      // A page is as many rows as the table shows; the table keeps the cursor row in view.
      const box = document.querySelector('.run-table-scroll');
      const fit = Math.floor((box?.clientHeight ?? 0) / ROW_HEIGHT) - 1;
      const page = fit > 0 ? fit : 10;
      const step = to === 'first' ? -rows.length : to === 'last' ? rows.length : to === 'page-up' ? -page : page;
      // Without a cursor, moveCursor starts from the end the step points away from.
      if (!hasCursor && (to === 'first' || to === 'last')) ui.moveCursor(rows, to === 'first' ? 1 : -1, extend);
      else ui.moveCursor(rows, step, extend);
    },
    open: () => {
      const c = ui.getState().selection.cursor;
      if (c) ui.openRun(c);
    },
    prune,
    undo: () => ref.current.actions.restoreLast(),
    escape: () => {
      const { view, dialog } = ui.getState();
      if (dialog) ui.closeDialog();
      else if (view.kind !== 'table') ui.closeView();
      else ui.clearSelection();
    },
    selectAll: () => ui.selectAll(ref.current.rows),
    view: (kind) => {
      if (ui.getState().dialog) return;
      if (kind === 'table') ui.closeView();
      else ui.openView({ kind });
    },
  });
  useEffect(
    () =>
      d.client.on('ui.command', ({ command }) => {
        const { actions, refresh, readOnly } = ref.current;
        if (command === 'find') focusFilter();
        else if (command === 'undo') actions.restoreLast();
        else if (command === 'refresh') void refresh();
        else if (command === 'open-folder') void actions.pickDir();
        else if (command === 'prune' && !readOnly) ui.openDialog({ kind: 'prune', selection: ui.selectedIds() });
      }),
    [d.client, ui],
  );
}

/** The current time, ticking so relative times ("5 minutes ago") stay true. */
export function useClock(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
