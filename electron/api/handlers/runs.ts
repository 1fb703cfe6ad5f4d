// The run list (a snapshot, streamed when big; electron/api/snapshot-stream.ts) and the
// tags of many runs at once with their undo (electron/ops/bulk-edit.ts).
import type { HandlerTable } from '../dispatcher';
import { editTags, restoreTags } from '../../ops/bulk-edit';
import { answerSnapshot } from '../snapshot-stream';

export const runsHandlers: Pick<HandlerTable, 'runs.snapshot' | 'runs.editTags' | 'runs.restoreTags'> = {
  'runs.snapshot': (_p, { backend, session }) => answerSnapshot(session, () => backend.requireDir().snapshot()),

  'runs.editTags': ({ run_ids, add, remove, includeRunning, operation }, { backend }) =>
    editTags(
      backend.requireDir().store,
      run_ids,
      { add, remove },
      {
        includeRunning,
        onProgress: (done, total) => backend.broadcast('runs.editProgress', { operation, done, total }),
      },
    ),

  'runs.restoreTags': ({ runs, includeRunning, operation }, { backend }) =>
    restoreTags(backend.requireDir().store, runs, {
      includeRunning,
      onProgress: (done, total) => backend.broadcast('runs.editProgress', { operation, done, total }),
    }),
};
