// React bindings for the two stores the shell makes: the run store and the UI store
// (./uiStore.ts). The shell provides both; a component takes the slice it needs with a
// selector and rerenders only when that slice changes (compared with Object.is, so a
// selector returns a piece of the state, never an object it builds).
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { RunStore } from './runStore';
import type { UiState, UiStore } from './uiStore';

export const UiStoreContext = createContext<UiStore | null>(null);
export const RunStoreContext = createContext<RunStore | null>(null);

export function useUiStore(): UiStore {
  const ui = useContext(UiStoreContext);
  if (!ui) throw new Error('useUiStore() used outside the shell (no UiStoreContext)');
  return ui;
}

export function useRunStore(): RunStore {
  const store = useContext(RunStoreContext);
  if (!store) throw new Error('useRunStore() used outside the shell (no RunStoreContext)');
  return store;
}

/** A slice of the UI state, e.g. `useUi((s) => s.selection)`. */
export function useUi<T>(select: (s: UiState) => T): T {
  const ui = useUiStore();
  return useSyncExternalStore(ui.subscribe, () => select(ui.getState()));
}
