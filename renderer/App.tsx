// The root: waits for the backend link, shows the token screen when the server refuses
// us, and otherwise provides the client, app info and notices to the shell.
import { useEffect, useState } from 'react';
import type { ApiClient } from '../shared/api/client';
import type { AppInfo } from '../shared/api/models';
import type { ApiError } from '../shared/api/result';
import { ApiProvider } from './api/ApiContext';
import type { ConnectionMonitor, ConnectionState } from './api/connection';
import type { Boot } from './boot';
import { SshQuestions } from './features/remote/SshQuestions';
import { AppShell } from './shell/AppShell';
import { ConnectionBanner, TokenScreen } from './shell/ConnectionScreens';
import { NoticeProvider } from './shell/notices';

function useConnection(monitor: ConnectionMonitor): ConnectionState {
  const [state, setState] = useState(monitor.current());
  useEffect(() => {
    setState(monitor.current());
    return monitor.onChange(setState);
  }, [monitor]);
  return state;
}

/** `start`: what start-up already asked for (renderer/boot.ts); without it, the app asks itself. */
export function App({
  client,
  monitor,
  onToken,
  start,
}: {
  client: ApiClient;
  monitor: ConnectionMonitor;
  onToken(token: string): void;
  start?: Pick<Boot, 'live' | 'takeInfo'>;
}) {
  const conn = useConnection(monitor);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // Counts connections: each reconnect makes the shell fetch a fresh snapshot.
  const [epoch, setEpoch] = useState(0);
  const open = conn.kind === 'open';
  useEffect(() => {
    if (!open) return;
    let live = true;
    void (start?.takeInfo() ?? client.call('app.info', {})).then((r) => {
      if (!live) return;
      if (r.ok) {
        setInfo(r.value);
        setError(null);
        setEpoch((e) => e + 1);
      } else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [client, open, start]);

  if (conn.kind === 'unauthorised') return <TokenScreen message={conn.message} onToken={onToken} />;
  return (
    <NoticeProvider>
      <ConnectionBanner state={conn} onRetry={() => monitor.retry()} />
      {info ? (
        <ApiProvider client={client} info={info}>
          <AppShell epoch={epoch} live={start?.live} />
          <SshQuestions epoch={epoch} />
        </ApiProvider>
      ) : (
        <main className="splash">
          <h1 className="brand">Runyard</h1>
          {error ? (
            <p className="error-text" role="alert">
              {error.message}
            </p>
          ) : (
            <p className="muted" role="status">
              Connecting…
            </p>
          )}
        </main>
      )}
    </NoticeProvider>
  );
}
