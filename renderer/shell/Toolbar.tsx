// Actions on the selection, and the switch between the app's views.
import type { View } from './appState';
import { ViewSwitch, type ViewKind } from './ViewSwitch';

export interface ToolbarProps {
  selected: number;
  readOnly: boolean;
  view: View['kind'];
  onResume(): void;
  onPrune(): void;
  onTrash(): void;
  /** Tags and pins of the selected runs. */
  onTags(): void;
  onCompare(): void;
  onOpen(): void;
  onView(v: ViewKind): void;
  /** Entries in the trash, for the Trash button's badge. */
  trashCount?: number | null;
  children?: React.ReactNode;
}

export function Toolbar({
  selected,
  readOnly,
  view,
  onResume,
  onPrune,
  onTrash,
  onTags,
  onCompare,
  onOpen,
  onView,
  trashCount,
  children,
}: ToolbarProps) {
  return (
    <div className="toolbar" role="toolbar" aria-label="Run actions">
      <div className="toolbar-group">
        <span className="selection-count" aria-live="polite">
          {selected ? `${selected} selected` : 'None selected'}
        </span>
        <button type="button" onClick={onOpen} disabled={selected !== 1}>
          Details
        </button>
        <button
          type="button"
          onClick={onResume}
          disabled={readOnly || selected !== 1}
          title={selected !== 1 ? 'Select one run to resume' : undefined}
        >
          Resume…
        </button>
        <button
          type="button"
          onClick={onCompare}
          disabled={selected < 2}
          title={selected < 2 ? 'Select two or more runs' : undefined}
        >
          Compare
        </button>
        <button
          type="button"
          onClick={onTags}
          disabled={readOnly || selected === 0}
          title={selected === 0 ? 'Select runs to tag or pin' : undefined}
        >
          Tags…
        </button>
        <button type="button" onClick={onPrune} disabled={readOnly}>
          Prune…
        </button>
        <button type="button" className="danger" onClick={onTrash} disabled={readOnly || selected === 0}>
          Move to trash
        </button>
      </div>
      {children}
      <ViewSwitch view={view} onView={onView} trashCount={trashCount} />
    </div>
  );
}
