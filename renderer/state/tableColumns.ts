// Which columns the run table shows, in which order and how wide: built-in columns
// (sortKeys.ts COLUMN_IDS) and value paths (config.beta). The choice comes from the
// address (a copied link), else the folder's saved choice (settings columnsByDir), else
// the app-wide one (settings.columns), else every built-in column.
import type { Settings } from '../../shared/api/models';
import { COLUMN_IDS, COLUMN_LABELS, isColumnId, isTableColumn, type TableColumnId } from './sortKeys';

/** Known ids only, each once, and the ID column always (where it was, else after Status, else first). */
export function normalizeColumns(ids: readonly string[]): TableColumnId[] {
  const out = [...new Set(ids)].filter((c) => isTableColumn(c) && c !== 'folder');
  if (!out.includes('id')) out.splice(out[0] === 'status' ? 1 : 0, 0, 'id');
  return out;
}

export interface TableLayout {
  columns: TableColumnId[];
  /** Column id → width in px, for the columns the user resized. */
  widths: Record<string, number>;
}

const NO_WIDTHS: Record<string, number> = {};
/** Every built-in column but Folder, which only the All folders view adds. */
const DEFAULT_COLUMNS = COLUMN_IDS.filter((c) => c !== 'folder');

export function tableLayout(settings: Settings | null, dir: string | null, fromAddress: string[] | null): TableLayout {
  const saved = dir ? settings?.columnsByDir?.[dir] : undefined;
  const chosen =
    fromAddress ?? (saved?.length ? saved : settings?.columns?.length ? settings.columns : DEFAULT_COLUMNS);
  return {
    columns: normalizeColumns(chosen),
    widths: (dir && settings?.columnWidthsByDir?.[dir]) || NO_WIDTHS,
  };
}

/** A column's header text: the built-in label, or the value path itself. */
export function columnLabel(id: TableColumnId): string {
  return isColumnId(id) ? COLUMN_LABELS[id] : id;
}
