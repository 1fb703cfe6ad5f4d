// Wires the keyboard and the desktop menu's commands to the shell's state.
import { useEffect, useRef, useState, type Dispatch, type RefObject, type SetStateAction } from 'react';
import type { ApiClient } from '../../shared/api/client';
import type { RunRecord } from '../../shared/types';
import type { RunStore } from '../state/runStore';
import { emptySelection, moveCursor, type Selection } from '../state/selection';
import type { Dialog, View } from './appState';
import { useKeyboard } from './useKeyboard';
import type { RunActions } from './useRunActions';

export interface ShellKeyDeps {
  client: ApiClient;
  store: RunStore;
  view: View;
  setView: Dispatch<SetStateAction<View>>;
  dialog: Dialog;
  setDialog: Dispatch<SetStateAction<Dialog>>;
  selection: Selection;
  setSelection: Dispatch<SetStateAction<Selection>>;
  rows: readonly RunRecord[];
  filterRef: RefObject<HTMLInputElement | null>;
  actions: RunActions;
  refresh(): Promise<void>;
  readOnly: boolean;
}

export function useShellKeys(d: ShellKeyDeps): void {
  const ref = useRef(d);
  ref.current = d;
  const focusFilter = () => {
    const { view, setView, filterRef } = ref.current;
    if (view.kind !== 'table') setView({ kind: 'table' });
    // The filter box mounts with the table view; focus it once it is there.
    requestAnimationFrame(() => { filterRef.current?.focus(); filterRef.current?.select(); });
  };
  // Delete always goes through the prune dialog: the selection in the table, or the run
  // shown in the detail view.
  const prune = () => {
    const { readOnly, selection, setDialog, dialog, view } = ref.current;
    if (readOnly || dialog) return;
    if (view.kind === 'detail') setDialog({ kind: 'prune', selection: [view.runId] });
    else if (view.kind === 'table' && selection.ids.size > 0) setDialog({ kind: 'prune', selection: [...selection.ids] });
  };
  useKeyboard({
    tableActive: d.view.kind === 'table' && d.dialog === null,
    focusFilter,
    move: (step, extend) => d.setSelection((sel) => moveCursor(sel, ref.current.rows, step, extend)),
    open: () => { const c = ref.current.selection.cursor; if (c) ref.current.setView({ kind: 'detail', runId: c }); },
    prune,
    undo: () => ref.current.actions.restoreLast(),
    escape: () => {
      const { view, setView, setSelection, dialog, setDialog } = ref.current;
      if (dialog) setDialog(null);
      else if (view.kind !== 'table') setView({ kind: 'table' });
      else setSelection(emptySelection);
    },
    selectAll: () => {
      const rows = ref.current.rows;
      d.setSelection((sel) => ({ ids: new Set(rows.map((r) => r.run_id)), anchor: sel.anchor, cursor: sel.cursor }));
    },
  });
  useEffect(() => d.client.on('ui.command', ({ command }) => {
    const { actions, refresh, setDialog, readOnly, selection } = ref.current;
    if (command === 'find') focusFilter();
    else if (command === 'undo') actions.restoreLast();
    else if (command === 'refresh') void refresh();
    else if (command === 'open-folder') void actions.pickDir();
    else if (command === 'prune' && !readOnly) setDialog({ kind: 'prune', selection: [...selection.ids] });
  }), [d.client]);
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
