// Shared by the renderer component tests: run records, and an in-memory backend that
// answers the few contract calls a test needs (each request name maps to a handler) and
// records every call, so tests can assert what was sent. Render the whole shell with
// renderShell, or one component with `render(<X />, { wrapper: fake.wrapper })`.
import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import { createClient, type ApiClient, type Transport } from '../../shared/api/client';
import type { ApiEvents, EventName, Params, RequestName, Result } from '../../shared/api/contract';
import type { AppInfo, DirSnapshot, Settings } from '../../shared/api/models';
import type { ApiResult } from '../../shared/api/result';
import type { RunRecord } from '../../shared/types';
import { ApiProvider } from '../../renderer/api/ApiContext';
import { AppShell } from '../../renderer/shell/AppShell';
import { NoticeProvider } from '../../renderer/shell/notices';
import { TrashView, type TrashViewProps } from '../../renderer/features/trash/TrashView';
import { useTrash } from '../../renderer/features/trash/useTrash';

export const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

export const info: AppInfo = {
  version: 'test',
  transport: 'websocket',
  readOnly: false,
  canUseShell: false,
  dir: '/data/runs',
};

export function makeRun(p: Partial<RunRecord> & { run_id: string }): RunRecord {
  return {
    description: `Simulation run ${p.run_id.slice(0, 8)}`,
    status: 'completed',
    tags: [],
    created_at: null,
    started_at: null,
    completed_at: null,
    created_ms: null,
    started_ms: null,
    completed_ms: null,
    parent_run_id: null,
    user: 'ada',
    hostname: 'cosma-login1',
    git_commit: null,
    checkpoints: [],
    extra: {},
    problems: [],
    unreadable: false,
    mtime_ms: 1,
    ...p,
  };
}

/** `n` runs, newest first by index: run 0 is the newest. */
export function manyRuns(n: number): RunRecord[] {
  return Array.from({ length: n }, (_, i) =>
    makeRun({
      run_id: `run-${String(i).padStart(5, '0')}-0000`,
      description: `Run number ${i}`,
      created_ms: NOW - i * 60_000,
      created_at: new Date(NOW - i * 60_000).toISOString(),
    }),
  );
}

export type Handlers = {
  [N in RequestName]?: (
    params: Params<N>,
  ) => ApiResult<Result<N>> | Result<N> | Promise<ApiResult<Result<N>> | Result<N>>;
};

export interface Fake {
  client: ApiClient;
  calls: { name: string; params: unknown }[];
  callsOf<N extends RequestName>(name: N): Params<N>[];
  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void;
  /** The providers a component needs (API with `appInfo`, notices), for Testing Library's `wrapper`. */
  wrapper: (props: { children: ReactNode }) => ReactNode;
}

// A handler may return a bare value or a whole ApiResult; only an object with a boolean
// `ok` and a value or error counts as the latter.
const isResult = (v: unknown): v is ApiResult<unknown> =>
  typeof v === 'object' &&
  v !== null &&
  'ok' in v &&
  typeof (v as { ok: unknown }).ok === 'boolean' &&
  ('value' in v || 'error' in v);

export function fakeBackend(handlers: Handlers, appInfo: AppInfo = info): Fake {
  const calls: { name: string; params: unknown }[] = [];
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const transport: Transport = {
    async request(name, params) {
      calls.push({ name, params });
      const h = (handlers as Record<string, ((p: unknown) => unknown) | undefined>)[name];
      if (!h) return { ok: false, error: { code: 'unsupported', message: `the fake has no ${name}` } };
      const out = await h(params);
      return isResult(out) ? out : { ok: true, value: out };
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
  const fake: Fake = {
    client: createClient(transport),
    calls,
    callsOf: <N extends RequestName>(name: N) => calls.filter((c) => c.name === name).map((c) => c.params as Params<N>),
    emit: (event, payload) => {
      for (const l of listeners) l(event, payload);
    },
    wrapper: ({ children }) => (
      <Providers fake={fake} appInfo={appInfo}>
        {children}
      </Providers>
    ),
  };
  return fake;
}

export const settings: Settings = {
  theme: 'system',
  recentDirs: ['/data/runs'],
  columns: [],
  staleAfterHours: 24,
  watchMode: 'auto',
  pollIntervalMs: 2000,
  notifications: false,
  resumeCommands: {},
};

export function snapshot(runs: RunRecord[], more: Partial<DirSnapshot> = {}): DirSnapshot {
  return { dir: '/data/runs', runs, entries: [], problems: [], scanning: false, watchMode: 'native', ...more };
}

/** The handlers every shell test needs; a test adds or overrides the rest. */
export function shellHandlers(runs: RunRecord[], extra: Handlers = {}): Handlers {
  return {
    'settings.get': () => settings,
    'settings.set': (patch) => ({ ...settings, ...patch }) as Settings,
    'dir.recent': () => ['/data/runs'],
    'trash.list': () => [],
    'runs.snapshot': () => snapshot(runs),
    'du.get': ({ run_ids }) =>
      (run_ids ?? []).map((id) => ({ run_id: id, results: 0, checkpoints: 0, logs: 0, other: 0, total: 2048 })),
    ...extra,
  };
}

export function Providers({ fake, appInfo = info, children }: { fake: Fake; appInfo?: AppInfo; children: ReactNode }) {
  return (
    <NoticeProvider>
      <ApiProvider client={fake.client} info={appInfo}>
        {children}
      </ApiProvider>
    </NoticeProvider>
  );
}

export function renderShell(runs: RunRecord[], extra: Handlers = {}, appInfo: AppInfo = info) {
  const fake = fakeBackend(shellHandlers(runs, extra), appInfo);
  // The shell reads its view from the address (renderer/shell/useUrlSync.ts): each test starts on the table.
  window.history.replaceState(null, '', '/');
  const view = render(<AppShell />, { wrapper: fake.wrapper });
  return { fake, ...view };
}

/** The Trash view on its own list, as the shell gives it one. */
export function TrashWithList(
  p: Omit<TrashViewProps, 'trash' | 'onRestored'> & Partial<Pick<TrashViewProps, 'onRestored'>>,
) {
  const trash = useTrash({ list: true });
  return <TrashView trash={trash} onRestored={() => {}} {...p} />;
}
