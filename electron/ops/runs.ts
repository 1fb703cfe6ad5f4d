// Reading runs: the list, and one run's detail. `runyard show` and the API's `run.get`
// both come through runDetail.
import type { RunDetail } from '../../shared/api/models';
import { queryRuns, type RunQuery } from '../../shared/run-query';
import type { Problem, RunRecord } from '../../shared/types';
import { resolveCheckpoints } from '../store/checkpoint-files';
import { StoreError } from '../store/errors';
import type { RunsDir } from '../store/runs-dir';
import { lineageProblemsOfRun } from '../store/scan';

export interface RunList {
  /** The runs the query lets through, newest first. */
  runs: RunRecord[];
  /** How many runs the folder holds. */
  total: number;
  problems: Problem[];
}

/** The scanned runs through a query. Parsed metadata comes from the user's cache when unchanged: scripts list in loops. */
export function listRuns(store: RunsDir, query: RunQuery): RunList {
  const scan = store.scan({ cache: true });
  return { runs: queryRuns(scan.runs, query), total: scan.runs.length, problems: scan.problems };
}

/** The scanned runs, for a command that needs them all (a lineage, a status check). */
export function allRuns(store: RunsDir): RunRecord[] {
  return store.scan().runs;
}

/** A run's own facts; its config and params files are added by the API (electron/api/run-files.ts opens a run's files). */
export type RunFacts = Omit<RunDetail, 'config' | 'params'>;

/**
 * One run: its record (with orphan and cycle problems, found by walking up from it), its
 * metadata.json as on disk (null when Runyard does not read it: unparseable, too large,
 * a link out of the folder), paths, resolved checkpoints and children, newest first.
 * `runs`: the folder's runs when the caller already has them (the live index).
 */
export function runDetail(store: RunsDir, id: string, o: { runs?: readonly RunRecord[] } = {}): RunFacts {
  const got = store.get(id);
  const run = { ...got, problems: [...got.problems, ...lineageProblemsOfRun(store.dir, id)] };
  let metadata: Record<string, unknown> | null = null;
  try {
    metadata = store.readMetadata(id);
  } catch (e) {
    if (!(e instanceof StoreError) || (e.code !== 'unreadable' && e.code !== 'refused')) throw e;
  }
  const children = o.runs
    ? queryRuns(
        o.runs.filter((r) => r.parent_run_id === id),
        {},
      ).map((r) => r.run_id)
    : store.children(id);
  return { run, metadata, paths: store.paths(id), checkpoints: resolveCheckpoints(store.dir, run), children };
}
