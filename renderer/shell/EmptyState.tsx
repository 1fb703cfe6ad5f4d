// What the window shows before there is anything to show: no folder yet, an empty
// folder, a folder being read, or a folder that could not be read.
import { useRef, useState } from 'react';
import type { ScanProgress } from '../state/runStore';
import { PathForm, RecentDirs, REMOTE_PLACEHOLDER, useOpenRemoteCommand } from './OpenFolder';

function defaultDemoPath(recent: string[]): string {
  const first = recent[0];
  if (first) return first.replace(/[\\/][^\\/]*$/, (m) => `${m[0]}runyard-demo`);
  return /Windows/.test(navigator.userAgent) ? 'C:\\Temp\\runyard-demo' : '/tmp/runyard-demo';
}

export function NoFolder({
  canPick,
  recent,
  readOnly,
  busy,
  onPick,
  onOpen,
  onCreateDemo,
}: {
  canPick: boolean;
  recent: string[];
  readOnly: boolean;
  busy: boolean;
  onPick(): void;
  onOpen(dir: string): void;
  onCreateDemo(dir: string): void;
}) {
  return (
    <section className="empty-state" aria-labelledby="empty-title">
      <h2 id="empty-title">Open a runs folder</h2>
      <p>
        Runyard shows the runs directory that JUNE's RunManager writes: one folder per run with its metadata.json,
        checkpoints, logs and results.
      </p>
      {canPick ? (
        <>
          <button type="button" className="primary" onClick={onPick} disabled={busy}>
            Open folder…
          </button>
          <RemoteForm busy={busy} onOpen={onOpen} />
        </>
      ) : (
        <PathForm onOpen={onOpen} busy={busy} placeholder="/path/to/runs or ssh://host/path" />
      )}
      {recent.length > 0 && (
        <div className="empty-recent">
          <span className="muted">or a recent one:</span> <RecentDirs dirs={recent} current={null} onOpen={onOpen} />
        </div>
      )}
      {!readOnly && <DemoForm recent={recent} busy={busy} onCreateDemo={onCreateDemo} />}
    </section>
  );
}

export function DemoForm({
  recent,
  busy,
  onCreateDemo,
}: {
  recent: string[];
  busy: boolean;
  onCreateDemo(dir: string): void;
}) {
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <p>
        <button type="button" className="link" onClick={() => setOpen(true)}>
          Create the demo directory
        </button>{' '}
        <span className="muted">to try Runyard on made-up runs.</span>
      </p>
    );
  return (
    <div className="demo-form">
      <p className="muted">
        A new folder with a dozen made-up runs (completed, failed, resumed, running), to try things on:
      </p>
      <PathForm
        onOpen={onCreateDemo}
        busy={busy}
        label="Demo directory path"
        submit="Create demo directory"
        initial={defaultDemoPath(recent)}
      />
    </div>
  );
}

export function NoRuns({
  dir,
  readOnly,
  busy,
  recent,
  onCreateDemo,
}: {
  dir: string;
  readOnly: boolean;
  busy: boolean;
  recent: string[];
  onCreateDemo(dir: string): void;
}) {
  return (
    <section className="empty-state" aria-labelledby="norun-title">
      <h2 id="norun-title">No runs here yet</h2>
      <p>
        <code>{dir}</code> has no run folders. Runs appear here as soon as a simulation creates them.
      </p>
      {!readOnly && <DemoForm recent={recent} busy={busy} onCreateDemo={onCreateDemo} />}
    </section>
  );
}

export function ScanProgressBar({ progress }: { progress: ScanProgress | null }) {
  const pct = progress && progress.total > 0 ? Math.round((100 * progress.scanned) / progress.total) : undefined;
  return (
    <div className="scan-progress">
      <div
        role="progressbar"
        aria-label="Reading runs"
        aria-valuemin={0}
        aria-valuemax={progress?.total || undefined}
        aria-valuenow={progress?.total ? progress.scanned : undefined}
        aria-valuetext={progress ? `${progress.scanned} of ${progress.total} runs read` : 'Reading runs'}
        className="progress"
      >
        <div
          className="progress-fill"
          style={{ width: pct === undefined ? '30%' : `${pct}%` }}
          data-indeterminate={pct === undefined || undefined}
        />
      </div>
      <span className="muted">
        {progress ? `Reading runs… ${progress.scanned} of ${progress.total}` : 'Reading runs…'}
      </span>
    </div>
  );
}

export function LoadError({ message, onRetry }: { message: string; onRetry(): void }) {
  return (
    <section className="empty-state" aria-labelledby="err-title">
      <h2 id="err-title">Could not read this folder</h2>
      <p className="error-text" role="alert">
        {message}
      </p>
      <button type="button" onClick={onRetry}>
        Try again
      </button>
    </section>
  );
}

/** The desktop's way to a folder on another machine when none is open; the menu's "Open Remote Folder…" comes here. */
function RemoteForm({ busy, onOpen }: { busy: boolean; onOpen(dir: string): void }) {
  const box = useRef<HTMLDivElement>(null);
  useOpenRemoteCommand(() => box.current?.querySelector('input')?.focus());
  return (
    <div className="empty-remote" ref={box}>
      <span className="muted">or one on another machine, over ssh:</span>
      <PathForm
        onOpen={onOpen}
        busy={busy}
        label="Remote runs folder"
        submit="Connect"
        placeholder={REMOTE_PLACEHOLDER}
        autoFocus={false}
      />
    </div>
  );
}
