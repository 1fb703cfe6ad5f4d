// A listing of one of a run's folders (logs/ or results/) that stays current while the
// tab is open: the run is watched (run.watch, one bounded watcher per run on the
// backend) and the listing is read again shortly after a file in that folder appears,
// changes or goes. Where the backend cannot watch (too many subscriptions), the
// listing is read again every few seconds instead, only while the tab is open.
import { useEffect, useState } from 'react';
import type { FileListing } from '../../shared/api/models';
import type { ApiError } from '../../shared/api/result';
import { useApi } from '../api/ApiContext';

/** Several events in a burst (a simulation writing) cost one listing. */
export const RELIST_DELAY_MS = 250;
export const RELIST_POLL_MS = 2000;

/** Whether a run.fileEvent path (relative to the runs directory) is in this run's folder, or is the folder. */
export function inRunFolder(eventPath: string, runId: string, folder: string): boolean {
  const p = eventPath.replace(/\\/g, '/');
  const root = `${runId}/${folder}`;
  return p === root || p.startsWith(`${root}/`);
}

export function useRunFolder(runId: string, folder: 'logs' | 'results', limit: number): FileListing | ApiError | null {
  const client = useApi();
  const [state, setState] = useState<FileListing | ApiError | null>(null);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let poll: ReturnType<typeof setInterval> | null = null;
    let subscription: string | null = null;
    let reading = false;
    let again = false;
    setState(null);
    const list = () => {
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      void client.call('run.files', { run_id: runId, folder, offset: 0, limit }).then((r) => {
        reading = false;
        if (!live) return;
        // A failed re-read keeps the listing already shown.
        setState((s) => (r.ok ? r.value : s !== null && !('code' in s) ? s : r.error));
        if (again) {
          again = false;
          list();
        }
      });
    };
    const soon = () => {
      if (timer === null)
        timer = setTimeout(() => {
          timer = null;
          if (live) list();
        }, RELIST_DELAY_MS);
    };
    const off = client.on('run.fileEvent', (e) => {
      // Events may arrive before run.watch answers; a relisting is harmless, so take them.
      if ((subscription === null || e.subscription === subscription) && inRunFolder(e.path, runId, folder)) soon();
    });
    list();
    void client.call('run.watch', { run_id: runId }).then((r) => {
      if (!live) {
        if (r.ok) void client.call('run.unwatch', { subscription: r.value.subscription });
        return;
      }
      // What changed between the first listing and the watch being in place is read now.
      if (r.ok) {
        subscription = r.value.subscription;
        soon();
      } else poll = setInterval(list, RELIST_POLL_MS);
    });
    return () => {
      live = false;
      off();
      if (timer !== null) clearTimeout(timer);
      if (poll !== null) clearInterval(poll);
      if (subscription !== null) void client.call('run.unwatch', { subscription });
    };
  }, [client, runId, folder, limit]);
  return state;
}
