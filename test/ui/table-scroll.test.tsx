// @vitest-environment jsdom
// Scrolling the run table at scale (issue 6): wherever the view is scrolled, the rows on
// screen are the right runs with the right row numbers; ↑/↓ keep the cursor row on
// screen, below the sticky header; a scroll step renders only the rows that come into
// view and keeps the others as they are; and run sizes are asked for once the view
// rests rather than for every window passed on the way.
//
// jsdom lays nothing out, so the tests give the table the geometry the stylesheet does:
// a scroll box BOX px tall whose sticky header is HEAD px, and rows ROW px tall stacked
// below the body's top padding (checked against the rendered padding). A row is "on
// screen" when all of it is inside the box and below the header.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CELLS } from '../../renderer/table/columns';
import { manyRuns, renderShell } from './fixtures';

const BOX = 640;
const HEAD = 32;
const ROW = 32;

beforeEach(() => {
  const box = (el: Element) => el.classList.contains('run-table-scroll');
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return box(this) ? BOX : 0;
  });
  // The header, then the body as tall as the table makes it.
  vi.spyOn(HTMLElement.prototype, 'scrollHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return box(this) ? HEAD + parseFloat(this.querySelector('tbody')?.style.height || '0') : 0;
  });
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(function (this: HTMLElement) {
    return box(this) ? 1200 : 0;
  });
  const rect = HTMLElement.prototype.getBoundingClientRect;
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
    return this.tagName === 'THEAD' ? new DOMRect(0, 0, 1200, HEAD) : rect.call(this);
  });
  // jsdom has no Element.scrollTo; the table scrolls the cursor row into view with it.
  // As in a browser, the scroll event follows a moment later.
  Element.prototype.scrollTo = function (this: Element, opts?: ScrollToOptions | number) {
    if (typeof opts === 'object' && opts.top !== undefined) this.scrollTop = opts.top;
    setTimeout(
      () =>
        act(() => {
          this.dispatchEvent(new Event('scroll'));
        }),
      0,
    );
  } as Element['scrollTo'];
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  delete (Element.prototype as Partial<Element>).scrollTo;
});

async function bigTable(n = 10_000) {
  const shell = renderShell(manyRuns(n));
  const t = await screen.findByRole('table', { name: 'Runs' });
  const scroller = t.parentElement!;
  const scrollTo = (row: number) =>
    act(() => {
      scroller.scrollTop = ROW * row;
      fireEvent.scroll(scroller);
    });
  return { shell, t, scroller, scrollTo };
}

const bodyRows = (t: HTMLElement) => within(t).getAllByRole('row').slice(1);
/** 0-based position of a body row in the whole list, from its aria-rowindex (the header is row 1). */
const indexOf = (row: HTMLElement) => Number(row.getAttribute('aria-rowindex')) - 2;
const description = (row: HTMLElement) => within(row).getAllByRole('cell')[2]!.textContent;

/** The descriptions of the rows wholly on screen, top to bottom. */
function onScreen(t: HTMLElement, scroller: HTMLElement): string[] {
  const rows = bodyRows(t);
  // Rows stack in normal flow under the body's top padding: the first rendered row
  // must be padded down to exactly where its index puts it.
  expect(t.querySelector('tbody')!.style.paddingTop).toBe(`${indexOf(rows[0]!) * ROW}px`);
  return rows
    .filter((r) => {
      const top = HEAD + indexOf(r) * ROW - scroller.scrollTop;
      return top >= HEAD && top + ROW <= BOX;
    })
    .map(description) as string[];
}

const runNumbers = (from: number, count: number) => Array.from({ length: count }, (_, i) => `Run number ${from + i}`);
const FULL_ROWS = (BOX - HEAD) / ROW;

describe('scrolling the run table', () => {
  it('shows the runs that belong at each scroll position, numbered in order', async () => {
    const { t, scroller, scrollTo } = await bigTable();
    expect(onScreen(t, scroller)).toEqual(runNumbers(0, FULL_ROWS));
    for (const row of [1234, 5000, 777, 9_981]) {
      scrollTo(row);
      expect(onScreen(t, scroller)).toEqual(runNumbers(row, FULL_ROWS));
      const rows = bodyRows(t);
      // Every rendered row is the run its row number says, with no gap or repeat.
      rows.forEach((r, i) => {
        expect(indexOf(r)).toBe(indexOf(rows[0]!) + i);
        expect(description(r)).toBe(`Run number ${indexOf(r)}`);
      });
    }
  });

  it('keeps the cursor row on screen, below the header, as ↓ and ↑ move it', async () => {
    const user = userEvent.setup();
    const { t, scroller } = await bigTable();
    const cursorOnScreen = async (n: number) => {
      await waitFor(() => {
        expect(within(t).getByRole('row', { selected: true }).textContent).toContain(`Run number ${n}`);
        expect(onScreen(t, scroller)).toContain(`Run number ${n}`);
      });
    };
    for (let i = 0; i < FULL_ROWS + 4; i++) {
      await user.keyboard('{ArrowDown}');
      await cursorOnScreen(i);
    }
    expect(scroller.scrollTop).toBeGreaterThan(0);
    for (let i = FULL_ROWS + 2; i >= 0; i--) {
      await user.keyboard('{ArrowUp}');
      await cursorOnScreen(i);
    }
    expect(scroller.scrollTop).toBe(0);
  });

  it('keeps the selection of a row scrolled away and back', async () => {
    const user = userEvent.setup();
    const { t, scroller, scrollTo } = await bigTable();
    scrollTo(5000);
    await user.click(within(t).getByText('Run number 5003'));
    scrollTo(0);
    expect(within(t).queryByRole('row', { selected: true })).toBeNull();
    scrollTo(4990);
    const selected = within(t).getAllByRole('row', { selected: true });
    expect(selected.map(description)).toEqual(['Run number 5003']);
    expect(selected[0]!.getAttribute('data-cursor')).toBe('true');
    expect(onScreen(t, scroller)).toContain('Run number 5003');
  });

  it('renders only the row that comes into view when scrolled by one row, and keeps the others', async () => {
    const { t, scrollTo } = await bigTable();
    await waitFor(() => expect(within(t).getAllByText('2.0 KiB').length).toBeGreaterThan(10));
    scrollTo(100);
    scrollTo(101);
    const before = within(t).getByText('Run number 110').closest('tr');
    const rendered: string[] = [];
    const original = CELLS.description;
    CELLS.description = (run, size, now, layout) => {
      rendered.push(run.description ?? '');
      return original(run, size, now, layout);
    };
    try {
      scrollTo(102);
    } finally {
      CELLS.description = original;
    }
    // The rows entering at the bottom (one, or two at the overscan's edge), nothing else.
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.length).toBeLessThanOrEqual(2);
    expect(rendered.every((d) => Number(d.replace('Run number ', '')) > 110)).toBe(true);
    // A row that stays on screen is the same element: not rebuilt, so nothing in it
    // (a hover, a text selection, an open title) is lost while scrolling.
    expect(within(t).getByText('Run number 110').closest('tr')).toBe(before);
    expect(within(t).queryByText('Run number 90')).toBeNull();
  });

  it('asks for the sizes of the rows in view once scrolling stops', async () => {
    const { shell, t, scrollTo } = await bigTable();
    await waitFor(() => expect(shell.fake.callsOf('du.get')).toHaveLength(1));
    for (const row of [500, 1000, 1500, 2000]) scrollTo(row);
    await waitFor(() => expect(within(t).getAllByText('2.0 KiB').length).toBeGreaterThan(10));
    const asked = shell.fake
      .callsOf('du.get')
      .slice(1)
      .flatMap((c) => c.run_ids ?? []);
    expect(asked).toContain('run-02005-0000');
    expect(asked).not.toContain('run-00505-0000');
    expect(asked).not.toContain('run-01005-0000');
  });
});
