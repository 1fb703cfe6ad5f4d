// A fake backend holding two runs folders for the All folders tests (`?dir=*`), beside
// ./fixtures.tsx: each folder answers only with its own `dir` and its own run ids.
import { render } from '@testing-library/react';
import type { RunRecord } from '../../shared/types';
import { AppShell } from '../../renderer/shell/AppShell';
import { fakeBackend, makeRun, NOW, shellHandlers, snapshot, type Handlers } from './fixtures';

/**
 * Two runs folders held open at once, for All folders (`?dir=*`): each answers only with
 * its own `dir` and its own run ids, as the backend does, so a request that sends the
 * view's keys, or no folder, fails here as it fails there. Both hold a run `same-0001`.
 */
export const LOCAL = '/data/local-sweep';
export const CLUSTER = '/scratch/cluster-sweep';
export const folderRuns: Record<string, RunRecord[]> = {
  [LOCAL]: [
    makeRun({ run_id: 'loc-0001', description: 'local beta 0.1', created_ms: NOW - 4000 }),
    makeRun({ run_id: 'same-0001', description: 'local beta 0.2', created_ms: NOW - 3000 }),
  ],
  [CLUSTER]: [
    makeRun({ run_id: 'clu-0001', description: 'cluster beta 0.3', created_ms: NOW - 2000 }),
    makeRun({ run_id: 'same-0001', description: 'cluster beta 0.4', created_ms: NOW - 1000 }),
  ],
};
/** Each folder's runs' values: beta, and the result infected = 1000 × beta. */
export const folderValues: Record<string, Record<string, { beta: number; infected: number }>> = {
  [LOCAL]: { 'loc-0001': { beta: 0.1, infected: 100 }, 'same-0001': { beta: 0.2, infected: 200 } },
  [CLUSTER]: { 'clu-0001': { beta: 0.3, infected: 300 }, 'same-0001': { beta: 0.4, infected: 400 } },
};

function inFolder(dir: string | undefined, ids: readonly string[] = []): string | null {
  if (!dir || !folderValues[dir]) return `no such folder: ${String(dir)}`;
  const unknown = ids.find((id) => !folderValues[dir]![id]);
  return unknown ? `Run ${unknown} is not in ${dir}` : null;
}
const notFound = (message: string) => ({ ok: false as const, error: { code: 'not-found' as const, message } });

export function twoFolderHandlers(): Handlers {
  const keyStats = (path: string, varying: boolean, example: number) => ({
    path,
    count: 2,
    distinct: varying ? 2 : 1,
    varying,
    example,
  });
  return {
    'dir.list': () =>
      [LOCAL, CLUSTER].map((dir, i) => ({
        dir,
        kind: 'local' as const,
        state: 'live' as const,
        runs: 2,
        current: i === 1,
      })),
    'runs.snapshot': ({ dir }) => (dir ? snapshot(folderRuns[dir]!, { dir }) : notFound('runs.snapshot without dir')),
    'values.columns': ({ dir, run_ids }) => {
      const bad = inFolder(dir, run_ids);
      if (bad) return notFound(bad);
      const rows = Object.values(folderValues[dir!]!);
      return {
        runs: run_ids?.length ?? rows.length,
        sources: [
          { source: 'config' as const, keys: [keyStats('config.beta', true, rows[0]!.beta)], truncated: false },
          { source: 'params' as const, keys: [], truncated: false },
          { source: 'meta' as const, keys: [], truncated: false },
          {
            source: 'results' as const,
            keys: [keyStats('results.summary.infected', true, rows[0]!.infected)],
            truncated: false,
          },
        ],
        problems: [],
        more_problems: 0,
      };
    },
    'values.get': ({ dir, run_ids, paths }) => {
      const bad = inFolder(dir, run_ids);
      if (bad) return notFound(bad);
      const pick = (v: { beta: number; infected: number }) =>
        Object.fromEntries(
          paths.flatMap((p) =>
            p === 'config.beta' ? [[p, v.beta]] : p === 'results.summary.infected' ? [[p, v.infected]] : [],
          ),
        );
      const ids = run_ids ?? Object.keys(folderValues[dir!]!);
      return {
        paths,
        values: Object.fromEntries(ids.map((id) => [id, pick(folderValues[dir!]![id]!)])),
        counts: Object.fromEntries(paths.map((p) => [p, ids.length])),
        missing: [],
        problems: [],
        more_problems: 0,
      };
    },
    'values.series': ({ dir, run_ids, column }) => {
      const bad = inFolder(dir, run_ids);
      if (bad) return notFound(bad);
      const col = column ?? 'infected';
      return {
        files: [{ file: 'timeseries.csv', runs: run_ids.length }],
        file: 'timeseries.csv',
        column: col,
        columns: ['step', 'infected'],
        varying: ['config.beta'],
        runs: run_ids.map((id) => {
          const v = folderValues[dir!]![id]!;
          return {
            run_id: id,
            description: folderRuns[dir!]!.find((r) => r.run_id === id)!.description,
            values: { 'config.beta': v.beta },
            x_label: 'step',
            x: [0, 1, 2],
            y: [0, v.infected / 2, v.infected],
            rows: 3,
            downsampled: false,
            problem: null,
          };
        }),
      };
    },
    'run.get': ({ dir, run_id }) => {
      const bad = inFolder(dir, [run_id]);
      if (bad) return notFound(bad);
      const run = folderRuns[dir!]!.find((r) => r.run_id === run_id)!;
      return {
        run,
        metadata: { run_id, description: run.description },
        paths: { run: `${dir}/${run_id}`, results: '', checkpoints: '', logs: '' },
        checkpoints: [],
        children: [],
        config: { text: '', ok: true, error: null, parsed: { beta: folderValues[dir!]![run_id]!.beta } },
        params: null,
      };
    },
    'du.get': ({ dir, run_ids }) => {
      const bad = inFolder(dir, run_ids);
      if (bad) return notFound(bad);
      return (run_ids ?? []).map((id) => ({
        run_id: id,
        results: 0,
        checkpoints: 0,
        logs: 0,
        other: 0,
        total: folderValues[dir!]![id]!.infected * 1024,
      }));
    },
    'trash.list': ({ dir }) => (dir ? [] : notFound('trash.list without dir')),
    'lineage.get': ({ dir }) => (dir ? { roots: [], orphans: [], cycles: [], ancestors: [] } : notFound('no dir')),
  };
}

/** The whole shell at `hash` (e.g. `#/charts?dir=*`) over the two folders. */
export function renderTwoFolders(hash: string, extra: Handlers = {}) {
  const fake = fakeBackend(shellHandlers([], { ...twoFolderHandlers(), ...extra }));
  window.history.replaceState(null, '', `/${hash}`);
  const view = render(<AppShell />, { wrapper: fake.wrapper });
  return { fake, ...view };
}
