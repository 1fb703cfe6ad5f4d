// The run table. The store has already filtered and sorted the rows (value columns
// included, state/runView.ts); the header (TableHead) says how, and TanStack Virtual picks the
// window in view; body rows are memoised RunRows fed straight from the records, so a
// scroll step renders only the rows that come into view (a TanStack row model of the
// window was rebuilt, and every row and cell in it rendered again, on every step).
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type MouseEvent,
  type RefObject,
} from 'react';
import {
  defaultRangeExtractor,
  observeElementRect,
  useVirtualizer,
  type Range,
  type Virtualizer,
} from '@tanstack/react-virtual';
import type { RunRecord } from '../../shared/types';
import type { SortSpec, TableColumnId } from '../state/sortKeys';
import type { ClickMods, Selection } from '../state/selection';
import type { ValueStore } from '../state/valueStore';
import { columnTrack, DEFAULT_LAYOUT, type CellEnv, type CellLayout } from './columns';
import { RunRow, type RowActions } from './RunRow';
import { TableHead } from './TableHead';

export const ROW_HEIGHT = 32;
/**
 * Rows kept beyond each edge of the view. Rows are laid out in the same frame as the
 * scroll that brings them in, so this only has to cover one frame's scroll.
 */
const OVERSCAN = 6;
/** Used when the scroll box reports no size (not laid out yet, or jsdom). */
const FALLBACK_RECT = { width: 1200, height: 640 };

export interface RunTableProps {
  rows: readonly RunRecord[];
  /** The columns in order, the ID column among them (state/tableColumns.ts normalizeColumns). */
  visibleColumns: readonly TableColumnId[];
  /** Column id → px, for resized columns. */
  widths: Readonly<Record<string, number>>;
  onResize(id: string, px: number): void;
  /** Values of value columns; `valuesVersion` changes when they do. */
  values: ValueStore;
  valuesVersion: number;
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
  /** Told which runs are in view, e.g. to fetch their sizes; not while the view is scrolling. */
  onWindow?(ids: string[]): void;
  /** The scroll box, for whoever moves keyboard focus into the table. */
  containerRef?: RefObject<HTMLDivElement | null>;
}

const estimateSize = () => ROW_HEIGHT;

const observeRect: typeof observeElementRect<HTMLDivElement> = (instance, cb) =>
  observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : FALLBACK_RECT));

/** Memoised: a keystroke in the filter renders the shell twice (the text, then the rows), and the table only needs the second. */
export const RunTable = memo(function RunTable(props: RunTableProps) {
  const { rows, visibleColumns, sort, selection, env } = props;
  const ownRef = useRef<HTMLDivElement>(null);
  const scrollRef = props.containerRef ?? ownRef;
  const headRef = useRef<HTMLTableSectionElement>(null);
  const headHeight = useHeight(headRef, ROW_HEIGHT);
  // Keys are the row indexes (the default): every row has the same height and none is
  // measured, so nothing is cached per run. A run-id key made the virtualizer rebuild
  // its 100k measurements on every filter keystroke, even when the count stayed.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    overscan: OVERSCAN,
    // The sticky header covers the top of the box, and the rows start below it: offsets
    // are counted from the first row, so a row whose offset ends at the box's height is
    // really the header's height further down, hidden. Keeping that much free at the end
    // makes ↓ bring the cursor row fully into view; ↑ already stops below the header.
    scrollPaddingEnd: headHeight,
    rangeExtractor: useJumpAwareRange(),
    initialRect: FALLBACK_RECT,
    observeElementRect: observeRect,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.length ? items[items.length - 1]!.index : -1;

  const shown = visibleColumns;
  // A column being dragged wider or narrower, before the width is saved.
  const [live, setLive] = useState<{ id: string; px: number } | null>(null);
  const widths = props.widths;
  const gridTemplateColumns = useMemo(
    () => shown.map((id) => (live?.id === id ? `${live.px}px` : columnTrack(id, widths))).join(' '),
    [shown, widths, live],
  );
  const onResizing = useCallback((id: string, px: number) => setLive({ id, px }), []);
  const endDrag = useCallback(() => setLive(null), []);
  const actions = useRowActions(props, endDrag);
  const layout = useCellLayout(headRef, shown);

  useScrollCursorIntoView(virtualizer, rows, selection.cursor);
  // Sizes are asked for once the view rests: each answer renders the whole shell, and
  // a flick through thousands of rows would ask for all of them on the way.
  const { onWindow } = props;
  const scrolling = virtualizer.isScrolling;
  useEffect(() => {
    if (!scrolling) onWindow?.(rows.slice(first, last + 1).map((r) => r.run_id));
  }, [rows, first, last, scrolling, onWindow]);

  return (
    <div className="run-table-scroll" id="run-table" ref={scrollRef} tabIndex={-1}>
      <table
        className="run-table"
        aria-label="Runs"
        aria-rowcount={rows.length + 1}
        style={{ '--cols': gridTemplateColumns } as CSSProperties}
      >
        <TableHead
          headRef={headRef}
          shown={shown}
          sort={sort}
          onSort={actions.sort}
          gridTemplateColumns={gridTemplateColumns}
          onResizing={onResizing}
          onResize={actions.resize}
        />
        <tbody style={{ height: virtualizer.getTotalSize(), paddingTop: items[0]?.start ?? 0 }}>
          {items.map((item) => {
            const run = rows[item.index];
            if (!run) return null;
            const id = run.run_id;
            return (
              <RunRow
                key={id}
                run={run}
                index={item.index}
                shown={shown}
                selected={selection.ids.has(id)}
                cursor={selection.cursor === id}
                flashing={props.isFlashing(id)}
                size={env.sizes.get(id)}
                now={env.now}
                values={props.values}
                valuesVersion={props.valuesVersion}
                layout={layout}
                actions={actions}
              />
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 && <p className="table-empty">No runs match.</p>}
    </div>
  );
});

/**
 * Handlers that stay the same object for the table's lifetime and call the latest
 * props: the shell makes new callbacks whenever the rows change, and a new handler
 * would render every row again.
 */
function useRowActions(
  props: RunTableProps,
  endDrag: () => void,
): RowActions & { sort(s: SortSpec): void; resize(id: string, px: number): void } {
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });
  return useMemo(
    () => ({
      click: (id: string, e: MouseEvent) =>
        latest.current.onRowClick(id, { toggle: e.ctrlKey || e.metaKey, range: e.shiftKey }),
      open: (id: string) => latest.current.onOpen(id),
      menu: (id: string, e: MouseEvent) => {
        e.preventDefault();
        latest.current.onRowMenu(id, e.clientX, e.clientY);
      },
      sort: (s: SortSpec) => latest.current.onSort(s),
      resize: (id: string, px: number) => {
        latest.current.onResize(id, px);
        endDrag();
      },
    }),
    [endDrag],
  );
}

/**
 * Overscan pays only when the next frame shows some of the same rows. A frame that
 * lands where none of the last rows were (End, Home, a fast flick: every frame of their
 * animation) builds just the rows in view, a third fewer; the margin comes back with
 * the next step that overlaps.
 */
function useJumpAwareRange(): (range: Range) => number[] {
  const last = useRef<Range | null>(null);
  return useCallback((range: Range) => {
    const prev = last.current;
    last.current = range;
    const jumped = prev !== null && (range.startIndex > prev.endIndex || range.endIndex < prev.startIndex);
    return defaultRangeExtractor(jumped ? { ...range, overscan: 0 } : range);
  }, []);
}

/** The Tags column's width, read from its header cell (one observer per table, none per row). */
function useCellLayout(
  headRef: RefObject<HTMLTableSectionElement | null>,
  shown: readonly TableColumnId[],
): CellLayout {
  const [layout, setLayout] = useState<CellLayout>(DEFAULT_LAYOUT);
  const at = shown.indexOf('tags');
  useLayoutEffect(() => {
    const th = at < 0 ? null : headRef.current?.querySelectorAll('th')[at];
    if (!th) return;
    const read = () => {
      const w = Math.floor(th.getBoundingClientRect().width);
      if (w > 0) setLayout((l) => (l.tagsPx === w ? l : { tagsPx: w }));
    };
    read();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(read);
    observer.observe(th);
    return () => observer.disconnect();
  }, [headRef, at]);
  return layout;
}

/** An element's height, kept current; `fallback` while it has none (not laid out, or jsdom). */
function useHeight(ref: RefObject<HTMLElement | null>, fallback: number): number {
  const [height, setHeight] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () => {
      const h = Math.ceil(el.getBoundingClientRect().height);
      if (h > 0) setHeight(h);
    };
    read();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(read);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return height;
}

function useScrollCursorIntoView(
  v: Virtualizer<HTMLDivElement, Element>,
  rows: readonly RunRecord[],
  cursor: string | null,
) {
  const last = useRef<string | null>(null);
  useEffect(() => {
    if (cursor === last.current) return;
    last.current = cursor;
    if (cursor === null) return;
    const i = rows.findIndex((r) => r.run_id === cursor);
    if (i >= 0) v.scrollToIndex(i, { align: 'auto' });
  }, [cursor, rows, v]);
}
