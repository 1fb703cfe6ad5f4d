// Mounts the feature components (dialogs, compare, trash, charts, lineage forest),
// which are built in renderer/features/ and load on first use (./lazyViews.tsx), and
// connects them to the shell's state.
import type { RunRecord } from '../../shared/types';
import { CompareView, EditRunDialog, Floating, InPage, LineageView, OverviewCharts, PruneDialog, ResumeDialog, TrashView } from './lazyViews';
import type { RunStore } from '../state/runStore';
import type { Dialog, View } from './appState';

function statusesIn(store: RunStore): string[] {
  const seen = new Set<string>();
  for (const e of store.values()) seen.add(e.run.status);
  return [...seen];
}

export function Dialogs({ dialog, store, onClose, onRemoved, onCreated }: {
  dialog: Dialog; store: RunStore; onClose(): void; onRemoved(ids: string[]): void; onCreated(run: RunRecord): void;
}) {
  if (!dialog) return null;
  if (dialog.kind === 'resume') return <Floating what="the resume dialog"><ResumeDialog runId={dialog.runId} checkpoint={dialog.checkpoint} onClose={onClose} onCreated={onCreated} /></Floating>;
  if (dialog.kind === 'prune') return <Floating what="the prune dialog"><PruneDialog selection={dialog.selection} onClose={onClose} onDone={onRemoved} lookup={(id) => store.get(id)} statuses={statusesIn(store)} /></Floating>;
  const run = store.get(dialog.runId);
  return run ? <Floating what="the edit dialog"><EditRunDialog run={run} onClose={onClose} /></Floating> : null;
}

/** Compare and trash open over the table; charts and the lineage forest replace it. */
export function Overlays({ view, onClose, onRestored }: { view: View; onClose(): void; onRestored(ids: string[]): void }) {
  if (view.kind === 'compare') return <Floating what="the comparison"><CompareView runIds={view.runIds} onClose={onClose} /></Floating>;
  if (view.kind === 'trash') return <Floating what="the trash"><TrashView onClose={onClose} onRestored={onRestored} /></Floating>;
  return null;
}

export function WholeDirViews({ view, rows, onOpenRun }: { view: View; rows: RunRecord[]; onOpenRun(id: string): void }) {
  if (view.kind === 'charts') {
    return (
      <section className="whole-dir" aria-label="Charts">
        <p className="muted">Charts of the {rows.length} runs the filter shows.</p>
        <InPage what="the charts"><OverviewCharts runs={rows} /></InPage>
      </section>
    );
  }
  if (view.kind === 'lineage') {
    return (
      <section className="whole-dir" aria-label="Lineage forest">
        <InPage what="the lineage"><LineageView onOpenRun={onOpenRun} /></InPage>
      </section>
    );
  }
  return null;
}
