// The trash feature's hook: what is in the trash (when asked for) and restoring from it
// with progress, through the one loop in ./restore.ts.
import { useCallback, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import { useCall } from '../kit/useCall';
import { restoreFromTrash, type RestoreOutcome, type RestoreProgress, type RestoreStep } from './restore';

export function useTrash({ list = false }: { list?: boolean } = {}) {
  const client = useApi();
  // Only the Trash view lists; the prune dialog's Undo must not ask for the list.
  const items = useCall('trash.list', list ? {} : null, 'trash');
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
  return { items, restore, progress, restoring: progress !== null };
}
