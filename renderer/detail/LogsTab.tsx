// The run's logs: pick a file, watch its tail grow, search in what is loaded, and
// page back through earlier parts without ever holding the whole file.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { formatBytes } from '../../shared/format';
import { errorLineRanges } from '../../shared/log-errors';
import { findAll } from '../../shared/log-window';
import { useLogFollow } from './useLogFollow';
import { useRunFolder } from './useRunFolder';

function useLogFiles(runId: string) {
  const listing = useRunFolder(runId, 'logs', 500);
  const files = useMemo(
    () =>
      listing === null || 'code' in listing
        ? null
        : listing.entries.filter((e) => e.kind === 'file').sort((a, b) => b.mtime_ms - a.mtime_ms),
    [listing],
  );
  return { files, error: listing !== null && 'code' in listing ? listing.message : null };
}

export function LogsTab({ runId }: { runId: string }) {
  const { files, error: listError } = useLogFiles(runId);
  const [chosen, setChosen] = useState<string | null>(null);
  const path = chosen ?? files?.[0]?.path ?? null;
  // Keep showing the file first shown: a relisting re-sorts by mtime, and another log
  // growing must not swap the view under the reader.
  useEffect(() => {
    if (chosen === null && path !== null) setChosen(path);
  }, [chosen, path]);
  if (listError)
    return (
      <p className="error-text" role="alert">
        {listError}
      </p>
    );
  if (files === null)
    return (
      <p className="muted" role="status">
        Loading log files…
      </p>
    );
  if (files.length === 0) return <p className="muted">This run has no files in logs/.</p>;
  return (
    <div className="logs">
      <label className="inline-field">
        Log file{' '}
        <select value={path ?? ''} onChange={(e) => setChosen(e.target.value)}>
          {files.map((f) => (
            <option key={f.path} value={f.path}>
              {f.path} ({formatBytes(f.bytes)})
            </option>
          ))}
        </select>
      </label>
      {path && <LogView key={path} runId={runId} path={path} />}
    </div>
  );
}

function LogView({ runId, path }: { runId: string; path: string }) {
  const log = useLogFollow(runId, path);
  const [follow, setFollow] = useState(true);
  const [query, setQuery] = useState('');
  const [at, setAt] = useState(0);
  const box = useRef<HTMLPreElement>(null);
  const current = useRef<HTMLElement>(null);
  const text = log.window?.text ?? '';
  const matches = useMemo(() => findAll(text, query), [text, query]);
  const shownAt = matches.length ? Math.min(at, matches.length - 1) : 0;

  useLayoutEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [text, follow]);
  useEffect(() => {
    if (query) current.current?.scrollIntoView?.({ block: 'center' });
  }, [query, shownAt]);

  const step = (d: number) => {
    if (!matches.length) return;
    setFollow(false);
    setAt((shownAt + d + matches.length) % matches.length);
  };

  const errors = useMemo(() => errorLineRanges(text), [text]);
  const body = useMemo(() => {
    // Search marks inside a line; error lines wrapped whole. A query has no newline, so a
    // mark never crosses a line and nests inside its line's span.
    let m = 0;
    const marked = (from: number, to: number): React.ReactNode[] => {
      const parts: React.ReactNode[] = [];
      let last = from;
      if (query) {
        while (m < matches.length && matches[m]! < to) {
          const at = matches[m]!;
          if (at >= from) {
            parts.push(text.slice(last, at));
            parts.push(
              <mark
                key={`m${at}`}
                ref={m === shownAt ? current : undefined}
                className={m === shownAt ? 'current' : undefined}
              >
                {text.slice(at, at + query.length)}
              </mark>,
            );
            last = at + query.length;
          }
          m++;
        }
      }
      parts.push(text.slice(last, to));
      return parts;
    };
    if (errors.length === 0 && (!query || matches.length === 0)) return text;
    const out: React.ReactNode[] = [];
    let pos = 0;
    for (const [a, b] of errors) {
      out.push(...marked(pos, a));
      out.push(
        <span key={`e${a}`} className="log-error">
          {marked(a, b)}
        </span>,
      );
      pos = b;
    }
    out.push(...marked(pos, text.length));
    return out;
  }, [text, query, matches, shownAt, errors]);

  if (log.error)
    return (
      <p className="error-text" role="alert">
        {log.error}
      </p>
    );
  if (log.binary) return <p className="muted">{path} is a binary file; it cannot be shown as text.</p>;
  const w = log.window;
  return (
    <div className="log-view">
      <div className="log-tools">
        <input
          type="search"
          aria-label="Search log"
          placeholder="Search in the loaded log"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setAt(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              step(e.shiftKey ? -1 : 1);
            }
          }}
        />
        <span className="muted" role="status">
          {query ? (matches.length ? `${shownAt + 1} of ${matches.length}` : 'No matches') : ''}
        </span>
        <button type="button" onClick={() => step(-1)} disabled={!matches.length} aria-label="Previous match">
          ↑
        </button>
        <button type="button" onClick={() => step(1)} disabled={!matches.length} aria-label="Next match">
          ↓
        </button>
        <button type="button" aria-pressed={follow} onClick={() => setFollow(!follow)}>
          Follow
        </button>
      </div>
      {w && w.start > 0 && (
        <div className="log-earlier">
          <span className="muted">{formatBytes(w.start)} earlier in the file not loaded.</span>
          <button
            type="button"
            onClick={() => {
              setFollow(false);
              log.loadEarlier();
            }}
            disabled={log.loadingEarlier}
          >
            Load earlier
          </button>
        </div>
      )}
      <pre
        ref={box}
        className="log-text"
        tabIndex={0}
        aria-label={`Log ${path}`}
        onScroll={(e) => {
          const el = e.currentTarget;
          const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          if (atBottom !== follow && (atBottom || el.scrollHeight > el.clientHeight)) setFollow(atBottom);
        }}
      >
        {w ? body : 'Loading…'}
      </pre>
      {(w?.cutEnd || log.behind) && (
        <div className="log-earlier">
          <span className="muted">Later lines are not shown (memory is kept under 2 MB).</span>
          <button
            type="button"
            onClick={() => {
              setFollow(true);
              log.jumpToEnd();
            }}
          >
            Jump to the end
          </button>
        </div>
      )}
    </div>
  );
}
