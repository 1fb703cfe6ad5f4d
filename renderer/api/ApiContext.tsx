// The one place components get the typed client from. Features never build their own
// transport: the app decides it once at start-up and hands it down through this context.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { ApiClient } from '../../shared/api/client';
import type { AppInfo } from '../../shared/api/models';

interface ApiContextValue {
  client: ApiClient;
  info: AppInfo | null;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export function ApiProvider({
  client,
  info,
  children,
}: {
  client: ApiClient;
  info?: AppInfo | null;
  children: ReactNode;
}) {
  // When the caller did not fetch app.info itself (tests, features mounted alone), ask once.
  const [fetched, setFetched] = useState<AppInfo | null>(null);
  const given = info !== undefined;
  useEffect(() => {
    if (given) return;
    let live = true;
    void client.call('app.info', {}).then((r) => {
      if (live && r.ok) setFetched(r.value);
    });
    return () => {
      live = false;
    };
  }, [client, given]);
  return <ApiContext.Provider value={{ client, info: given ? info : fetched }}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  const ctx = useContext(ApiContext);
  if (!ctx) throw new Error('useApi() used outside <ApiProvider>');
  return ctx.client;
}

/** Null until app.info has answered. */
export function useAppInfo(): AppInfo | null {
  const ctx = useContext(ApiContext);
  if (!ctx) throw new Error('useAppInfo() used outside <ApiProvider>');
  return ctx.info;
}
