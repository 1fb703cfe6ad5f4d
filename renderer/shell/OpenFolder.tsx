// Opening a runs directory: the native picker on the desktop, a typed path in a browser
// (the server's filesystem is not the browser's), a typed ssh:// address in both, and
// the recent list.
import { useEffect, useRef, useState } from 'react';
import { useApi } from '../api/ApiContext';

export interface OpenFolderProps {
  canPick: boolean;
  onPick(): void;
  onOpen(dir: string): void;
  busy?: boolean;
}

export function PathForm({
  onOpen,
  busy,
  label = 'Runs directory path',
  submit = 'Open',
  initial = '',
  placeholder = '/path/to/runs',
  autoFocus = true,
}: {
  onOpen(dir: string): void;
  busy?: boolean;
  label?: string;
  submit?: string;
  initial?: string;
  placeholder?: string;
  autoFocus?: boolean;
}) {
  const [path, setPath] = useState(initial);
  return (
    <form
      className="path-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (path.trim()) onOpen(path.trim());
      }}
    >
      <input
        type="text"
        aria-label={label}
        placeholder={placeholder}
        value={path}
        onChange={(e) => setPath(e.target.value)}
        spellCheck={false}
        autoFocus={autoFocus}
      />
      <button type="submit" disabled={busy || !path.trim()}>
        {submit}
      </button>
    </form>
  );
}

/** A runs folder on another machine, read over the user's ssh (README: Runs on a cluster). */
export const REMOTE_PLACEHOLDER = 'ssh://user@host/path/to/runs or host:path';

/** The desktop menu's "Open Remote Folder…" (ui.command open-remote) calls `fn`. */
export function useOpenRemoteCommand(fn: () => void): void {
  const client = useApi();
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => client.on('ui.command', ({ command }) => command === 'open-remote' && ref.current()), [client]);
}

/**
 * The desktop: "Open folder…" is the system's folder picker, and "Remote…" takes an
 * `ssh://` address, which no picker can. A browser: one typed path, on the machine
 * running serve or (ssh://) on another one.
 */
export function OpenFolderButton({ canPick, onPick, onOpen, busy }: OpenFolderProps) {
  const [typing, setTyping] = useState(false);
  useOpenRemoteCommand(() => setTyping(true));
  // The form goes when it is done with: focus stays on its button, not lost to the page (a dialog
  // ssh opens meanwhile gives it back there).
  const toggle = useRef<HTMLButtonElement>(null);
  const done = () => {
    setTyping(false);
    toggle.current?.focus();
  };
  return (
    <div className="popover-anchor open-folder">
      {canPick && (
        <button type="button" onClick={onPick} disabled={busy}>
          Open folder…
        </button>
      )}
      <button
        ref={toggle}
        type="button"
        aria-expanded={typing}
        onClick={() => setTyping(!typing)}
        disabled={busy}
        title="A runs folder on another machine, over ssh"
      >
        {canPick ? 'Remote…' : 'Open folder…'}
      </button>
      {typing && (
        <div
          className="popover open-popover"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              done();
            }
          }}
        >
          <p className="muted">
            {canPick ? (
              <>
                A folder on another machine, read over your <code>ssh</code>:
              </>
            ) : (
              <>
                A folder on the machine running <code>runyard serve</code>, or <code>ssh://host/path</code> on another
                one:
              </>
            )}
          </p>
          <PathForm
            busy={busy}
            label={canPick ? 'Remote runs folder' : 'Runs directory path'}
            placeholder={canPick ? REMOTE_PLACEHOLDER : '/path/to/runs or ssh://host/path'}
            submit={canPick ? 'Connect' : 'Open'}
            onOpen={(d) => {
              done();
              onOpen(d);
            }}
          />
        </div>
      )}
    </div>
  );
}

export function RecentDirs({
  dirs,
  current,
  onOpen,
}: {
  dirs: string[];
  current: string | null;
  onOpen(dir: string): void;
}) {
  const others = dirs.filter((d) => d !== current);
  if (others.length === 0) return null;
  return (
    <select
      aria-label="Recent folders"
      value=""
      onChange={(e) => {
        if (e.target.value) onOpen(e.target.value);
      }}
    >
      <option value="">Recent…</option>
      {others.map((d) => (
        <option key={d} value={d}>
          {d}
        </option>
      ))}
    </select>
  );
}
