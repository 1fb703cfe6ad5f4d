// A run's family (ancestors above, descendants below), drawn as SVG, or the whole
// directory's lineage forest as a virtualized tree list (LineageForest). Nodes are
// buttons: click or Enter opens that run.
import { useMemo } from 'react';
import { layoutLineage, type LineageLayout, type PlacedNode } from '../../../shared/lineage-layout';
import type { LineageView as LineageData } from '../../../shared/api/models';
import type { RunRecord } from '../../../shared/types';
import { useCall } from '../kit/useCall';
import { ErrorNote } from '../kit/ErrorNote';
import { clipText, shortId, statusColor } from '../kit/format';
import { LineageForest } from './LineageForest';
import { buildForest, forestFromRuns, type RunForest } from './forest-rows';
import { onlyRuns } from './onlyRuns';
import './lineage.css';

/**
 * `only`: the whole forest cut to these runs (the filter's rows); a run's own family is never cut.
 * `runs`: every run the page holds; the whole forest is then built from them at once,
 * without asking the server (lineage.get) and waiting for its answer.
 */
export function LineageView({
  runId,
  only,
  runs,
  onOpenRun,
}: {
  runId?: string;
  only?: ReadonlySet<string>;
  runs?: readonly RunRecord[];
  onOpenRun(id: string): void;
}) {
  const local = runs !== undefined && runId === undefined;
  const data = useCall('lineage.get', local ? null : runId ? { run_id: runId } : {}, runId ?? '');
  const shown = useMemo(
    () => (data.value && only && !runId ? onlyRuns(data.value, only) : data.value),
    [data.value, only, runId],
  );
  const held = useMemo(() => (local ? forestFromRuns(runs, only) : null), [local, runs, only]);
  const title = runId ? `Lineage of run ${shortId(runId)}` : 'Lineage of all runs';
  return (
    <section className="ry-lineage" aria-label={title}>
      {!local && data.status === 'error' && <ErrorNote error={data.error} />}
      {!local && data.status === 'loading' && !data.value && (
        <p className="ry-muted" role="status">
          Loading lineage…
        </p>
      )}
      {held && <ForestBody forest={held} onOpenRun={onOpenRun} />}
      {!local &&
        shown &&
        (runId === undefined ? (
          <FetchedForest view={shown} onOpenRun={onOpenRun} />
        ) : (
          <FamilyBody view={shown} runId={runId} onOpenRun={onOpenRun} />
        ))}
    </section>
  );
}

function FetchedForest({ view, onOpenRun }: { view: LineageData; onOpenRun(id: string): void }) {
  const forest = useMemo(
    () => ({ forest: buildForest(view.roots), orphans: view.orphans, cycles: view.cycles }),
    [view],
  );
  return <ForestBody forest={forest} onOpenRun={onOpenRun} />;
}

/** The whole directory can hold 10k runs: a list that draws only what is on screen. */
function ForestBody({ forest, onOpenRun }: { forest: RunForest; onOpenRun(id: string): void }) {
  return (
    <>
      <LineageNotes view={forest} onOpenRun={onOpenRun} />
      {forest.forest.roots.length === 0 ? (
        <p className="ry-muted">No runs to draw.</p>
      ) : (
        <LineageForest forest={forest.forest} onOpenRun={onOpenRun} />
      )}
    </>
  );
}

function FamilyBody({ view, runId, onOpenRun }: { view: LineageData; runId: string; onOpenRun(id: string): void }) {
  const layout = useMemo(() => layoutLineage(view, { focus: runId }), [view, runId]);
  const single = layout.nodes.length === 1 && view.orphans.length === 0;
  return (
    <>
      <LineageNotes view={view} onOpenRun={onOpenRun} />
      {layout.nodes.length === 0 && <p className="ry-muted">No runs to draw.</p>}
      {single && <p className="ry-muted">This run has no parent and no children.</p>}
      {layout.omitted > 0 && (
        <p className="ry-note">{layout.omitted} more runs are not drawn; open a run to see its own family.</p>
      )}
      {layout.nodes.length > 0 && <LineageSvg layout={layout} onOpenRun={onOpenRun} />}
    </>
  );
}

function LineageNotes({
  view,
  onOpenRun,
}: {
  view: Pick<LineageData, 'orphans' | 'cycles'>;
  onOpenRun(id: string): void;
}) {
  const link = (id: string) => (
    <button
      key={id}
      type="button"
      className="ry-linkish ry-mono"
      onClick={() => onOpenRun(id)}
      aria-label={`Open run ${id}`}
    >
      {shortId(id)}
    </button>
  );
  return (
    <>
      {view.orphans.length > 0 && (
        <p className="ry-note">
          {view.orphans.length === 1 ? 'One run names a parent' : `${view.orphans.length} runs name a parent`} that is
          not in this directory (drawn as roots): {view.orphans.map(link)}
        </p>
      )}
      {view.cycles.map((cycle, i) => (
        <p className="ry-note" key={i}>
          These runs name each other as parents in a cycle, so one of them is drawn as the root: {cycle.map(link)}
        </p>
      ))}
    </>
  );
}

const CHARS = 22;
const clip = (text: string, n = CHARS) => clipText(text, n);

function LineageSvg({ layout, onOpenRun }: { layout: LineageLayout; onOpenRun(id: string): void }) {
  const pad = 12;
  // An edge label starts at its child's centre and can run past the rightmost node.
  const labelRoom = layout.edges.some((e) => e.label) ? 96 : 0;
  const { nodeWidth: w, nodeHeight: h } = layout;
  return (
    <div className="ry-lineage__scroll">
      <svg
        className="ry-lineage__svg"
        role="group"
        aria-label="Lineage tree"
        width={layout.width + pad * 2 + labelRoom}
        height={layout.height + pad * 2}
        viewBox={`${-pad} ${-pad} ${layout.width + pad * 2 + labelRoom} ${layout.height + pad * 2}`}
      >
        {layout.edges.map((e) => {
          const [, , , [x2, y2]] = e.points as [[number, number], [number, number], [number, number], [number, number]];
          return (
            <g key={e.key} className="ry-lineage__edge">
              {e.label && <title>{`${e.to} resumed from checkpoint ${e.label}`}</title>}
              <polyline points={e.points.map((p) => p.join(',')).join(' ')} fill="none" />
              {e.label && (
                <text x={x2 + 4} y={y2 - 6} className="ry-lineage__edge-label">
                  {clip(e.label, 26)}
                </text>
              )}
            </g>
          );
        })}
        {layout.nodes.map((n) => (
          <LineageNode key={n.key} node={n} w={w} h={h} onOpenRun={onOpenRun} />
        ))}
      </svg>
    </div>
  );
}

function LineageNode({
  node,
  w,
  h,
  onOpenRun,
}: {
  node: PlacedNode;
  w: number;
  h: number;
  onOpenRun(id: string): void;
}) {
  // The name holds the words drawn in the box, in order (voice control users say what
  // they see); the full description is in the <title>, read as the node's description.
  // The trailing spaces in the <text>s keep the drawn words apart for that comparison.
  const shown = clip(node.description || (node.bare ? 'ancestor' : ''));
  const label = `Run ${shortId(node.run_id)}${node.status ? `, ${node.status}` : ''}${shown ? `: ${shown}` : ''}${node.focus ? ' (this run)' : ''}`;
  const open = () => onOpenRun(node.run_id);
  return (
    <g
      className={`ry-lineage__node${node.focus ? ' ry-lineage__node--focus' : ''}`}
      transform={`translate(${node.x},${node.y})`}
      role="button"
      tabIndex={0}
      aria-label={label}
      aria-current={node.focus ? 'true' : undefined}
      onClick={open}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open();
        }
      }}
    >
      <title>{`${node.run_id}\n${node.status || 'status unknown'}${node.description ? `\n${node.description}` : ''}`}</title>
      <rect width={w} height={h} rx={6} className="ry-lineage__box" />
      <rect width={5} height={h} rx={2} style={{ fill: node.bare ? 'var(--border)' : statusColor(node.status) }} />
      <text x={12} y={17} className="ry-lineage__id">
        {shortId(node.run_id)}{' '}
      </text>
      {node.status && (
        <text
          x={w - 8}
          y={17}
          textAnchor="end"
          className="ry-lineage__status"
          style={{ fill: statusColor(node.status) }}
        >
          {node.status}{' '}
        </text>
      )}
      <text x={12} y={34} className="ry-lineage__desc">
        {shown}
      </text>
    </g>
  );
}
