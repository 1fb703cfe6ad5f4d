// Tags of many runs at once, and their undo (runs.editTags, runs.restoreTags). Beside
// runs.ts rather than in it: the bulk work and its progress events are a feature of
// their own (electron/ops/bulk-edit.ts).
import { editTags, restoreTags } from '../../ops/bulk-edit';
import type { HandlerTable } from '../dispatcher';

export const runTagHandlers: Pick<HandlerTable, 'runs.editTags' | 'runs.restoreTags'> = {
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
