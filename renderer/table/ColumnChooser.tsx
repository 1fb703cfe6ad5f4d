// Which columns the table shows; the choice is saved in settings (settings.columns).
import { useEffect, useRef, useState } from 'react';
import { COLUMN_IDS, COLUMN_LABELS, type ColumnId } from '../state/sortKeys';

/** The Folder column comes with the All folders view, not from this choice. */
const CHOOSABLE = COLUMN_IDS.filter((c) => c !== 'folder');

export function ColumnChooser({
  visible,
  onChange,
}: {
  visible: readonly ColumnId[];
  onChange(cols: ColumnId[]): void;
}) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const toggle = (id: ColumnId) => {
    const set = new Set(visible);
    if (set.has(id)) set.delete(id);
    else set.add(id);
    onChange(CHOOSABLE.filter((c) => set.has(c) || c === 'id'));
  };
  return (
    <div className="popover-anchor" ref={box}>
      <button type="button" aria-expanded={open} aria-haspopup="true" onClick={() => setOpen(!open)}>
        Columns
      </button>
      {open && (
        <fieldset
          className="popover column-chooser"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setOpen(false);
            }
          }}
        >
          <legend>Columns shown</legend>
          {CHOOSABLE.map((id) => (
            <label key={id}>
              <input
                type="checkbox"
                checked={id === 'id' || visible.includes(id)}
                disabled={id === 'id'}
                onChange={() => toggle(id)}
              />
              {COLUMN_LABELS[id]}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
