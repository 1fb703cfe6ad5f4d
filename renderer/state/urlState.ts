// The view as a location hash, so Back/Forward, a reload and a copied link all land on
// what the user was looking at: `#/runs/<id>/logs?dir=/data/runs&q=status:failed&sort=-created`,
// and the table's columns (`cols=status,id,config.beta`) when the user chose some;
// Compare's chart keeps the results file and column the user picked
// (`#/compare/<id>,<id>/chart?file=timeseries.csv&column=infected`).
// Only the hash is ever written: the page's path and query (where `runyard serve`'s
// token once was, renderer/api/token.ts) are left exactly as they are, and the
// desktop app's app:// page routes the same way.
import type { DetailTab } from '../detail/RunDetail';
import type { View } from '../shell/appState';
import { DEFAULT_SORT, isTableColumn, type SortSpec } from './sortKeys';

export interface UrlView {
  view: View;
  filterText: string;
  sort: SortSpec;
  /** The table's columns in order, when the address names them; null: the folder's saved choice. */
  columns?: string[] | null;
  /** The runs folder shown (`dir=`), or ALL_FOLDERS; absent: the one the backend calls current. */
  folder?: string | null;
}

/** RunDetail's DETAIL_TABS, written out so the address does not pull the lazy detail chunk into the main one (a test keeps them equal). */
export const URL_TABS: readonly DetailTab[] = [
  'Overview',
  'Config',
  'Params',
  'Checkpoints',
  'Logs',
  'Results',
  'Lineage',
];

const tabSlug = (tab: DetailTab) => tab.toLowerCase();
const tabOf = (slug: string | undefined): DetailTab | undefined =>
  URL_TABS.find((t) => tabSlug(t) === slug?.toLowerCase());

function viewPath(view: View): string {
  switch (view.kind) {
    case 'table':
      return '/runs';
    case 'detail': {
      const tab = view.tab && view.tab !== 'Overview' ? `/${tabSlug(view.tab)}` : '';
      return `/runs/${encodeURIComponent(view.runId)}${tab}`;
    }
    case 'compare':
      return `/compare/${view.runIds.map(encodeURIComponent).join(',')}${view.chart ? '/chart' : ''}`;
    default:
      return `/${view.kind}`;
  }
}

/** What the view shows beyond its path: the file and column Compare's chart plots. */
function viewQuery(view: View): [string, string][] {
  if (view.kind !== 'compare' || !view.chart) return [];
  const out: [string, string][] = [];
  if (view.file) out.push(['file', view.file]);
  if (view.column) out.push(['column', view.column]);
  return out;
}

/** The hash for a state, `#` included. */
export function toHash({ view, filterText, sort, columns, folder }: UrlView): string {
  const q = new URLSearchParams();
  if (folder) q.set('dir', folder);
  for (const [k, v] of viewQuery(view)) q.set(k, v);
  if (filterText) q.set('q', filterText);
  if (sort.column !== DEFAULT_SORT.column || sort.desc !== DEFAULT_SORT.desc) q.set('sort', sortText(sort));
  if (columns && columns.length) q.set('cols', columns.map((c) => c.replace(/,/g, '%2C')).join(','));
  // URLSearchParams writes a space as "+"; %20 reads the same and survives every copy.
  const query = q.toString().replace(/\+/g, '%20');
  return `#${viewPath(view)}${query ? `?${query}` : ''}`;
}

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

function parseView(path: string, q: URLSearchParams): View {
  const parts = path.split('/').filter(Boolean);
  const [head, id, tab] = parts;
  if (head === 'runs' && id) {
    const runId = decode(id);
    if (runId) return { kind: 'detail', runId, tab: tabOf(tab) ?? 'Overview' };
  }
  if (head === 'compare' && id) {
    const runIds = id
      .split(',')
      .map(decode)
      .filter((x): x is string => !!x);
    if (runIds.length >= 2 && tab !== 'chart') return { kind: 'compare', runIds };
    if (runIds.length >= 2) {
      const file = q.get('file');
      const column = q.get('column');
      return { kind: 'compare', runIds, chart: true, ...(file ? { file } : {}), ...(column ? { column } : {}) };
    }
  }
  if (head === 'trash' || head === 'charts' || head === 'lineage') return { kind: head };
  return { kind: 'table' };
}

/** `-created`, `config.beta`: the sort as the address and saved views write it. */
export function sortText(sort: SortSpec): string {
  return `${sort.desc ? '-' : ''}${sort.column}`;
}

export function parseSort(text: string | null): SortSpec {
  if (!text) return DEFAULT_SORT;
  const desc = text.startsWith('-');
  const column = desc ? text.slice(1) : text;
  return isTableColumn(column) ? { column, desc } : DEFAULT_SORT;
}

/** `status,id,config.beta`: a comma inside a key is written %2C. Unknown ids are dropped; none left is null. */
function parseColumns(text: string | null): string[] | null {
  if (!text) return null;
  const cols = [...new Set(text.split(',').map((c) => c.replace(/%2C/gi, ',').trim()))].filter(isTableColumn);
  return cols.length ? cols : null;
}

/** The state a hash names; anything it does not name (or names wrongly) is the default. */
export function fromHash(hash: string): UrlView {
  const body = hash.replace(/^#/, '');
  const qAt = body.indexOf('?');
  const path = qAt < 0 ? body : body.slice(0, qAt);
  const q = new URLSearchParams(qAt < 0 ? '' : body.slice(qAt + 1));
  const columns = parseColumns(q.get('cols'));
  const folder = q.get('dir');
  return {
    view: parseView(path, q),
    filterText: q.get('q') ?? '',
    sort: parseSort(q.get('sort')),
    ...(columns ? { columns } : {}),
    ...(folder ? { folder } : {}),
  };
}

/** A change of place (another run, tab or view) is a history entry; typing a filter or re-sorting only updates the current one. */
export function isNavigation(a: View, b: View): boolean {
  return viewPath(a) !== viewPath(b);
}

/** The same place showing the same thing: a chart's other column is the same place, but not the same view. */
export function sameView(a: View, b: View): boolean {
  return !isNavigation(a, b) && JSON.stringify(viewQuery(a)) === JSON.stringify(viewQuery(b));
}

/** The same place, ignoring the cosmetic difference between no hash and the table's. */
export function sameHash(a: string, b: string): boolean {
  const norm = (h: string) => (h === '' || h === '#' || h === '#/' ? '#/runs' : h);
  return norm(a) === norm(b);
}
