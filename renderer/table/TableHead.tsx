// The run table's header: one sort button per column and, at its right edge, a handle
// that resizes the column by dragging or with ←/→ (Shift for bigger steps). The store
// sorts; the header only says which column and which way.
import { memo, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import { MAX_COLUMN_PX, MIN_COLUMN_PX } from '../../shared/api/models';
import { DESC_FIRST, type SortSpec, type TableColumnId } from '../state/sortKeys';
import { columnLabel } from '../state/tableColumns';

export interface TableHeadProps {
  headRef: RefObject<HTMLTableSectionElement | null>;
  shown: readonly TableColumnId[];
  sort: SortSpec;
  onSort(sort: SortSpec): void;
  gridTemplateColumns: string;
  /** While dragging: the width to show now. */
  onResizing(id: string, px: number): void;
  /** The width the user settled on. */
  onResize(id: string, px: number): void;
}

const clamp = (px: number) => Math.round(Math.min(MAX_COLUMN_PX, Math.max(MIN_COLUMN_PX, px)));
const KEY_STEP = 10;

/** Renders again only when the sort or the columns change, not on every scroll step. */
export const TableHead = memo(function TableHead(p: TableHeadProps) {
  const { headRef, shown, sort, onSort, gridTemplateColumns } = p;
  const drag = useRef<{ id: string; startX: number; startPx: number; px: number } | null>(null);
  const measured = useHeaderWidths(headRef, gridTemplateColumns);
  const widthOf = (el: Element) => Math.round(el.closest('th')?.getBoundingClientRect().width ?? 100);

  const down = (id: string) => (e: PointerEvent<HTMLSpanElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    const px = widthOf(e.currentTarget);
    drag.current = { id, startX: e.clientX, startPx: px, px };
  };
  const move = (e: PointerEvent<HTMLSpanElement>) => {
    const d = drag.current;
    if (!d) return;
    d.px = clamp(d.startPx + e.clientX - d.startX);
    p.onResizing(d.id, d.px);
  };
  const up = () => {
    const d = drag.current;
    drag.current = null;
    if (d && d.px !== d.startPx) p.onResize(d.id, d.px);
  };
  const key = (id: string) => (e: KeyboardEvent<HTMLSpanElement>) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    e.stopPropagation();
    const step = (e.shiftKey ? 4 : 1) * KEY_STEP * (e.key === 'ArrowLeft' ? -1 : 1);
    p.onResize(id, clamp(widthOf(e.currentTarget) + step));
  };

  return (
    <thead ref={headRef}>
      <tr aria-rowindex={1} style={{ gridTemplateColumns }}>
        {shown.map((id) => {
          const dir = sort.column === id ? (sort.desc ? 'desc' : 'asc') : null;
          const label = columnLabel(id);
          return (
            <th
              key={id}
              scope="col"
              data-col={id}
              aria-label={label}
              aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}
            >
              <button
                type="button"
                className="sort-button"
                title={label === id ? id : undefined}
                onClick={() => onSort({ column: id, desc: dir ? dir === 'asc' : DESC_FIRST.has(id) })}
              >
                <span className="th-label">{label}</span>
                <span className="sort-arrow" aria-hidden="true">
                  {dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : ''}
                </span>
              </button>
              <span
                className="col-resize"
                role="separator"
                aria-orientation="vertical"
                aria-label={`Resize column ${label}`}
                aria-valuenow={measured[id] ?? 0}
                aria-valuemin={MIN_COLUMN_PX}
                aria-valuemax={MAX_COLUMN_PX}
                title="Drag, or ←/→, to resize"
                tabIndex={0}
                onPointerDown={down(id)}
                onPointerMove={move}
                onPointerUp={up}
                onPointerCancel={up}
                onKeyDown={key(id)}
              />
            </th>
          );
        })}
      </tr>
    </thead>
  );
});

/** Each header cell's width in px, read again when the columns' tracks change or the table is resized. */
function useHeaderWidths(
  headRef: RefObject<HTMLTableSectionElement | null>,
  tracks: string,
): Readonly<Record<string, number>> {
  const [widths, setWidths] = useState<Record<string, number>>({});
  useLayoutEffect(() => {
    const head = headRef.current;
    if (!head) return;
    const read = () => {
      const next: Record<string, number> = {};
      for (const th of head.querySelectorAll('th'))
        next[th.dataset.col ?? ''] = Math.round(th.getBoundingClientRect().width);
      setWidths((w) => (JSON.stringify(w) === JSON.stringify(next) ? w : next));
    };
    read();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(read);
    observer.observe(head);
    return () => observer.disconnect();
  }, [headRef, tracks]);
  return widths;
}
