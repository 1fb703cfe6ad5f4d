// The top bar: which directory is open, how to open another, and the theme.
import type { AppInfo, Theme } from '../../shared/api/models';
import { OpenFolderButton, RecentDirs } from './OpenFolder';

export interface HeaderProps {
  info: AppInfo | null;
  dir: string | null;
  recent: string[];
  theme: Theme;
  watchMode: 'native' | 'poll' | null;
  busy: boolean;
  onTheme(t: Theme): void;
  onPick(): void;
  onOpen(dir: string): void;
}

export function Header({ info, dir, recent, theme, watchMode, busy, onTheme, onPick, onOpen }: HeaderProps) {
  return (
    <header className="app-header">
      <h1 className="brand">Runyard</h1>
      <div className="dir" title={dir ?? undefined}>
        {dir ? (
          <>
            <span className="muted">Runs folder</span> <code className="dir-path">{dir}</code>
          </>
        ) : (
          <span className="muted">No folder open</span>
        )}
        {watchMode === 'poll' && (
          <span
            className="pill"
            title="This filesystem does not report changes, so Runyard checks it every few seconds."
          >
            polling
          </span>
        )}
        {info?.readOnly && (
          <span className="pill warn" title="runyard serve --read-only: nothing can be changed from here.">
            read-only
          </span>
        )}
      </div>
      <div className="header-actions">
        {/* Without a folder the empty state offers these, in the middle of the window. */}
        {dir && <OpenFolderButton canPick={info?.transport === 'ipc'} onPick={onPick} onOpen={onOpen} busy={busy} />}
        {dir && <RecentDirs dirs={recent} current={dir} onOpen={onOpen} />}
        <select
          className="theme-select"
          aria-label="Theme"
          value={theme}
          onChange={(e) => onTheme(e.target.value as Theme)}
        >
          <option value="system">System theme</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </div>
    </header>
  );
}
