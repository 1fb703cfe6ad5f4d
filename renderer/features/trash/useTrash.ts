// The trash feature's hook: what is in the trash (when asked for) and restoring from it
// with progress, through the one loop in ./restore.ts. The shell holds one with the list
// (for the Trash tab's count and the Trash view); the prune dialog's Undo holds one without.
import { useCallback, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import { useCall } from '../kit/useCall';
import { restoreFromTrash, type RestoreOutcome, type RestoreProgress, type RestoreStep } from './restore';

export interface TrashOptions {
  /** Ask for the list; the prune dialog's Undo must not. */
  list?: boolean;
  /** The list is asked for again whenever this changes (e.g. the number of runs in the folder). */
  refreshKey?: string;
}

export function useTrash({ list = false, refreshKey = '' }: TrashOptions = {}) {
  const client = useApi();
  const items = useCall('trash.list', list ? {} : null, `trash:${refreshKey}`);
  const [progress, setProgress] = useState<RestoreProgress | null>(null);
  const restore = useCallback(
    async (
      entries: readonly string[],
      onStep?: (step: RestoreStep, progress: RestoreProgress) => void,
    ): Promise<RestoreOutcome> => {
      setProgress({ done: 0, total: entries.length });
      try {
        return await restoreFromTrash(client, entries, (step, p) => {
          setProgress(p);
          onStep?.(step, p);
        });
      } finally {
        setProgress(null);
      }
    },
    [client],
  );
  /** How many entries the trash holds, once known. */
  const count = items.value ? items.value.length : null;
  return { items, restore, progress, restoring: progress !== null, count };
}

export type Trash = ReturnType<typeof useTrash>;
