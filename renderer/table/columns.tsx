// The run table's columns. The table is fed only the rows in view (the store sorts
// and filters), so cells read live extras — sizes, the clock — from a context
// instead of from row data.
import { createContext, useContext } from 'react';
import { columnVisibilityFeature, createColumnHelper, rowSortingFeature, tableFeatures } from '@tanstack/react-table';
import { formatBytes, formatDuration, formatLocal, formatRelative, shortId } from '../../shared/format';
import type { RunRecord } from '../../shared/types';
import { COLUMN_LABELS, runDurationMs } from '../state/sortKeys';
import { Icon } from '../ui/Icon';
import { StatusBadge } from '../ui/StatusBadge';

export interface CellEnv {
  sizes: ReadonlyMap<string, number>;
  now: number;
  /** Changes when sizes arrive (the map is filled in place). */
  sizesVersion?: number;
}
export const CellEnvContext = createContext<CellEnv>({ sizes: new Map(), now: 0 });

export const features = tableFeatures({ rowSortingFeature, columnVisibilityFeature });
const col = createColumnHelper<typeof features, RunRecord>();

/** Why a run is flagged, one sentence each; empty when it is fine. */
export function runFlags(r: RunRecord): { kind: 'stale' | 'problem'; text: string }[] {
  const flags: { kind: 'stale' | 'problem'; text: string }[] = [];
  if (r.stale) flags.push({ kind: 'stale', text: `Stale: the status says "${r.status}" but nothing in the run folder has changed for a long time; the process may have died.` });
  if (r.unreadable) flags.push({ kind: 'problem', text: 'metadata.json could not be read; the values shown come from the index.' });
  for (const p of r.problems) flags.push({ kind: 'problem', text: `${p.file}: ${p.message}` });
  return flags;
}

function IdCell({ run }: { run: RunRecord }) {
  const flags = runFlags(run);
  const stale = flags.filter((f) => f.kind === 'stale');
  const problems = flags.filter((f) => f.kind === 'problem');
  return (
    <span className="id-cell">
      <code title={run.run_id}>{shortId(run.run_id)}</code>
      {stale.length > 0 && <Icon name="stale" className="flag flag-stale" label={stale.map((f) => f.text).join('\n')} />}
      {problems.length > 0 && <Icon name="warning" className="flag flag-problem" label={`${problems.length === 1 ? 'Problem' : `${problems.length} problems`}: ${problems.map((f) => f.text).join('\n')}`} />}
    </span>
  );
}

function Tags({ tags }: { tags: string[] }) {
  return (
    <span className="tags" title={tags.length ? tags.join(', ') : undefined}>
      {tags.map((t) => (
        <span key={t} className={`tag${t === 'keep' ? ' tag-keep' : ''}`}>{t === 'keep' && <Icon name="pin" size={11} />}{t}</span>
      ))}
    </span>
  );
}

function CreatedCell({ ms }: { ms: number | null }) {
  const { now } = useContext(CellEnvContext);
  return <span title={formatLocal(ms)}>{formatRelative(ms, now)}</span>;
}

function DurationCell({ run }: { run: RunRecord }) {
  const { now } = useContext(CellEnvContext);
  return <span>{formatDuration(runDurationMs(run, now))}</span>;
}

function SizeCell({ id }: { id: string }) {
  const { sizes } = useContext(CellEnvContext);
  const n = sizes.get(id);
  return <span className="num">{n === undefined ? '…' : formatBytes(n)}</span>;
}

const text = (v: string | null) => <span title={v ?? undefined}>{v ?? '—'}</span>;

export const columns = col.columns([
  col.accessor('status', { id: 'status', header: COLUMN_LABELS.status, cell: (c) => <StatusBadge status={c.row.original.status} /> }),
  col.accessor('run_id', { id: 'id', header: COLUMN_LABELS.id, enableHiding: false, cell: (c) => <IdCell run={c.row.original} /> }),
  col.accessor('description', { id: 'description', header: COLUMN_LABELS.description, cell: (c) => text(c.row.original.description) }),
  col.accessor((r) => r.tags.join(','), { id: 'tags', header: COLUMN_LABELS.tags, cell: (c) => <Tags tags={c.row.original.tags} /> }),
  col.accessor('created_ms', { id: 'created', header: COLUMN_LABELS.created, sortDescFirst: true, cell: (c) => <CreatedCell ms={c.row.original.created_ms} /> }),
  col.accessor((r) => r.completed_ms, { id: 'duration', header: COLUMN_LABELS.duration, sortDescFirst: true, cell: (c) => <DurationCell run={c.row.original} /> }),
  col.accessor('user', { id: 'user', header: COLUMN_LABELS.user, cell: (c) => text(c.row.original.user) }),
  col.accessor('hostname', { id: 'host', header: COLUMN_LABELS.host, cell: (c) => text(c.row.original.hostname) }),
  col.accessor((r) => r.checkpoints.length, { id: 'checkpoints', header: COLUMN_LABELS.checkpoints, sortDescFirst: true, cell: (c) => <span className="num">{c.row.original.checkpoints.length}</span> }),
  col.accessor((r) => r.run_id, { id: 'size', header: COLUMN_LABELS.size, sortDescFirst: true, cell: (c) => <SizeCell id={c.row.original.run_id} /> }),
  col.accessor('parent_run_id', { id: 'parent', header: COLUMN_LABELS.parent, cell: (c) => c.row.original.parent_run_id ? <code title={c.row.original.parent_run_id}>{shortId(c.row.original.parent_run_id)}</code> : '—' }),
]);

/**
 * CSS grid track per column. All eleven fit a 1280 px window beside the facets; what is
 * left goes mostly to the description (fr shares, so it grows with tags and host
 * instead of after them).
 */
export const COLUMN_TRACKS: Record<string, string> = {
  status: '118px', id: '92px', description: 'minmax(150px, 3fr)', tags: 'minmax(84px, 1.2fr)', created: '102px', duration: '80px',
  user: '92px', host: 'minmax(84px, 1fr)', checkpoints: '102px', size: '72px', parent: '80px',
};
