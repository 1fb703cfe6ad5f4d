// The views and dialogs the first rows do not need — run detail with its tabs, lineage,
// charts, compare, trash, prune, resume, edit — in chunks of their own, fetched when
// first opened (and, once the run list is in, while the browser is idle). At 10k runs the
// page-open time is mostly fetching, compiling and running the script before the first
// frame; these are about a fifth of it.
import { Component, lazy, Suspense, type ComponentType, type CSSProperties, type ReactNode } from 'react';

/** A lazy component whose chunk can also be fetched ahead; both share one import. */
function chunk<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loading: Promise<ComponentType<P>> | null = null;
  const fetch = () =>
    (loading ??= load().catch((e: unknown) => {
      // A failed prefetch is not remembered: the first real use fetches again.
      loading = null;
      throw e;
    }));
  return { Component: lazy(() => fetch().then((c) => ({ default: c }))), fetch };
}

const detail = chunk(() => import('../detail/RunDetail').then((m) => m.RunDetailView));
const charts = chunk(() => import('../features/charts/OverviewCharts').then((m) => m.OverviewCharts));
const compare = chunk(() => import('../features/compare/CompareView').then((m) => m.CompareView));
const edit = chunk(() => import('../features/edit/EditRunDialog').then((m) => m.EditRunDialog));
const bulkTags = chunk(() => import('../features/bulk/BulkTagsDialog').then((m) => m.BulkTagsDialog));
const lineage = chunk(() => import('../features/lineage/LineageView').then((m) => m.LineageView));
const prune = chunk(() => import('../features/prune/PruneDialog').then((m) => m.PruneDialog));
const resume = chunk(() => import('../features/resume/ResumeDialog').then((m) => m.ResumeDialog));
const trash = chunk(() => import('../features/trash/TrashView').then((m) => m.TrashView));

export const RunDetailView = detail.Component;
export const OverviewCharts = charts.Component;
export const CompareView = compare.Component;
export const EditRunDialog = edit.Component;
export const BulkTagsDialog = bulkTags.Component;
export const LineageView = lineage.Component;
export const PruneDialog = prune.Component;
export const ResumeDialog = resume.Component;
export const TrashView = trash.Component;

/** Fetches every chunk ahead of use; failures are left for the real use to report. */
export function prefetchViews(): void {
  for (const c of [detail, prune, resume, edit, bulkTags, compare, lineage, charts, trash]) c.fetch().catch(() => {});
}

/**
 * A chunk that cannot be fetched — the link dropped, or `runyard serve` was restarted
 * with a new build, whose files have other names — would otherwise take the whole page
 * down with it. Its view says so instead; a reload gets the new build's page.
 */
class ChunkError extends Component<
  { what: string; style?: CSSProperties; children: ReactNode },
  { error: Error | null }
> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <p className="error-text" role="alert" style={this.props.style}>
        Could not show {this.props.what} ({error.message}). If Runyard was restarted or updated, reloading the page
        helps.{' '}
        <button type="button" onClick={() => window.location.reload()}>
          Reload the page
        </button>
      </p>
    );
  }
}

/** Where a view goes in the page: a status line until its chunk is in. */
export function InPage({ what, children }: { what: string; children: ReactNode }) {
  return (
    <ChunkError what={what}>
      <Suspense
        fallback={
          <p className="muted loading" role="status">
            Loading {what}…
          </p>
        }
      >
        {children}
      </Suspense>
    </ChunkError>
  );
}

const FLOATING: CSSProperties = {
  position: 'fixed',
  top: 16,
  left: '50%',
  transform: 'translateX(-50%)',
  zIndex: 100,
  padding: '8px 14px',
  borderRadius: 6,
  background: 'var(--bg-raised)',
  border: '1px solid var(--border)',
  boxShadow: 'var(--shadow)',
};

/** Where a dialog or overlay goes: a small floating status until its chunk is in. */
export function Floating({ what, children }: { what: string; children: ReactNode }) {
  return (
    <ChunkError what={what} style={FLOATING}>
      <Suspense
        fallback={
          <p className="muted" role="status" style={FLOATING}>
            Loading {what}…
          </p>
        }
      >
        {children}
      </Suspense>
    </ChunkError>
  );
}
