// Follows one log file: the tail at first, new bytes as `log.data` events, earlier
// pages on request. Memory is bounded by shared/log-window.ts.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiEvents } from '../../shared/api/contract';
import { appendChunk, prependChunk, windowFromChunk, type LogWindow } from '../../shared/log-window';
import { useApi } from '../api/ApiContext';

const PAGE = 64 * 1024;

export interface LogFollowState {
  window: LogWindow | null;
  binary: boolean;
  error: string | null;
  /** New text arrived that the window does not show (its end was cut for an earlier page). */
  behind: boolean;
  loadingEarlier: boolean;
  loadEarlier(): void;
  jumpToEnd(): void;
}

export function useLogFollow(runId: string, path: string | null): LogFollowState {
  const client = useApi();
  const [win, setWin] = useState<LogWindow | null>(null);
  const [binary, setBinary] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [behind, setBehind] = useState(false);
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  const [epoch, setEpoch] = useState(0);
  const winRef = useRef<LogWindow | null>(null);
  winRef.current = win;

  useEffect(() => {
    if (path === null) return;
    let live = true;
    let subscription: string | null = null;
    // Events can overtake the answer to log.follow; keep them until its id is known.
    const early: ApiEvents['log.data'][] = [];
    const take = (d: ApiEvents['log.data']) =>
      setWin((w) => {
        if (!w) return w;
        if (w.cutEnd) {
          setBehind(true);
          return w;
        }
        return appendChunk(w, d.offset, d.text, d.truncated);
      });
    const off = client.on('log.data', (d) => {
      if (subscription === null) early.push(d);
      else if (d.subscription === subscription) take(d);
    });
    setWin(null);
    setError(null);
    setBinary(false);
    setBehind(false);
    void client.call('log.follow', { run_id: runId, path }).then((r) => {
      if (!live) {
        if (r.ok) void client.call('log.unfollow', { subscription: r.value.subscription });
        return;
      }
      if (!r.ok) {
        setError(r.error.message);
        return;
      }
      subscription = r.value.subscription;
      const c = r.value.chunk;
      setBinary(c.binary);
      setWin(windowFromChunk(c.offset, c.text));
      for (const d of early) if (d.subscription === subscription) take(d);
    });
    return () => {
      live = false;
      off();
      if (subscription !== null) void client.call('log.unfollow', { subscription });
    };
  }, [client, runId, path, epoch]);

  const loadEarlier = useCallback(() => {
    const w = winRef.current;
    if (!w || w.start === 0 || path === null) return;
    const offset = Math.max(0, w.start - PAGE);
    setLoadingEarlier(true);
    void client.call('run.readFile', { run_id: runId, path, offset, length: w.start - offset }).then((r) => {
      setLoadingEarlier(false);
      if (!r.ok) {
        setError(r.error.message);
        return;
      }
      setWin((cur) => (cur && cur.start === w.start ? prependChunk(cur, r.value.offset, r.value.text) : cur));
    });
  }, [client, runId, path]);

  const jumpToEnd = useCallback(() => setEpoch((e) => e + 1), []);

  return { window: win, binary, error, behind, loadingEarlier, loadEarlier, jumpToEnd };
}
