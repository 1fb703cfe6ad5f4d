// The switch between the app's whole-folder views: Runs, Charts, Lineage forest and
// Trash, each also on a key (R, C, L, T; useKeyboard.ts) and in the address.
import type { View } from './appState';

export type ViewKind = 'table' | 'charts' | 'lineage' | 'trash';

/** The key that opens each view, shown in its button's tooltip and told to assistive technology. */
export const VIEW_KEYS: Record<ViewKind, string> = { table: 'r', charts: 'c', lineage: 'l', trash: 't' };

const LABELS: Record<ViewKind, string> = { table: 'Runs', charts: 'Charts', lineage: 'Lineage forest', trash: 'Trash' };

export function viewOfKey(key: string): ViewKind | undefined {
  const k = key.toLowerCase();
  return (Object.keys(VIEW_KEYS) as ViewKind[]).find((v) => VIEW_KEYS[v] === k);
}

export function ViewSwitch({
  view,
  onView,
  trashCount = null,
}: {
  view: View['kind'];
  onView(v: ViewKind): void;
  /** Entries in the trash, once known: a badge on the Trash button. */
  trashCount?: number | null;
}) {
  const viewButton = (kind: ViewKind) => {
    const key = VIEW_KEYS[kind].toUpperCase();
    const count = kind === 'trash' && trashCount ? trashCount : null;
    return (
      <button
        type="button"
        aria-pressed={view === kind}
        aria-keyshortcuts={key}
        aria-describedby={count !== null ? 'trash-count' : undefined}
        title={`${LABELS[kind]} (key ${key})`}
        onClick={() => onView(kind)}
      >
        {LABELS[kind]}
        {count !== null && (
          <span className="view-count" aria-hidden="true">
            {count}
          </span>
        )}
      </button>
    );
  };
  return (
    <nav className="toolbar-group view-switch" aria-label="Views">
      {viewButton('table')}
      {viewButton('charts')}
      {viewButton('lineage')}
      {viewButton('trash')}
      {trashCount ? (
        <span id="trash-count" className="sr-only">
          {trashCount} {trashCount === 1 ? 'entry' : 'entries'} in the trash
        </span>
      ) : null}
    </nav>
  );
}
