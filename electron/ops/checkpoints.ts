// Checkpoint retention inside one run (Orbax-style keep-last / keep-every), through the
// same trash and the same protections as pruning runs.
import type { RetentionPlan } from '../../shared/checkpoint-retention';
import { executeCheckpointPrune, planCheckpointPrune, type CheckpointPruneOptions } from '../store/checkpoint-prune';
import type { DiskUsage } from '../store/disk-usage';
import type { RunStore } from '../store/run-store';
import type { TrashRecord } from '../store/trash';

export type { CheckpointPruneOptions };

export const checkpointsPrunePlan = (
  store: RunStore,
  ref: string,
  o: CheckpointPruneOptions,
  usage: DiskUsage,
): Promise<RetentionPlan> => planCheckpointPrune(store, ref, o, usage);

/** Moves the confirmed plan's checkpoints to the trash as one entry; `record` is null when the run changed meanwhile and nothing went. */
export const checkpointsPruneExecute = (
  store: RunStore,
  ref: string,
  o: CheckpointPruneOptions,
  confirmed: RetentionPlan,
  usage: DiskUsage,
): Promise<{ record: TrashRecord | null; plan: RetentionPlan }> =>
  executeCheckpointPrune(store, ref, o, confirmed, usage);
