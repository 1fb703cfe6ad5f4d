// Multi-select as file managers do it: click selects one, Ctrl/Cmd-click toggles,
// Shift-click selects the range from the anchor in the order the table shows.
// The cursor is the row the keyboard is on (↑/↓, Enter).
export interface Selection {
  ids: ReadonlySet<string>;
  /** Where a Shift range starts. */
  anchor: string | null;
  cursor: string | null;
}

export const emptySelection: Selection = { ids: new Set(), anchor: null, cursor: null };

export interface ClickMods {
  toggle: boolean;
  range: boolean;
}

function range(order: readonly { run_id: string }[], from: string | null, to: string): string[] {
  const b = order.findIndex((r) => r.run_id === to);
  const a = from === null ? -1 : order.findIndex((r) => r.run_id === from);
  if (a < 0 || b < 0) return [to];
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  return order.slice(lo, hi + 1).map((r) => r.run_id);
}

export function clickSelect(
  sel: Selection,
  id: string,
  order: readonly { run_id: string }[],
  mods: ClickMods,
): Selection {
  if (mods.range) {
    const ids = new Set(mods.toggle ? sel.ids : []);
    for (const r of range(order, sel.anchor ?? sel.cursor, id)) ids.add(r);
    return { ids, anchor: sel.anchor ?? id, cursor: id };
  }
  if (mods.toggle) {
    const ids = new Set(sel.ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    return { ids, anchor: id, cursor: id };
  }
  return { ids: new Set([id]), anchor: id, cursor: id };
}

/** ↑/↓: moves the cursor and selects that row; with Shift it extends from the anchor. */
export function moveCursor(
  sel: Selection,
  order: readonly { run_id: string }[],
  step: number,
  extend: boolean,
): Selection {
  if (order.length === 0) return sel;
  const at = sel.cursor === null ? -1 : order.findIndex((r) => r.run_id === sel.cursor);
  const next = at < 0 ? (step > 0 ? 0 : order.length - 1) : Math.max(0, Math.min(order.length - 1, at + step));
  const id = order[next]!.run_id;
  if (extend)
    return {
      ids: new Set(range(order, sel.anchor ?? sel.cursor ?? id, id)),
      anchor: sel.anchor ?? sel.cursor ?? id,
      cursor: id,
    };
  return { ids: new Set([id]), anchor: id, cursor: id };
}

/** Drops ids the table no longer shows (filtered out or removed), so actions act on what is visible. */
export function keepVisible(sel: Selection, visible: ReadonlySet<string> | ((id: string) => boolean)): Selection {
  const has = typeof visible === 'function' ? visible : (id: string) => visible.has(id);
  let changed = false;
  const ids = new Set<string>();
  for (const id of sel.ids) {
    if (has(id)) ids.add(id);
    else changed = true;
  }
  const cursor = sel.cursor !== null && !has(sel.cursor) ? null : sel.cursor;
  if (!changed && cursor === sel.cursor) return sel;
  return { ids, anchor: sel.anchor !== null && has(sel.anchor) ? sel.anchor : null, cursor };
}
