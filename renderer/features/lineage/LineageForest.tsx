// The whole directory's lineage as an indented tree list that draws only the rows in
// view: big families start collapsed, a search finds a run and opens the path to it,
// and everything can be expanded or collapsed at once.
import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { clipText, shortId, statusColor } from '../kit/format';
import {
  allExpanded,
  defaultExpanded,
  expandPathTo,
  findRuns,
  visibleRows,
  type Forest,
  type ForestNode,
} from './forest-rows';

export const ROW_HEIGHT = 28;
const INDENT = 18;
const OVERSCAN = 10;
/** jsdom and a not-yet-laid-out box report no height; assume a typical one. */
const FALLBACK_HEIGHT = 560;

export function LineageForest({ forest, onOpenRun }: { forest: Forest; onOpenRun(id: string): void }) {
  const [expanded, setExpanded] = useState(() => defaultExpanded(forest));
  const rows = useMemo(() => visibleRows(forest, expanded), [forest, expanded]);
  const [top, setTop] = useState(0);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ query: string; ids: string[]; at: number } | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const current = found && found.ids.length ? found.ids[found.at] : undefined;

  // After a search opened the path to a run, its row exists: scroll it into the middle.
  useLayoutEffect(() => {
    if (pending === null) return;
    const i = rows.findIndex((r) => r.run_id === pending);
    if (i < 0) return;
    const height = box.current?.clientHeight || FALLBACK_HEIGHT;
    const y = Math.max(0, i * ROW_HEIGHT - height / 2 + ROW_HEIGHT / 2);
    if (box.current) box.current.scrollTop = y;
    setTop(y);
    setPending(null);
  }, [pending, rows]);

  const show = (ids: string[], at: number) => {
    setFound({ query, ids, at });
    const id = ids[at];
    if (id === undefined) return;
    setExpanded((e) => expandPathTo(forest, e, id));
    setPending(id);
  };
  const search = () => {
    if (found && found.query === query && found.ids.length) show(found.ids, (found.at + 1) % found.ids.length);
    else show(findRuns(forest, query), 0);
  };
  const toggle = (id: string) =>
    setExpanded((e) => {
      const next = new Set(e);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const height = box.current?.clientHeight || FALLBACK_HEIGHT;
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);

  return (
    <div className="ry-forest">
      <div className="ry-forest__bar">
        <input
          type="search"
          aria-label="Find run"
          placeholder="Find a run (id or description)"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              search();
            }
          }}
        />
        <button type="button" onClick={search} disabled={!query.trim()}>
          Find
        </button>
        <button type="button" onClick={() => setExpanded(allExpanded(forest))}>
          Expand all
        </button>
        <button type="button" onClick={() => setExpanded(new Set())}>
          Collapse all
        </button>
        <span className="ry-muted" role="status">
          {found && found.query === query
            ? found.ids.length
              ? `${found.at + 1} of ${found.ids.length} matching runs`
              : 'No run matches'
            : `${forest.nodes.size} runs, ${forest.roots.length} ${forest.roots.length === 1 ? 'family' : 'families'}`}
        </span>
      </div>
      <div className="ry-forest__scroll" ref={box} onScroll={(e) => setTop(e.currentTarget.scrollTop)}>
        <div role="tree" aria-label="Lineage forest" style={{ height: rows.length * ROW_HEIGHT, position: 'relative' }}>
          {rows.slice(first, last).map((n, k) => (
            <Row
              key={n.run_id}
              node={n}
              index={first + k}
              open={expanded.has(n.run_id)}
              current={n.run_id === current}
              onToggle={toggle}
              onOpenRun={onOpenRun}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

function Row({
  node,
  index,
  open,
  current,
  onToggle,
  onOpenRun,
}: {
  node: ForestNode;
  index: number;
  open: boolean;
  current: boolean;
  onToggle(id: string): void;
  onOpenRun(id: string): void;
}) {
  const label = `Run ${shortId(node.run_id)}${node.status ? `, ${node.status}` : ''}${node.description ? `: ${node.description}` : ''}`;
  const hasKids = node.children.length > 0;
  const keys = (e: KeyboardEvent) => {
    if (!hasKids) return;
    if ((e.key === 'ArrowRight' && !open) || (e.key === 'ArrowLeft' && open)) {
      e.preventDefault();
      onToggle(node.run_id);
    }
  };
  return (
    <div
      role="treeitem"
      aria-level={node.depth + 1}
      aria-expanded={hasKids ? open : undefined}
      aria-selected={current}
      className={`ry-forest__row${current ? ' ry-forest__row--current' : ''}`}
      style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT, paddingLeft: 4 + node.depth * INDENT }}
      onKeyDown={keys}
    >
      {hasKids ? (
        <button
          type="button"
          className="ry-forest__toggle"
          aria-label={`${open ? 'Collapse' : 'Expand'} ${shortId(node.run_id)} (${node.size - 1} below)`}
          onClick={() => onToggle(node.run_id)}
        >
          {open ? '▾' : '▸'}
        </button>
      ) : (
        <span className="ry-forest__toggle" aria-hidden="true" />
      )}
      <i className="ry-swatch" style={{ background: statusColor(node.status) }} aria-hidden="true" />
      <button
        type="button"
        className="ry-linkish ry-mono"
        aria-label={label}
        title={`${node.run_id}\n${node.status || 'status unknown'}`}
        onClick={() => onOpenRun(node.run_id)}
      >
        {shortId(node.run_id)}
      </button>
      <span className="ry-forest__status" style={{ color: statusColor(node.status) }}>
        {node.status}
      </span>
      <span className="ry-forest__desc" title={node.description}>
        {clipText(node.description, 80)}
      </span>
      {node.checkpoint && (
        <span className="ry-forest__from ry-mono" title={`resumed from checkpoint ${node.checkpoint}`}>
          ← {clipText(node.checkpoint, 32)}
        </span>
      )}
      {hasKids && !open && <span className="ry-muted">{node.size - 1} below</span>}
    </div>
  );
}
