// App-wide keys. They stay out of the way while the user types in a field, and while
// a dialog or menu has focus (those handle their own keys).
import { useEffect, useRef } from 'react';
import { viewOfKey, type ViewKind } from './ViewSwitch';

export interface KeyHandlers {
  focusFilter(): void;
  move(step: number, extend: boolean): void;
  /** Home/End/PageUp/PageDown: the first row, the last, a page up or down. */
  jump(to: 'first' | 'last' | 'page-up' | 'page-down', extend: boolean): void;
  open(): void;
  prune(): void;
  undo(): void;
  escape(): void;
  selectAll(): void;
  /** R, C, L, T: the Runs, Charts, Lineage forest and Trash views (ViewSwitch.tsx). */
  view(kind: ViewKind): void;
  /** ↑/↓/Enter/Ctrl+A only act on the run table. */
  tableActive: boolean;
}

function isTyping(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !['checkbox', 'radio', 'button', 'submit'].includes((el as HTMLInputElement).type);
  return (el as HTMLElement).isContentEditable;
}

const JUMPS: Record<string, 'first' | 'last' | 'page-up' | 'page-down' | undefined> = {
  Home: 'first',
  End: 'last',
  PageUp: 'page-up',
  PageDown: 'page-down',
};

export function useKeyboard(handlers: KeyHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const h = ref.current;
      const target = e.target as Element | null;
      if (target?.closest?.('[role="dialog"], [role="menu"]')) return;
      if (isTyping(target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const view = mod || e.altKey || e.shiftKey ? undefined : viewOfKey(e.key);
      if (e.key === '/' && !mod) h.focusFilter();
      else if (view) h.view(view);
      else if (mod && !e.shiftKey && e.key.toLowerCase() === 'z') h.undo();
      else if (e.key === 'Delete' || (e.key === 'Backspace' && e.metaKey)) h.prune();
      else if (e.key === 'Escape') h.escape();
      else if (!h.tableActive) return;
      else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') h.move(e.key === 'ArrowDown' ? 1 : -1, e.shiftKey);
      else if (JUMPS[e.key] && !mod) h.jump(JUMPS[e.key]!, e.shiftKey);
      else if (e.key === 'Enter' && !target?.closest?.('button, a, [role="tab"], [role="menuitem"]')) h.open();
      else if (mod && e.key.toLowerCase() === 'a') h.selectAll();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
