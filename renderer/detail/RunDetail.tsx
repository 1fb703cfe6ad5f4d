// One run in full: a header with its actions, and tabs for everything in its folder.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { shortId } from '../../shared/format';
import type { RunRecord } from '../../shared/types';
import { reconnectingText, useShownFolder } from '../state/folderState';
import { useAppInfo } from '../api/ApiContext';
import { LineageView } from '../features/lineage/LineageView';
import { runFlags } from '../table/columns';
import { Icon } from '../ui/Icon';
import { StatusBadge } from '../ui/StatusBadge';
import { CheckpointsTab } from './CheckpointsTab';
import { LogsTab } from './LogsTab';
import { NotesSection } from './NotesSection';
import { OverviewTab } from './OverviewTab';
import { ResultsTab } from './ResultsTab';
import { TabPanel, Tabs } from './Tabs';
import { useRunDetail } from './useRunDetail';
import { TextFileView } from './ValueTree';

export const DETAIL_TABS = ['Overview', 'Config', 'Params', 'Checkpoints', 'Logs', 'Results', 'Lineage'] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];

export interface RunDetailActions {
  onBack(): void;
  onOpenRun(id: string): void;
  onResume(runId: string, checkpoint?: string): void;
  onEdit(runId: string): void;
  onTogglePin(run: RunRecord): void;
  onTrash(ids: string[]): void;
  onCopy(text: string, what: string): void;
  onReveal(runId: string): void;
}

/** With `onTab` the tab is the caller's (the shell keeps it in the address); without, the view keeps its own. */
export function RunDetailView({
  runId,
  run,
  now,
  tab: givenTab,
  onTab,
  actions,
}: {
  runId: string;
  run: RunRecord | undefined;
  now: number;
  tab?: DetailTab;
  onTab?(tab: DetailTab): void;
  actions: RunDetailActions;
}) {
  const [ownTab, setOwnTab] = useState<DetailTab>(givenTab ?? 'Overview');
  const tab = onTab ? (givenTab ?? 'Overview') : ownTab;
  const setTab = onTab ?? setOwnTab;
  const info = useAppInfo();
  const readOnly = info?.readOnly ?? false;
  // Refetch the detail when the live index says the run changed.
  const state = useRunDetail(runId, run ? `${run.mtime_ms}:${run.status}:${run.checkpoints.length}` : 'gone');
  const detail = state.detail;
  const shown = run ?? detail?.run;
  const pinned = shown?.tags.includes('keep') ?? false;
  // A run that opens takes the focus, so a keyboard or screen-reader user lands on it, not behind it.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [runId]);

  // A remote folder's connection dropped: nothing of the run can be read now, which is no error of the run.
  const lost = reconnectingText(useShownFolder());
  let panel: ReactNode;
  if (lost)
    panel = (
      <p className="ry-note" role="status">
        {lost} The run's details show again once the connection is back.
      </p>
    );
  else if (!run && state.status !== 'loading')
    panel = (
      <p className="error-text" role="alert">
        Run {runId} is no longer in this directory (removed, or moved to the trash).
      </p>
    );
  else if (state.status === 'error' && !detail)
    panel = (
      <p className="error-text" role="alert">
        {state.error.message}
      </p>
    );
  else if (!detail || !shown)
    panel = (
      <p className="muted" role="status">
        Loading run…
      </p>
    );
  else if (tab === 'Overview')
    panel = (
      <>
        <NotesSection key={runId} runId={runId} readOnly={readOnly} />
        <OverviewTab detail={detail} run={shown} now={now} onOpenRun={actions.onOpenRun} />
      </>
    );
  else if (tab === 'Config')
    panel = (
      <TextFileView
        file={detail.config}
        name="config.yaml"
        missing="This run has no config.yaml (the simulation did not call save_config)."
      />
    );
  else if (tab === 'Params')
    panel = (
      <TextFileView
        file={detail.params}
        name="run_params.json"
        missing="This run has no run_params.json (the simulation did not call save_run_params)."
      />
    );
  else if (tab === 'Checkpoints')
    panel = (
      <CheckpointsTab detail={detail} readOnly={readOnly} now={now} onResume={(cp) => actions.onResume(runId, cp)} />
    );
  else if (tab === 'Logs') panel = <LogsTab runId={runId} />;
  else if (tab === 'Results') panel = <ResultsTab runId={runId} />;
  else panel = <LineageView runId={runId} onOpenRun={actions.onOpenRun} />;

  return (
    <section className="run-detail" aria-label={`Run ${shortId(runId)}`}>
      <header className="detail-head">
        <button type="button" className="back" onClick={actions.onBack} aria-label="Back to runs">
          ← Runs
        </button>
        <div className="detail-title">
          <h2 ref={heading} tabIndex={-1}>
            {shown?.description || shortId(runId)}
          </h2>
          <div className="detail-sub">
            {shown && <StatusBadge status={shown.status} />}
            <code title={runId}>{runId}</code>
            <button
              type="button"
              className="icon-button"
              aria-label="Copy run id"
              title="Copy run id"
              onClick={() => actions.onCopy(runId, 'the run id')}
            >
              <Icon name="copy" />
            </button>
            {shown &&
              runFlags(shown).map((f, i) => (
                <Icon
                  key={i}
                  name={f.kind === 'stale' ? 'stale' : 'warning'}
                  className={`flag flag-${f.kind}`}
                  label={f.text}
                />
              ))}
            {shown?.tags.map((t) => (
              <span key={t} className={`tag${t === 'keep' ? ' tag-keep' : ''}`}>
                {t}
              </span>
            ))}
          </div>
        </div>
        <div className="detail-actions">
          <button type="button" onClick={() => actions.onResume(runId)} disabled={readOnly || !shown}>
            Resume…
          </button>
          <button type="button" onClick={() => actions.onEdit(runId)} disabled={readOnly || !shown}>
            Edit…
          </button>
          <button type="button" onClick={() => shown && actions.onTogglePin(shown)} disabled={readOnly || !shown}>
            {pinned ? 'Unpin' : 'Pin'}
          </button>
          {info?.canUseShell && (
            <button type="button" onClick={() => actions.onReveal(runId)}>
              Reveal in File Manager
            </button>
          )}
          <button
            type="button"
            className="danger"
            onClick={() => actions.onTrash([runId])}
            disabled={readOnly || !shown}
          >
            Move to trash
          </button>
        </div>
      </header>
      <Tabs<DetailTab> label="Run detail" idPrefix="detail" tabs={DETAIL_TABS} current={tab} onChange={setTab} />
      <TabPanel idPrefix="detail" tab={tab}>
        {panel}
      </TabPanel>
    </section>
  );
}
