// Disk usage: bytes per run split into results, checkpoints, logs and the rest (the size
// cache lives in the user's cache folder, never in the runs directory).
import type { DiskUsage as UsageModel } from '../../shared/api/models';
import { compareNewestFirst } from '../../shared/run-query';
import type { RunRecord } from '../../shared/types';
import { UsageMeter, defaultUsageCacheFile, sumUsage, type RunUsage, type UsageSplit } from '../store/usage-meter';
import { StoreError } from '../store/errors';
import type { RunsDir } from '../store/runs-dir';
import { listTrash } from '../store/trash';

export { sumUsage };
export type { UsageMeter, RunUsage, UsageSplit };

/** The size measurer of a folder; `cache`: trust the sizes cached in the user's cache folder. */
export function usageFor(dir: string, cache = true): UsageMeter {
  return new UsageMeter(dir, { cacheFile: cache ? defaultUsageCacheFile(dir) : null });
}

export interface UsageReport {
  /** The runs asked about, newest first. */
  runs: RunRecord[];
  /** Their sizes, biggest first (a run whose folder vanished meanwhile is left out). */
  measured: RunUsage[];
  trash: { entries: number; bytes: number };
}

/** One run (`ref`) or all, measured, with what the trash holds; the cache is saved after. */
export async function measureUsage(
  store: RunsDir,
  usage: UsageMeter,
  ref: string | undefined,
  o: { fresh?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<UsageReport> {
  const runs = ref ? [store.get(store.resolve(ref))] : [...store.scan().runs].sort(compareNewestFirst);
  const sizes = await usage.measureAll(
    runs.map((r) => r.run_id),
    { fresh: o.fresh, onProgress: o.onProgress },
  );
  await usage.save();
  const measured = runs
    .map((r) => sizes.get(r.run_id))
    .filter((u): u is RunUsage => u !== undefined)
    .sort((a, b) => b.total - a.total);
  if (ref && !measured.length) throw new StoreError('not-found', `the folder of run ${runs[0]!.run_id} is gone`);
  const trash = listTrash(store.dir);
  return {
    runs,
    measured,
    trash: { entries: trash.length, bytes: trash.reduce((s, t) => s + (t.record.bytes ?? 0), 0) },
  };
}

/** The API's du.get: sizes of the given runs (all of `runs` when none are named), as the contract's model. */
export async function usageOfRuns(usage: UsageMeter, ids: readonly string[]): Promise<UsageModel[]> {
  const measured = await usage.measureAll([...ids]);
  await usage.save();
  return ids.flatMap((id) => {
    const u = measured.get(id);
    return u
      ? [{ run_id: id, results: u.results, checkpoints: u.checkpoints, logs: u.logs, other: u.other, total: u.total }]
      : [];
  });
}
