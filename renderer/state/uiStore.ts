// What the user is looking at, beside the run store (./runStore.ts) and with the same
// pattern: a plain class that owns one state object, replaces it on every change and
// tells its listeners, so components read it with useSyncExternalStore (./useUi.ts) and
// rerender only for the slice they select. Event handlers call its actions and read
// getState() at the time of the event, never a value captured at render.
import type { ApiError } from '../../shared/api/result';
import type { RunRecord } from '../../shared/types';
import type { DetailTab } from '../detail/RunDetail';
import type { ComparePick, Dialog, View } from '../shell/appState';
import { clickSelect, emptySelection, keepVisible, moveCursor, type ClickMods, type Selection } from './selection';
import { DEFAULT_SORT, type SortSpec } from './sortKeys';
import { splitRunKey } from './allFolders';
import { isNavigation, sameView, type UrlView } from './urlState';

export interface UiState {
  view: View;
  dialog: Dialog;
  selection: Selection;
  filterText: string;
  sort: SortSpec;
  /** The table's columns in order, when chosen here or named by the address; null: the folder's saved choice. */
  columns: string[] | null;
  /** A folder is being opened, picked or made; the buttons that would start another wait. */
  busy: boolean;
  recent: string[];
  /** Why the last snapshot could not be read; cleared by a good one or a new folder. */
  loadError: ApiError | null;
  /** The runs folder shown: its id, ALL_FOLDERS, or null for the one the backend calls current. */
  folder: string | null;
}

type Rows = readonly { run_id: string }[];

const sameList = (a: readonly string[] | null, b: readonly string[] | null) =>
  a === b || (a !== null && b !== null && a.length === b.length && a.every((x, i) => x === b[i]));

export class UiStore {
  private listeners = new Set<() => void>();
  private state: UiState = {
    view: { kind: 'table' },
    dialog: null,
    selection: emptySelection,
    filterText: '',
    sort: DEFAULT_SORT,
    columns: null,
    busy: false,
    recent: [],
    loadError: null,
    folder: null,
  };

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getState = (): UiState => this.state;

  openView(view: View): void {
    this.update({ view });
  }
  /** Back to the run table. */
  closeView(): void {
    if (this.state.view.kind !== 'table') this.update({ view: { kind: 'table' } });
  }
  /** A run of the All folders view (its id is a key, ./allFolders.ts) opens in its own folder. */
  openRun(runId: string, tab?: DetailTab): void {
    const inFolder = splitRunKey(runId);
    const view: View = { kind: 'detail', runId: inFolder?.run_id ?? runId, ...(tab ? { tab } : {}) };
    if (inFolder) this.update({ view, folder: inFolder.dir, selection: emptySelection, dialog: null });
    else this.update({ view });
  }
  /** Another folder from the switcher (or ALL_FOLDERS): its table (or `view`, e.g. its trash), nothing selected. */
  chooseFolder(folder: string | null, view: View = { kind: 'table' }): void {
    if (folder === this.state.folder) return;
    this.update({ folder, view, selection: emptySelection, dialog: null });
  }
  /** Another tab of the open run; it goes in the address, so Back returns to the last one. */
  openTab(tab: DetailTab): void {
    const { view } = this.state;
    if (view.kind === 'detail' && (view.tab ?? 'Overview') !== tab) this.update({ view: { ...view, tab } });
  }
  /** Compare's values or chart, and what the chart plots; it goes in the address (a chart is a place, a column is not). */
  showCompare(pick: ComparePick): void {
    const { view } = this.state;
    if (view.kind === 'compare') this.update({ view: { kind: 'compare', runIds: view.runIds, ...pick } });
  }
  /** The view, filter and sort an address names (./urlState.ts): on load, Back and Forward. */
  applyUrl(u: UrlView): void {
    const s = this.state;
    const samePlace = !isNavigation(s.view, u.view);
    const same = sameView(s.view, u.view);
    const sameSort = s.sort.column === u.sort.column && s.sort.desc === u.sort.desc;
    const sameColumns = sameList(s.columns, u.columns ?? null);
    const folder = u.folder ?? null;
    if (same && sameSort && sameColumns && s.filterText === u.filterText && folder === s.folder) return;
    this.update({
      folder,
      view: same ? s.view : u.view,
      filterText: u.filterText,
      sort: sameSort ? s.sort : u.sort,
      columns: sameColumns ? s.columns : (u.columns ?? null),
      dialog: samePlace ? s.dialog : null,
    });
  }

  openDialog(dialog: Exclude<Dialog, null>): void {
    this.update({ dialog });
  }
  closeDialog(): void {
    if (this.state.dialog) this.update({ dialog: null });
  }

  setSelection(next: Selection | ((sel: Selection) => Selection)): void {
    const selection = typeof next === 'function' ? next(this.state.selection) : next;
    if (selection !== this.state.selection) this.update({ selection });
  }
  clickRow(id: string, rows: Rows, mods: ClickMods): void {
    this.setSelection((sel) => clickSelect(sel, id, rows, mods));
  }
  moveCursor(rows: Rows, step: number, extend: boolean): void {
    this.setSelection((sel) => moveCursor(sel, rows, step, extend));
  }
  /** A right-click: a row outside the selection becomes the selection; inside it, only the cursor moves. */
  pointAt(id: string): void {
    this.setSelection((sel) =>
      sel.ids.has(id) ? { ...sel, cursor: id } : { ids: new Set([id]), anchor: id, cursor: id },
    );
  }
  selectAll(rows: Rows): void {
    this.setSelection((sel) => ({ ids: new Set(rows.map((r) => r.run_id)), anchor: sel.anchor, cursor: sel.cursor }));
  }
  clearSelection(): void {
    this.setSelection(emptySelection);
  }
  /** Keeps the selection to rows the table shows, so actions never hit hidden runs. */
  keepVisible(rows: readonly RunRecord[]): void {
    this.setSelection((sel) =>
      sel.ids.size === 0 && sel.cursor === null ? sel : keepVisible(sel, new Set(rows.map((r) => r.run_id))),
    );
  }
  /** Leaving the filter box with ↓ or Enter: onto the cursor's row if it is still shown, else the first. */
  cursorToRows(rows: Rows): void {
    this.setSelection((sel) =>
      sel.cursor !== null && rows.some((r) => r.run_id === sel.cursor) ? sel : moveCursor(sel, rows, 1, false),
    );
  }
  selectedIds(): string[] {
    return [...this.state.selection.ids];
  }

  setFilter(filterText: string): void {
    if (filterText !== this.state.filterText) this.update({ filterText });
  }
  setSort(sort: SortSpec): void {
    this.update({ sort });
  }
  setColumns(columns: string[] | null): void {
    if (!sameList(columns, this.state.columns)) this.update({ columns });
  }
  /** A saved view: its filter, sort and columns at once (one address change). */
  applyTableView(v: { filterText: string; sort: SortSpec; columns: string[] }): void {
    this.update({ filterText: v.filterText, sort: v.sort, columns: v.columns, view: { kind: 'table' } });
  }

  setRecent(recent: string[]): void {
    this.update({ recent });
  }
  setLoadError(loadError: ApiError | null): void {
    if (loadError !== this.state.loadError) this.update({ loadError });
  }
  /** Marks the shell busy until `work` settles. */
  whileBusy(work: Promise<void>): void {
    this.update({ busy: true });
    void work.finally(() => this.update({ busy: false }));
  }

  /** Another folder: start fresh in it, on the table with nothing selected. */
  newFolder(): void {
    const { selection, view, columns } = this.state;
    const fresh = selection.ids.size === 0 && selection.anchor === null && selection.cursor === null;
    if (view.kind === 'table' && fresh && columns === null) return;
    this.update({ selection: emptySelection, view: { kind: 'table' }, columns: null });
  }

  private update(patch: Partial<UiState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  dispose(): void {
    this.listeners.clear();
  }
}
