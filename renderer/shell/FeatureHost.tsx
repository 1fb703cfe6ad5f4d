// Mounts the feature components (dialogs, compare, charts, lineage forest, trash),
// which are built in renderer/features/ and load on first use (./lazyViews.tsx), and
// connects them to the shell's state.
import { useMemo } from 'react';
import type { TagResult } from '../../shared/api/models';
import type { RunRecord } from '../../shared/types';
import {
  BulkTagsDialog,
  CompareView,
  EditRunDialog,
  Floating,
  InPage,
  LineageView,
  OverviewCharts,
  PruneDialog,
  ResumeDialog,
  TrashView,
} from './lazyViews';
import type { RunStore } from '../state/runStore';
import { useRunStore, useUi, useUiStore } from '../state/useUi';
import { useRunStoreState } from '../state/useRunStore';
import type { Trash } from '../features/trash/useTrash';
import type { View } from './appState';
import { ALL_FOLDERS } from '../state/allFolders';
import { ChooseFolder } from './ChooseFolder';

/** Every run the page holds, for what the prune dialog previews at once. */
function runsIn(store: RunStore): RunRecord[] {
  return Array.from(store.values(), (e) => e.run);
}

function statusesIn(store: RunStore): string[] {
  const seen = new Set<string>();
  for (const e of store.values()) seen.add(e.run.status);
  return [...seen];
}

/** The open dialog, from the UI store; it closes through the store too. */
export function Dialogs({
  onRemoved,
  onUndone,
  onCreated,
  onTagged,
}: {
  onRemoved(ids: string[]): void;
  /** The prune dialog's own Undo brought these back. */
  onUndone(ids: string[]): void;
  onCreated(run: RunRecord): void;
  onTagged(results: TagResult[], includeRunning: boolean): void;
}) {
  const ui = useUiStore();
  const store = useRunStore();
  const dialog = useUi((s) => s.dialog);
  if (!dialog) return null;
  const onClose = () => ui.closeDialog();
  if (dialog.kind === 'resume')
    return (
      <Floating what="the resume dialog">
        <ResumeDialog runId={dialog.runId} checkpoint={dialog.checkpoint} onClose={onClose} onCreated={onCreated} />
      </Floating>
    );
  if (dialog.kind === 'prune')
    return (
      <Floating what="the prune dialog">
        <PruneDialog
          selection={dialog.selection}
          onClose={onClose}
          onDone={onRemoved}
          onUndone={onUndone}
          lookup={(id) => store.get(id)}
          statuses={statusesIn(store)}
          runs={() => runsIn(store)}
        />
      </Floating>
    );
  if (dialog.kind === 'tags')
    return (
      <Floating what="the tags dialog">
        <BulkTagsDialog
          runIds={dialog.runIds}
          add={dialog.add}
          remove={dialog.remove}
          lookup={(id) => store.get(id)}
          onClose={onClose}
          onDone={onTagged}
        />
      </Floating>
    );
  const run = store.get(dialog.runId);
  return run ? (
    <Floating what="the edit dialog">
      <EditRunDialog run={run} onClose={onClose} />
    </Floating>
  ) : null;
}

/** Compare opens over the table; charts, the lineage forest and the trash replace it. */
export function Overlays() {
  const ui = useUiStore();
  const view = useUi((s) => s.view);
  const onClose = () => ui.closeView();
  if (view.kind === 'compare')
    return (
      <Floating what="the comparison">
        <CompareView
          runIds={view.runIds}
          chart={view.chart}
          file={view.file}
          column={view.column}
          onShow={(pick) => ui.showCompare(pick)}
          onClose={onClose}
        />
      </Floating>
    );
  return null;
}

/** The Trash view, on the shell's one trash list (whose count is on the Trash button). */
export function TrashPage(p: {
  trash: Trash;
  readOnly: boolean;
  onRestored(ids: string[]): void;
  onEmptied(deleted: string[]): void;
}) {
  const store = useRunStore();
  // Each folder has its own trash; restoring and emptying act on one.
  if (useUi((u) => u.folder) === ALL_FOLDERS) return <ChooseFolder what="trash" view={{ kind: 'trash' }} />;
  return (
    <InPage what="the trash">
      <TrashView {...p} lookup={(id) => store.get(id)} />
    </InPage>
  );
}

/** Both follow the filter bar: they get the rows the table would show. */
export function WholeDirViews({
  view,
  rows,
  onOpenRun,
}: {
  view: View;
  rows: RunRecord[];
  onOpenRun(id: string): void;
}) {
  const shownIds = useMemo(() => new Set(rows.map((r) => r.run_id)), [rows]);
  // The lineage forest is drawn from every run the page holds (hidden ones link the shown).
  const store = useRunStore();
  const { version } = useRunStoreState(store);
  const allFolders = useUi((u) => u.folder) === ALL_FOLDERS;
  const lineage = view.kind === 'lineage' && !allFolders;
  const allRuns = useMemo(
    () => (lineage && version >= 0 ? Array.from(store.values(), (e) => e.run) : []),
    [lineage, store, version],
  );
  if (view.kind === 'charts') {
    return (
      <section className="whole-dir" aria-label="Charts">
        <p className="muted">Charts of the {rows.length} runs the filter shows.</p>
        <InPage what="the charts">
          <OverviewCharts runs={rows} onOpenRun={onOpenRun} />
        </InPage>
      </section>
    );
  }
  // Families never cross folders, and one folder's ids can be another's: a forest per folder.
  if (view.kind === 'lineage' && allFolders) return <ChooseFolder what="lineage" view={view} />;
  if (view.kind === 'lineage') {
    return (
      <section className="whole-dir" aria-label="Lineage forest">
        <p className="muted">
          Lineage of the {rows.length} runs the filter shows; a hidden run's children hang from its nearest shown
          ancestor.
        </p>
        <InPage what="the lineage">
          <LineageView only={shownIds} runs={allRuns} onOpenRun={onOpenRun} />
        </InPage>
      </section>
    );
  }
  return null;
}
