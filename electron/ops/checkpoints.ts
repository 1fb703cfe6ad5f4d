// Checkpoint retention inside one run (Orbax-style keep-last / keep-every), through the
// same trash and the same protections as pruning runs.
import type { RetentionPlan } from '../../shared/checkpoint-retention';
import { executeCheckpointPrune, planCheckpointPrune, type CheckpointPruneOptions } from '../store/checkpoint-prune';
import type { UsageMeter } from '../store/usage-meter';
import type { RunsDir } from '../store/runs-dir';
import type { TrashRecord } from '../store/trash';

export type { CheckpointPruneOptions };

export const checkpointsPrunePlan = (
  store: RunsDir,
  ref: string,
  o: CheckpointPruneOptions,
  usage: UsageMeter,
): Promise<RetentionPlan> => planCheckpointPrune(store, ref, o, usage);

/** Moves the confirmed plan's checkpoints to the trash as one entry; `record` is null when the run changed meanwhile and nothing went. */
export const checkpointsPruneExecute = (
  store: RunsDir,
  ref: string,
  o: CheckpointPruneOptions,
  confirmed: RetentionPlan,
  usage: UsageMeter,
): Promise<{ record: TrashRecord | null; plan: RetentionPlan }> =>
  executeCheckpointPrune(store, ref, o, confirmed, usage);
