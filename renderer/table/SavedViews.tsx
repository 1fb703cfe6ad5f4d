// Saved views of a runs folder: a named filter, columns and sort, chosen from a small
// menu; the current table can be saved under a name (the same name replaces it).
import { useState } from 'react';
import type { SavedView } from '../../shared/api/models';
import { Popover } from '../features/kit/Popover';

export interface SavedViewsProps {
  views: readonly SavedView[];
  onApply(v: SavedView): void;
  onSave(name: string): void;
  onDelete(name: string): void;
  /** Saving needs a folder and a writable settings file. */
  canSave: boolean;
}

export function SavedViews({ views, onApply, onSave, onDelete, canSave }: SavedViewsProps) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const trimmed = name.trim();
  return (
    <Popover label="Views" title="Saved views" className="saved-views" open={open} onOpenChange={setOpen}>
      {views.length === 0 ? (
        <p className="muted">No saved views for this folder yet.</p>
      ) : (
        <ul className="column-list">
          {views.map((v) => (
            <li key={v.name}>
              <button
                type="button"
                className="link-button"
                title={`${v.filter || 'no filter'} · sorted by ${v.sort || 'created'} · ${v.columns.length} columns`}
                onClick={() => {
                  onApply(v);
                  setOpen(false);
                }}
              >
                {v.name}
              </button>
              <button
                type="button"
                aria-label={`Delete view ${v.name}`}
                disabled={!canSave}
                onClick={() => onDelete(v.name)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="save-view"
        onSubmit={(e) => {
          e.preventDefault();
          if (!trimmed) return;
          onSave(trimmed);
          setName('');
        }}
      >
        <input
          aria-label="Name of the view"
          placeholder="Name this view…"
          value={name}
          maxLength={100}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" disabled={!canSave || !trimmed}>
          {views.some((v) => v.name === trimmed) ? 'Replace' : 'Save'}
        </button>
      </form>
    </Popover>
  );
}
