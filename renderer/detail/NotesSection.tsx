// The run's note (RUN/notes.md): free text, saved with the button or Ctrl+Enter. The
// save sends the version it loaded, so a note changed elsewhere meanwhile is refused
// (and can be loaded again) instead of overwritten.
import { useEffect, useState } from 'react';
import { useApi } from '../api/ApiContext';
import type { RunNote } from '../../shared/api/models';
import type { ApiError } from '../../shared/api/result';

type State =
  { kind: 'loading' } | { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; error: ApiError };

export function NotesSection({ runId, readOnly }: { runId: string; readOnly: boolean }) {
  const client = useApi();
  const [note, setNote] = useState<RunNote | null>(null);
  const [text, setText] = useState('');
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    let live = true;
    setState({ kind: 'loading' });
    void client.call('notes.get', { run_id: runId }).then((r) => {
      if (!live) return;
      if (!r.ok) {
        setState({ kind: 'error', error: r.error });
        return;
      }
      setNote(r.value);
      setText(r.value.text);
      setState({ kind: 'idle' });
    });
    return () => {
      live = false;
    };
  }, [client, runId, nonce]);

  const dirty = note !== null && text !== note.text;
  const save = async () => {
    if (!note || readOnly || state.kind === 'saving') return;
    setState({ kind: 'saving' });
    const r = await client.call('notes.set', { run_id: runId, text, expect: note.version });
    if (!r.ok) {
      setState({ kind: 'error', error: r.error });
      return;
    }
    setNote(r.value);
    setState({ kind: 'saved' });
  };

  return (
    <section aria-labelledby="ov-notes" className="notes">
      <h3 id="ov-notes">Notes</h3>
      <textarea
        aria-labelledby="ov-notes"
        aria-describedby="ov-notes-state"
        rows={5}
        className="notes-text"
        value={text}
        readOnly={readOnly || note === null}
        placeholder={
          readOnly ? 'No note.' : 'What was this run for? What did it show? (saved as notes.md in the run folder)'
        }
        onChange={(e) => {
          setText(e.target.value);
          if (state.kind === 'saved') setState({ kind: 'idle' });
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
        }}
      />
      <div className="notes-actions">
        {!readOnly && (
          <button type="button" onClick={() => void save()} disabled={!dirty || state.kind === 'saving'}>
            Save note
          </button>
        )}
        {!readOnly && dirty && (
          <button type="button" onClick={() => note && setText(note.text)}>
            Discard changes
          </button>
        )}
        <span id="ov-notes-state" role="status" className={state.kind === 'error' ? 'error-text' : 'muted'}>
          {state.kind === 'loading'
            ? 'Loading the note…'
            : state.kind === 'saving'
              ? 'Saving…'
              : state.kind === 'saved' && !dirty
                ? 'Saved.'
                : state.kind === 'error'
                  ? state.error.message
                  : dirty
                    ? 'Unsaved changes (Ctrl+Enter saves).'
                    : ''}
        </span>
        {state.kind === 'error' && state.error.code === 'conflict' && (
          <button type="button" onClick={() => setNonce((n) => n + 1)}>
            Load the new note
          </button>
        )}
      </div>
    </section>
  );
}
