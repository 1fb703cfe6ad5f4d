// Keeps the location hash and the UI store in step (state/urlState.ts): the address is
// read on load and on Back/Forward, and written on every change of view, filter or sort
// (a new history entry for a change of place, the same entry for typing and sorting).
import { useEffect, useState } from 'react';
import type { UiState, UiStore } from '../state/uiStore';
import { fromHash, isNavigation, sameHash, toHash } from '../state/urlState';

export interface UrlPlace {
  loc: Pick<Location, 'hash'>;
  history: Pick<History, 'pushState' | 'replaceState'>;
  target: Pick<Window, 'addEventListener' | 'removeEventListener'>;
}

const browserPlace = (): UrlPlace => ({ loc: window.location, history: window.history, target: window });

/** `given`: a stand-in address for tests; by default the page's own. */
export function useUrlSync(ui: UiStore, given?: UrlPlace): void {
  const [place] = useState(() => given ?? (typeof window === 'undefined' ? null : browserPlace()));
  useEffect(() => {
    if (!place) return;
    const { loc, history, target } = place;
    const fromAddress = () => ui.applyUrl(fromHash(loc.hash));
    fromAddress();
    let last: UiState = ui.getState();
    const unsubscribe = ui.subscribe(() => {
      const s = ui.getState();
      const prev = last;
      last = s;
      if (
        s.view === prev.view &&
        s.filterText === prev.filterText &&
        s.sort === prev.sort &&
        s.columns === prev.columns &&
        s.folder === prev.folder
      )
        return;
      const hash = toHash(s);
      if (sameHash(hash, loc.hash)) return;
      // Only the fragment is given: path and query stay as they are, so nothing the
      // token code took off the address can come back.
      try {
        if (isNavigation(prev.view, s.view) || s.folder !== prev.folder) history.pushState(null, '', hash);
        else history.replaceState(null, '', hash);
      } catch {
        /* an address the page may not rewrite: the app works, the address just lags */
      }
    });
    // A hash typed into the address bar fires hashchange; Back and Forward fire popstate.
    target.addEventListener('popstate', fromAddress);
    target.addEventListener('hashchange', fromAddress);
    return () => {
      unsubscribe();
      target.removeEventListener('popstate', fromAddress);
      target.removeEventListener('hashchange', fromAddress);
    };
  }, [ui, place]);
}
