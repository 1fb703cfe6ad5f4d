// Opening a runs directory: the native picker on the desktop, a typed path in a browser
// (the server's filesystem is not the browser's), and the recent list in both.
import { useState } from 'react';

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
}: {
  onOpen(dir: string): void;
  busy?: boolean;
  label?: string;
  submit?: string;
  initial?: string;
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
        placeholder="/path/to/runs"
        value={path}
        onChange={(e) => setPath(e.target.value)}
        spellCheck={false}
        autoFocus
      />
      <button type="submit" disabled={busy || !path.trim()}>
        {submit}
      </button>
    </form>
  );
}

export function OpenFolderButton({ canPick, onPick, onOpen, busy }: OpenFolderProps) {
  const [typing, setTyping] = useState(false);
  if (canPick)
    return (
      <button type="button" onClick={onPick} disabled={busy}>
        Open folder…
      </button>
    );
  return (
    <div className="popover-anchor">
      <button type="button" aria-expanded={typing} onClick={() => setTyping(!typing)} disabled={busy}>
        Open folder…
      </button>
      {typing && (
        <div
          className="popover open-popover"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setTyping(false);
            }
          }}
        >
          <p className="muted">
            A folder on the machine running <code>runyard serve</code>:
          </p>
          <PathForm
            busy={busy}
            onOpen={(d) => {
              setTyping(false);
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
