// Start-up before anything renders: the transport, the client, the run store and its
// live wiring, and the first two requests — app.info and the run snapshot — sent the
// moment the link is open. The shell would otherwise ask for the snapshot only after
// app.info had answered and it had rendered once.
import { createClient, type ApiClient } from '../shared/api/client';
import type { AppInfo } from '../shared/api/models';
import type { ApiResult } from '../shared/api/result';
import type { ConnectionMonitor } from './api/connection';
import { selectTransport } from './api/selectTransport';
import { LiveRuns } from './state/liveRuns';
import { RunStore } from './state/runStore';

export interface Boot {
  client: ApiClient;
  monitor: ConnectionMonitor;
  live: LiveRuns;
  /** The app.info answer start-up asked for, once; null afterwards (a reconnect asks again). */
  takeInfo(): Promise<ApiResult<AppInfo>> | null;
}

export function boot(): Boot {
  const { transport, monitor } = selectTransport();
  const client = createClient(transport);
  const live = new LiveRuns(client, new RunStore());
  live.start();
  let info: Promise<ApiResult<AppInfo>> | null = null;
  const ask = () => {
    info = client.call('app.info', {});
    live.prefetch();
    // Without an open folder the shell never asks for runs; its first ask after opening one must not get this answer.
    void info.then((r) => {
      if (!r.ok || !r.value.dir) live.dropPrefetch();
    });
  };
  // Asked on open rather than queued before it: a first attempt that fails must not leave a stale answer behind.
  if (monitor.current().kind === 'open') ask();
  else {
    const off = monitor.onChange((s) => {
      if (s.kind !== 'open') return;
      off();
      ask();
    });
  }
  return {
    client,
    monitor,
    live,
    takeInfo: () => {
      const p = info;
      info = null;
      return p;
    },
  };
}
