// An in-memory backend for component tests of the feature components: each request
// name maps to a handler; every call is recorded so tests can assert what was sent.
import type { ReactNode } from 'react';
import { ApiProvider } from '../../renderer/api/ApiContext';
import { createClient, type Transport } from '../../shared/api/client';
import type { ApiEvents, EventName, Params, RequestName, Result } from '../../shared/api/contract';
import type { AppInfo } from '../../shared/api/models';
import { ok, type ApiResult } from '../../shared/api/result';

export type Handlers = { [N in RequestName]?: (params: Params<N>) => ApiResult<Result<N>> | Result<N> | Promise<ApiResult<Result<N>> | Result<N>> };

export interface FakeApi {
  calls: { name: string; params: unknown }[];
  callsOf<N extends RequestName>(name: N): Params<N>[];
  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void;
  wrapper: (props: { children: ReactNode }) => ReactNode;
}

const isResult = (v: unknown): v is ApiResult<unknown> => typeof v === 'object' && v !== null && 'ok' in v && typeof (v as { ok: unknown }).ok === 'boolean' && ('value' in v || 'error' in v);

export const testInfo: AppInfo = { version: 'test', transport: 'websocket', readOnly: false, canUseShell: false, dir: '/data/runs' };

export function fakeApi(handlers: Handlers, info: AppInfo = testInfo): FakeApi {
  const calls: { name: string; params: unknown }[] = [];
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const transport: Transport = {
    async request(name, params) {
      calls.push({ name, params });
      const h = (handlers as Record<string, ((p: unknown) => unknown) | undefined>)[name];
      if (!h) return { ok: false, error: { code: 'unsupported', message: `no fake handler for ${name}` } };
      const out = await h(params);
      return isResult(out) ? out : ok(out);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const client = createClient(transport);
  return {
    calls,
    callsOf: <N extends RequestName>(name: N) => calls.filter((c) => c.name === name).map((c) => c.params as Params<N>),
    emit: (event, payload) => { for (const l of listeners) l(event, payload); },
    wrapper: ({ children }) => <ApiProvider client={client} info={info}>{children}</ApiProvider>,
  };
}

import type { RunRecord } from '../../shared/types';

export function makeRun(p: Partial<RunRecord> & { run_id: string }): RunRecord {
  return {
    description: `Simulation run ${p.run_id.slice(0, 8)}`, status: 'completed', tags: [],
    created_at: null, started_at: null, completed_at: null, created_ms: null, started_ms: null, completed_ms: null,
    parent_run_id: null, user: 'researcher1', hostname: 'cosma', git_commit: null, checkpoints: [], extra: {},
    problems: [], unreadable: false, mtime_ms: 0, ...p,
  };
}
