// The column picker: the columns shown, in order (↑/↓ to move one, the checkbox to hide
// it), then what could be shown: the built-in metadata columns and the value keys of
// the folder's runs (values.columns; in All folders, every folder's), the keys a sweep
// varies first. The search narrows both lists. The choice is saved per runs folder by
// whoever gets onChange.
import { useEffect, useState } from 'react';
import { useApi } from '../api/ApiContext';
import type { ApiClient } from '../../shared/api/client';
import type { ApiError } from '../../shared/api/result';
import { mergeKeyStats, valueText, type KeyStats } from '../../shared/values';
import { COLUMN_IDS } from '../state/sortKeys';
import { columnLabel } from '../state/tableColumns';
import { Popover } from '../features/kit/Popover';

/** Keys listed at once; the search finds the others. */
const MAX_LISTED = 200;

type Keys = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; keys: KeyStats[] };

type Answer = { ok: true; value: KeyStats[][] } | { ok: false; error: ApiError };

/** Each folder's keys, in All folders every open folder's (each asked by its own `dir`). */
async function keysOf(client: ApiClient, allFolders: boolean): Promise<Answer> {
  const dirs: (string | undefined)[] = [undefined];
  if (allFolders) {
    const list = await client.call('dir.list', {});
    if (!list.ok) return list;
    dirs.splice(0, 1, ...list.value.map((f) => f.dir));
  }
  const answers = await Promise.all(dirs.map((dir) => client.call('values.columns', dir ? { dir } : {})));
  const got = answers.flatMap((r) => (r.ok ? [r.value.sources.flatMap((s) => s.keys)] : []));
  // A folder that cannot answer now (a remote one reconnecting) leaves out its keys, not everyone's.
  const failed = answers.find((r) => !r.ok);
  return got.length === 0 && failed && !failed.ok ? failed : { ok: true, value: got };
}

/** The folder's value keys, asked for each time the picker opens (runs come and go). */
function useValueKeys(open: boolean, allFolders: boolean): Keys | null {
  const client = useApi();
  const [keys, setKeys] = useState<Keys | null>(null);
  useEffect(() => {
    if (!open) return;
    let live = true;
    setKeys((k) => (k?.state === 'ready' ? k : { state: 'loading' }));
    void keysOf(client, allFolders).then((r) => {
      if (!live) return;
      if (!r.ok) setKeys({ state: 'error', message: r.error.message });
      else setKeys({ state: 'ready', keys: mergeKeyStats(r.value) });
    });
    return () => {
      live = false;
    };
  }, [client, open, allFolders]);
  return keys;
}

export function ColumnChooser({
  visible,
  onChange,
  allFolders = false,
}: {
  visible: readonly string[];
  onChange(cols: string[]): void;
  /** The All folders view: list the keys of every open folder's runs. */
  allFolders?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const keys = useValueKeys(open, allFolders);

  const needle = search.trim().toLowerCase();
  const matches = (id: string) =>
    !needle || id.toLowerCase().includes(needle) || columnLabel(id).toLowerCase().includes(needle);
  const shown = new Set(visible);
  const move = (i: number, by: number) => {
    const next = [...visible];
    const [c] = next.splice(i, 1);
    next.splice(i + by, 0, c!);
    onChange(next);
  };
  const add = (id: string) => onChange([...visible, id]);
  const remove = (id: string) => onChange(visible.filter((c) => c !== id));
  // The Folder column comes with the All folders view, not from this choice.
  const builtIns = COLUMN_IDS.filter((id) => id !== 'folder' && !shown.has(id) && matches(id));
  const valueKeys = keys?.state === 'ready' ? keys.keys.filter((k) => !shown.has(k.path) && matches(k.path)) : [];

  return (
    <Popover label="Columns" className="column-chooser" open={open} onOpenChange={setOpen}>
      <input
        type="search"
        aria-label="Search columns"
        placeholder="Search columns and keys…"
        value={search}
        autoFocus
        onChange={(e) => setSearch(e.target.value)}
      />
      <h3 id="cols-shown">Shown, in order</h3>
      <ol className="column-list" aria-labelledby="cols-shown">
        {visible.map((id, i) => (
          <li key={id}>
            <label>
              <input type="checkbox" checked disabled={id === 'id'} onChange={() => remove(id)} />
              <span className={id === columnLabel(id) ? 'mono' : undefined}>{columnLabel(id)}</span>
            </label>
            <span className="column-moves">
              <button
                type="button"
                aria-label={`Move ${columnLabel(id)} up`}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              >
                ↑
              </button>
              <button
                type="button"
                aria-label={`Move ${columnLabel(id)} down`}
                disabled={i === visible.length - 1}
                onClick={() => move(i, 1)}
              >
                ↓
              </button>
            </span>
          </li>
        ))}
      </ol>
      {builtIns.length > 0 && (
        <>
          <h3 id="cols-meta">Metadata</h3>
          <ul className="column-list" aria-labelledby="cols-meta">
            {builtIns.map((id) => (
              <li key={id}>
                <label>
                  <input type="checkbox" checked={false} onChange={() => add(id)} />
                  {columnLabel(id)}
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3 id="cols-values">Run values (varying first)</h3>
      {keys?.state === 'loading' && (
        <p className="muted" role="status">
          Reading the keys of the runs…
        </p>
      )}
      {keys?.state === 'error' && (
        <p className="error-text" role="alert">
          {keys.message}
        </p>
      )}
      {keys?.state === 'ready' && valueKeys.length === 0 && (
        <p className="muted">{needle ? 'No key matches.' : 'No more keys in these runs.'}</p>
      )}
      <ul className="column-list value-keys" aria-labelledby="cols-values">
        {valueKeys.slice(0, MAX_LISTED).map((k) => (
          <li key={k.path}>
            <label title={`${k.count} runs have it; e.g. ${valueText(k.example)}`}>
              <input type="checkbox" checked={false} onChange={() => add(k.path)} />
              <span className="mono">{k.path}</span>
              {k.varying && <span className="badge">varies</span>}
            </label>
          </li>
        ))}
      </ul>
      {valueKeys.length > MAX_LISTED && (
        <p className="muted">{valueKeys.length - MAX_LISTED} more keys: search to find them.</p>
      )}
    </Popover>
  );
}
