// One body row of the run table. Scrolling renders the table again for every row that
// comes into view; memoised on plain values, a row already on screen is skipped unless
// its run, selection, highlight, size or the clock changed, so a scroll step costs the
// rows entering the window, not the whole window.
import { memo, type MouseEvent } from 'react';
import type { RunRecord } from '../../shared/types';
import { isColumnId, type TableColumnId } from '../state/sortKeys';
import type { ValueStore } from '../state/valueStore';
import { CELLS, valueCell, type CellLayout } from './columns';

/** Stable for the table's lifetime, so that passing them does not break the memo. */
export interface RowActions {
  click(id: string, e: MouseEvent): void;
  open(id: string): void;
  menu(id: string, e: MouseEvent): void;
}

export interface RunRowProps {
  run: RunRecord;
  index: number;
  /** Same array while the chosen columns stay the same. */
  shown: readonly TableColumnId[];
  selected: boolean;
  cursor: boolean;
  flashing: boolean;
  size: number | undefined;
  now: number;
  values: ValueStore;
  /** Changes when values arrive, so rows with value columns render again. */
  valuesVersion: number;
  /** Same object while the measured widths stay the same. */
  layout: CellLayout;
  actions: RowActions;
}

const keepSelection = (e: MouseEvent) => {
  if (e.shiftKey) e.preventDefault();
};

export const RunRow = memo(function RunRow({
  run,
  index,
  shown,
  selected,
  cursor,
  flashing,
  size,
  now,
  values,
  layout,
  actions,
}: RunRowProps) {
  const id = run.run_id;
  return (
    <tr
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-cursor={cursor || undefined}
      data-updated={flashing || undefined}
      className={`run-row${selected ? ' selected' : ''}${cursor ? ' cursor' : ''}${flashing ? ' flash' : ''}`}
      onMouseDown={keepSelection}
      onClick={(e) => actions.click(id, e)}
      onDoubleClick={() => actions.open(id)}
      onContextMenu={(e) => actions.menu(id, e)}
    >
      {shown.map((c) => (isColumnId(c) ? CELLS[c](run, size, now, layout) : valueCell(run, c, values)))}
    </tr>
  );
});
