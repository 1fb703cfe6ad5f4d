// The run table's cells. The body renders them straight from the run records (see
// RunRow), so each cell here is a plain function of the run, its size and the clock; a
// value column's cell (config.beta) reads the value cache (state/valueStore.ts).
import type { ReactNode } from 'react';
import {
  formatBytes,
  formatDuration,
  formatLocal,
  formatRelative,
  formatRelativeShort,
  shortId,
} from '../../shared/format';
import type { RunRecord } from '../../shared/types';
import { numberOf, valueText } from '../../shared/values';
import { folderLabel, originOf, shownId, shownParent } from '../state/allFolders';
import { notStarted, runDurationMs, type ColumnId } from '../state/sortKeys';
import type { ValueStore } from '../state/valueStore';
import { Icon } from '../ui/Icon';
import { StatusBadge } from '../ui/StatusBadge';
import { tagsThatFit } from './tagFit';

export interface CellEnv {
  sizes: ReadonlyMap<string, number>;
  now: number;
  /** Changes when sizes arrive (the map is filled in place). */
  sizesVersion?: number;
}

/** Why a run is flagged, one sentence each; empty when it is fine. */
export function runFlags(r: RunRecord): { kind: 'stale' | 'problem'; text: string }[] {
  const flags: { kind: 'stale' | 'problem'; text: string }[] = [];
  if (r.stale)
    flags.push({
      kind: 'stale',
      text: `Stale: the status says "${r.status}" but nothing in the run folder has changed for a long time; the process may have died.`,
    });
  if (r.unreadable)
    flags.push({ kind: 'problem', text: 'metadata.json could not be read; the values shown come from the index.' });
  for (const p of r.problems) flags.push({ kind: 'problem', text: `${p.file}: ${p.message}` });
  return flags;
}

/**
 * A body cell. Text goes straight into the td, with the title on it, rather than into
 * a span: a jump (PageDown, End) builds every row in view at once, and style and
 * layout cost grows with the elements in those rows. What changes the font or the
 * display (tabular digits, the flex boxes of tags and flags) stays on an inner span:
 * on a td it made each jump's style recalculation about twice as slow in Chromium.
 */
const td = (id: ColumnId, content: ReactNode, title?: string) => (
  <td key={id} className={`cell-${id}`} title={title}>
    {content}
  </td>
);

function idCell(run: RunRecord) {
  const id = shownId(run);
  const code = <code title={id}>{shortId(id)}</code>;
  const flags = runFlags(run);
  if (flags.length === 0) return td('id', code);
  const stale = flags.filter((f) => f.kind === 'stale');
  const problems = flags.filter((f) => f.kind === 'problem');
  return td(
    'id',
    <span className="id-cell">
      {code}
      {stale.length > 0 && (
        <Icon name="stale" className="flag flag-stale" label={stale.map((f) => f.text).join('\n')} />
      )}
      {problems.length > 0 && (
        <Icon
          name="warning"
          className="flag flag-problem"
          label={`${problems.length === 1 ? 'Problem' : `${problems.length} problems`}: ${problems.map((f) => f.text).join('\n')}`}
        />
      )}
    </span>,
  );
}

/** Padding of a body cell, taken from the column's width to get the room for tags. */
const CELL_PAD_PX = 16;

function tagsCell(all: string[], columnPx: number) {
  if (all.length === 0) return td('tags', '');
  // The pin comes first, so a pinned run says so however narrow the column.
  const tags = all.includes('keep') ? ['keep', ...all.filter((t) => t !== 'keep')] : all;
  // At least one tag is shown; the CSS cuts it if even that is too wide.
  const fit = Math.max(1, tagsThatFit(tags, columnPx - CELL_PAD_PX));
  const rest = tags.slice(fit);
  return td(
    'tags',
    <span className="tags-cell" title={all.join(', ')}>
      <span className="tags">
        {tags.slice(0, fit).map((t) => (
          <span key={t} className={`tag${t === 'keep' ? ' tag-keep' : ''}`}>
            {t === 'keep' && <Icon name="pin" size={11} />}
            {t}
          </span>
        ))}
      </span>
      {rest.length > 0 && (
        <span
          className="tag tag-more"
          title={`${rest.length} more: ${rest.join(', ')}`}
          aria-label={`${rest.length} more tags: ${rest.join(', ')}`}
        >
          +{rest.length}
        </span>
      )}
    </span>,
  );
}

function failedTitle(r: RunRecord): string | undefined {
  const error = r.extra.error;
  if (r.status !== 'failed') return undefined;
  const text = typeof error === 'string' ? error : error === undefined || error === null ? '' : JSON.stringify(error);
  return text ? `failed: ${text}` : "failed (no error recorded; see the run's Overview for the log)";
}

const text = (id: ColumnId, v: string | null) => td(id, v ?? '—', v ?? undefined);

/** One column's td for a run, from the run, its size (undefined until it arrives) and the clock. */
export type CellRender = (run: RunRecord, size: number | undefined, now: number, layout: CellLayout) => ReactNode;

/** Measured once per table: the Tags column's width in px. */
export interface CellLayout {
  tagsPx: number;
}

/** Before the column is measured (and in jsdom): its width in a 1280 px window. */
export const DEFAULT_LAYOUT: CellLayout = { tagsPx: 120 };

export const CELLS: Record<ColumnId, CellRender> = {
  folder: (r) => {
    const dir = originOf(r)?.dir ?? '';
    return td('folder', folderLabel(dir), dir);
  },
  status: (r) => td('status', <StatusBadge status={r.status} />, failedTitle(r)),
  id: idCell,
  description: (r) => text('description', r.description),
  tags: (r, _s, _n, layout) => tagsCell(r.tags, layout.tagsPx),
  created: (r, _s, now) =>
    td(
      'created',
      formatRelativeShort(r.created_ms, now),
      `${formatLocal(r.created_ms)} (${formatRelative(r.created_ms, now)})`,
    ),
  duration: (r, _s, now) =>
    notStarted(r)
      ? td('duration', <span className="muted">not started</span>, 'This run has not started yet')
      : td('duration', formatDuration(runDurationMs(r, now))),
  user: (r) => text('user', r.user),
  host: (r) => text('host', r.hostname),
  checkpoints: (r) => td('checkpoints', <span className="num">{r.checkpoints.length}</span>),
  size: (_r, size) => td('size', <span className="num">{size === undefined ? '…' : formatBytes(size)}</span>),
  parent: (r) => {
    const parent = shownParent(r);
    return td('parent', parent ? <code title={parent}>{shortId(parent)}</code> : '—');
  },
};

/** A value column's cell: the value as text, "…" until its answer is in, empty when the run has none. */
export function valueCell(run: RunRecord, path: string, values: ValueStore): ReactNode {
  const v = values.lookup(run.run_id, path);
  if (v === undefined)
    return (
      <td key={path} className="cell-value" data-col={path}>
        {values.has(run.run_id, path) ? '' : <span className="muted">…</span>}
      </td>
    );
  const shown = valueText(v);
  return (
    <td key={path} className={`cell-value${numberOf(v) !== null ? ' num' : ''}`} data-col={path} title={shown}>
      {shown}
    </td>
  );
}

/**
 * CSS grid track per column. All eleven fit a 1280 px window beside the facets; what is
 * left goes mostly to the description (fr shares, so it grows with tags and host
 * instead of after them).
 */
export const COLUMN_TRACKS: Record<string, string> = {
  folder: 'minmax(96px, 1fr)',
  status: '118px',
  id: '92px',
  description: 'minmax(140px, 3fr)',
  tags: 'minmax(124px, 1.4fr)',
  created: '94px',
  duration: '90px',
  user: '92px',
  host: 'minmax(84px, 1fr)',
  checkpoints: '102px',
  size: '72px',
  parent: '80px',
};

/** A value column that was never resized: room for its path in the header, within bounds. */
const valueTrack = (path: string) =>
  `minmax(${Math.min(260, Math.max(90, Math.round(path.length * 8.5) + 40))}px, 1fr)`;

/** The grid track of a column: its width when the user set one, else its default. */
export function columnTrack(id: string, widths: Readonly<Record<string, number>>): string {
  const w = widths[id];
  return w ? `${w}px` : (COLUMN_TRACKS[id] ?? valueTrack(id));
}
