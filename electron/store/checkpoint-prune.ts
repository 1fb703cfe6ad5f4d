// `checkpoints prune RUN --keep-last K [--keep-every N]` on the Node side: finds the
// files behind each checkpoint entry (per-rank files together), asks the pure
// planner what may go, then moves the files into one trash entry and rewrites the
// metadata's checkpoints list atomically, journalled like a prune.
import path from 'node:path';
import {
  planCheckpointRetention,
  type RetentionPlan,
  type RetentionPolicy,
  type RetentionRun,
} from '../../shared/checkpoint-retention';
import { hoursText, PINNED_TAG } from '../../shared/prune-plan';
import { DEFAULT_STALE_AFTER_MS } from '../../shared/staleness';
import { isPlainObject } from '../../shared/metadata';
import { formatTimestamp } from '../../shared/timestamps';
import { ACTIVE_STATUSES, type RunRecord } from '../../shared/types';
import { resolveCheckpoints } from './checkpoint-files';
import type { UsageMeter } from './usage-meter';
import { StoreError } from './errors';
import { clearJournal, crashPoint, writeJournal } from './journal';
import { writeCheckpointsList } from './journal-recovery';
import type { RunsDir } from './runs-dir';
import { transaction } from './transaction';
import {
  ensureTrashDir,
  freshEntryName,
  moveNoClobber,
  originPath,
  payloadPath,
  whoAmI,
  writeRecord,
  type TrashRecord,
} from './trash';

export interface CheckpointPruneOptions extends RetentionPolicy {
  includeStale?: boolean;
  staleAfterMs?: number;
}

function retentionRun(r: RunRecord): RetentionRun {
  const named = r.extra.resumed_from_checkpoint;
  return {
    run_id: r.run_id,
    parent_run_id: r.parent_run_id,
    created_ms: r.created_ms,
    checkpoints: r.checkpoints,
    resumed_from_checkpoint: typeof named === 'string' ? named : null,
  };
}

/** The same protections a prune applies to the run as a whole. */
async function checkRunMayChange(run: RunRecord, o: CheckpointPruneOptions, usage: UsageMeter): Promise<void> {
  if (run.unreadable)
    throw new StoreError(
      'refused',
      `${run.run_id}/metadata.json cannot be read; its checkpoints list cannot be rewritten safely`,
    );
  if (run.tags.includes(PINNED_TAG))
    throw new StoreError('refused', `run ${run.run_id} is pinned (tagged ${PINNED_TAG}); its checkpoints are kept`);
  if (!ACTIVE_STATUSES.includes(run.status)) return;
  const after = o.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const last = o.includeStale ? (await usage.measure(run.run_id, { fresh: true }))?.newest_mtime_ms : undefined;
  if (last !== undefined && Date.now() - last > after) return;
  const hint = o.includeStale
    ? ` (it changed ${last === undefined ? 'at an unknown time' : `${hoursText(Date.now() - last)} ago`}; stale only after ${hoursText(after)})`
    : '';
  throw new StoreError(
    'refused',
    `run ${run.run_id} is ${run.status}: its simulation rewrites metadata.json and may still need its checkpoints${hint}`,
  );
}

/** What a checkpoint prune would do. Reads only. */
export async function planCheckpointPrune(
  store: RunsDir,
  ref: string,
  o: CheckpointPruneOptions,
  usage: UsageMeter,
): Promise<RetentionPlan> {
  const id = store.resolve(ref);
  const runs = store.scan().runs;
  const run = runs.find((r) => r.run_id === id) ?? store.get(id);
  await checkRunMayChange(run, o, usage);
  const rel = (p: string) => path.relative(store.dir, p).split(path.sep).join('/');
  const resolved = resolveCheckpoints(store.dir, run).map((c) => ({
    ...c,
    files: c.files.map((f) => ({ path: rel(f.path), bytes: f.bytes })),
  }));
  const ownDirs = [
    `${id}/checkpoints`,
    ...(run.parent_run_id && runs.some((r) => r.run_id === run.parent_run_id)
      ? [`${run.parent_run_id}/checkpoints`]
      : []),
  ];
  return planCheckpointRetention(
    retentionRun(run),
    resolved,
    runs.map(retentionRun),
    { keepLast: o.keepLast, keepEvery: o.keepEvery },
    ownDirs,
  );
}

/** Moves the planned checkpoints to the trash; only what a fresh plan under the lock still removes. */
export async function executeCheckpointPrune(
  store: RunsDir,
  ref: string,
  o: CheckpointPruneOptions,
  confirmed: RetentionPlan,
  usage: UsageMeter,
): Promise<{ record: TrashRecord | null; plan: RetentionPlan }> {
  return transaction(store.dir, async () => {
    const plan = await planCheckpointPrune(store, ref, o, usage);
    const agreed = new Set(confirmed.remove.map((r) => `${r.index}\u0000${r.name}`));
    const go = plan.remove.filter((r) => agreed.has(`${r.index}\u0000${r.name}`));
    if (!go.length) return { record: null, plan };
    const raw = store.readMetadata(plan.run_id);
    const before: unknown[] = Array.isArray(raw.checkpoints) ? [...raw.checkpoints] : [];
    // The plan counts only entries with a name (metadata.ts drops the others); map back to the list on disk.
    const named = before.flatMap((c, i) => (isPlainObject(c) && typeof c.name === 'string' ? [i] : []));
    const rawIndex = (r: { index: number; name: string }) => {
      const i = named[r.index];
      if (i === undefined || (before[i] as { name: string }).name !== r.name)
        throw new StoreError(
          'conflict',
          `${plan.run_id}/metadata.json changed while planning; nothing was removed, try again`,
        );
      return i;
    };
    const gone = new Set(go.map(rawIndex));
    const after = before.filter((_, i) => !gone.has(i));
    ensureTrashDir(store.dir);
    const record: TrashRecord = {
      version: 1,
      kind: 'checkpoints',
      entry: freshEntryName(store.dir, `${plan.run_id}~checkpoints`),
      run_id: plan.run_id,
      description: `${go.length} checkpoint(s) of ${plan.run_id}: ${go.map((r) => r.name).join(', ')}`,
      trashed_at: formatTimestamp(Date.now()),
      trashed_by: whoAmI(),
      policy: {
        command: 'checkpoints prune',
        keep_last: o.keepLast,
        ...(o.keepEvery ? { keep_every: o.keepEvery } : {}),
      },
      paths: go.flatMap((r) => r.files.map((f) => f.path)),
      bytes: go.reduce((s, r) => s + r.bytes, 0),
      checkpoints: go.map((r) => ({ index: rawIndex(r), entry: before[rawIndex(r)] as Record<string, unknown> })),
    };
    writeJournal(store.dir, {
      op: 'trash-checkpoints',
      pid: process.pid,
      started_at: record.trashed_at,
      record,
      checkpoints_before: before,
      checkpoints_after: after,
    });
    writeRecord(store.dir, record);
    crashPoint();
    for (const p of record.paths) {
      moveNoClobber(originPath(store.dir, p), payloadPath(store.dir, record.entry, p));
      crashPoint();
    }
    writeCheckpointsList(store.dir, plan.run_id, raw, after);
    clearJournal(store.dir);
    return { record, plan: { ...plan, remove: go, bytes_freed: record.bytes ?? 0 } };
  });
}
