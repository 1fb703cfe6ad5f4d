// Mounts the feature components (dialogs, compare, trash, charts, lineage forest),
// which are built in renderer/features/, and connects them to the shell's state.
import type { RunRecord } from '../../shared/types';
import { OverviewCharts } from '../features/charts/OverviewCharts';
import { CompareView } from '../features/compare/CompareView';
import { EditRunDialog } from '../features/edit/EditRunDialog';
import { LineageView } from '../features/lineage/LineageView';
import { PruneDialog } from '../features/prune/PruneDialog';
import { ResumeDialog } from '../features/resume/ResumeDialog';
import { TrashView } from '../features/trash/TrashView';
import type { RunStore } from '../state/runStore';
import type { Dialog, View } from './appState';

export function Dialogs({ dialog, store, onClose, onRemoved, onCreated }: {
  dialog: Dialog; store: RunStore; onClose(): void; onRemoved(ids: string[]): void; onCreated(run: RunRecord): void;
}) {
  if (!dialog) return null;
  if (dialog.kind === 'resume') return <ResumeDialog runId={dialog.runId} checkpoint={dialog.checkpoint} onClose={onClose} onCreated={onCreated} />;
  if (dialog.kind === 'prune') return <PruneDialog selection={dialog.selection} onClose={onClose} onDone={onRemoved} />;
  const run = store.get(dialog.runId);
  return run ? <EditRunDialog run={run} onClose={onClose} /> : null;
}

/** Compare and trash open over the table; charts and the lineage forest replace it. */
export function Overlays({ view, onClose, onRestored }: { view: View; onClose(): void; onRestored(ids: string[]): void }) {
  if (view.kind === 'compare') return <CompareView runIds={view.runIds} onClose={onClose} />;
  if (view.kind === 'trash') return <TrashView onClose={onClose} onRestored={onRestored} />;
  return null;
}

export function WholeDirViews({ view, rows, onOpenRun }: { view: View; rows: RunRecord[]; onOpenRun(id: string): void }) {
  if (view.kind === 'charts') {
    return (
      <section className="whole-dir" aria-label="Charts">
        <p className="muted">Charts of the {rows.length} runs the filter shows.</p>
        <OverviewCharts runs={rows} />
      </section>
    );
  }
  if (view.kind === 'lineage') {
    return (
      <section className="whole-dir" aria-label="Lineage forest">
        <LineageView onOpenRun={onOpenRun} />
      </section>
    );
  }
  return null;
}
