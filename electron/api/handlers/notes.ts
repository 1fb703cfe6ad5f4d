// A run's note (RUN/notes.md): read and replace. notes.set mutates, so a read-only serve
// refuses it (dispatcher.ts, from the contract's flag).
import { getNote, setNote } from '../../ops/notes';
import type { HandlerTable } from '../dispatcher';

export const noteHandlers: Pick<HandlerTable, 'notes.get' | 'notes.set'> = {
  'notes.get': ({ run_id }, { backend }) => getNote(backend.requireDir().store, run_id),

  'notes.set': async ({ run_id, text, expect }, { backend }) => {
    const open = backend.requireDir();
    const note = await setNote(open.store, run_id, text, expect);
    // A polled folder would not see the new file before metadata.json changes: say it.
    open.live.noteChanged(note.run_id);
    return note;
  },
};
