// The run table. TanStack Table owns the columns, headers and sort state; the store has
// already filtered and sorted the rows, and TanStack Virtual picks the window in view.
// Only that window is handed to the table, so 100k rows cost what 40 rows cost.
import { memo, useEffect, useMemo, useRef, type MouseEvent, type RefObject } from 'react';
import { functionalUpdate, useTable, type SortingState } from '@tanstack/react-table';
import { observeElementRect, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import type { RunRecord } from '../../shared/types';
import { COLUMN_IDS, isColumnId, type ColumnId, type SortSpec } from '../state/sortKeys';
import type { ClickMods, Selection } from '../state/selection';
import { CellEnvContext, COLUMN_TRACKS, columns, features, type CellEnv } from './columns';

export const ROW_HEIGHT = 32;
/** Used when the scroll box reports no size (not laid out yet, or jsdom). */
const FALLBACK_RECT = { width: 1200, height: 640 };

export interface RunTableProps {
  rows: readonly RunRecord[];
  visibleColumns: readonly ColumnId[];
  sort: SortSpec;
  onSort(sort: SortSpec): void;
  selection: Selection;
  onRowClick(id: string, mods: ClickMods): void;
  onOpen(id: string): void;
  onRowMenu(id: string, x: number, y: number): void;
  isFlashing(id: string): boolean;
  /** Changes when highlights start or end, so rows re-render. */
  flashTick: number;
  env: CellEnv;
  /** Told which runs are in view, e.g. to fetch their sizes. */
  onWindow?(ids: string[]): void;
  /** The scroll box, for whoever moves keyboard focus into the table. */
  containerRef?: RefObject<HTMLDivElement | null>;
}

const estimateSize = () => ROW_HEIGHT;

const observeRect: typeof observeElementRect<HTMLDivElement> = (instance, cb) =>
  observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : FALLBACK_RECT));

/** Memoised: a keystroke in the filter renders the shell twice (the text, then the rows), and the table only needs the second. */
export const RunTable = memo(function RunTable(props: RunTableProps) {
  const { rows, visibleColumns, sort, selection } = props;
  const ownRef = useRef<HTMLDivElement>(null);
  const scrollRef = props.containerRef ?? ownRef;
  // Keys are the row indexes (the default): every row has the same height and none is
  // measured, so nothing is cached per run. A run-id key made the virtualizer rebuild
  // its 100k measurements on every filter keystroke, even when the count stayed.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    overscan: 12,
    initialRect: FALLBACK_RECT,
    observeElementRect: observeRect,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.length ? items[items.length - 1]!.index : -1;
  const data = useMemo(() => rows.slice(first, last + 1), [rows, first, last]);

  const sorting: SortingState = useMemo(() => [{ id: sort.column, desc: sort.desc }], [sort]);
  const columnVisibility = useMemo(() => Object.fromEntries(COLUMN_IDS.map((id) => [id, id === 'id' || visibleColumns.includes(id)])), [visibleColumns]);
  const table = useTable({
    features,
    columns,
    data,
    getRowId: (r) => r.run_id,
    manualSorting: true,
    enableSortingRemoval: false,
    state: { sorting, columnVisibility },
    onSortingChange: (updater) => {
      const next = functionalUpdate(updater, sorting)[0];
      if (next && isColumnId(next.id)) props.onSort({ column: next.id, desc: next.desc });
    },
  });

  const shown = COLUMN_IDS.filter((id) => columnVisibility[id]);
  const gridTemplateColumns = shown.map((id) => COLUMN_TRACKS[id]).join(' ');

  useScrollCursorIntoView(virtualizer, rows, selection.cursor);
  const { onWindow } = props;
  useEffect(() => { onWindow?.(data.map((r) => r.run_id)); }, [data, onWindow]);

  const tableRows = table.getRowModel().rows;
  return (
    <div className="run-table-scroll" ref={scrollRef} tabIndex={-1}>
      <table className="run-table" aria-label="Runs" aria-rowcount={rows.length + 1} aria-multiselectable="true">
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={1} style={{ gridTemplateColumns }}>
              {group.headers.map((header) => {
                const dir = header.column.getIsSorted();
                return (
                  <th key={header.id} scope="col" aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}>
                    <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                      <table.FlexRender header={header} />
                      <span className="sort-arrow" aria-hidden="true">{dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : ''}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <CellEnvContext.Provider value={props.env}>
          <tbody style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item, i) => {
              const row = tableRows[i];
              if (!row) return null;
              const id = row.original.run_id;
              return (
                <RowView
                  key={id}
                  id={id}
                  index={item.index}
                  start={item.start}
                  gridTemplateColumns={gridTemplateColumns}
                  selected={selection.ids.has(id)}
                  cursor={selection.cursor === id}
                  flashing={props.isFlashing(id)}
                  props={props}
                >
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} className={`cell-${cell.column.id}`}><table.FlexRender cell={cell} /></td>
                  ))}
                </RowView>
              );
            })}
          </tbody>
        </CellEnvContext.Provider>
      </table>
      {rows.length === 0 && <p className="table-empty">No runs match.</p>}
    </div>
  );
});

interface RowViewProps {
  id: string;
  index: number;
  start: number;
  gridTemplateColumns: string;
  selected: boolean;
  cursor: boolean;
  flashing: boolean;
  props: RunTableProps;
  children: React.ReactNode;
}

function RowView({ id, index, start, gridTemplateColumns, selected, cursor, flashing, props, children }: RowViewProps) {
  const onClick = (e: MouseEvent) => props.onRowClick(id, { toggle: e.ctrlKey || e.metaKey, range: e.shiftKey });
  return (
    <tr
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-cursor={cursor || undefined}
      data-updated={flashing || undefined}
      className={`run-row${selected ? ' selected' : ''}${cursor ? ' cursor' : ''}${flashing ? ' flash' : ''}`}
      style={{ transform: `translateY(${start}px)`, gridTemplateColumns }}
      onMouseDown={(e) => { if (e.shiftKey) e.preventDefault(); }}
      onClick={onClick}
      onDoubleClick={() => props.onOpen(id)}
      onContextMenu={(e) => {
        e.preventDefault();
        props.onRowMenu(id, e.clientX, e.clientY);
      }}
    >
      {children}
    </tr>
  );
}

function useScrollCursorIntoView(v: Virtualizer<HTMLDivElement, Element>, rows: readonly RunRecord[], cursor: string | null) {
  const last = useRef<string | null>(null);
  useEffect(() => {
    if (cursor === last.current) return;
    last.current = cursor;
    if (cursor === null) return;
    const i = rows.findIndex((r) => r.run_id === cursor);
    if (i >= 0) v.scrollToIndex(i, { align: 'auto' });
  }, [cursor, rows, v]);
}
