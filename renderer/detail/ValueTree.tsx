// A collapsible tree of a parsed YAML/JSON value, each value copyable. Used for
// config.yaml and run_params.json, which the module writes as YAML or JSON.
import { createContext, useContext, useState } from 'react';
import type { TextFile } from '../../shared/api/models';
import { useCopy } from '../ui/useCopy';

/** Bumped by "Expand all" / "Collapse all" so every node resets to that state. */
const ExpandAll = createContext<{ gen: number; open: boolean | null }>({ gen: 0, open: null });

const isBranch = (v: unknown): v is Record<string, unknown> | unknown[] => typeof v === 'object' && v !== null;
const leafText = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
const copyText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));
const pathOf = (parent: string, key: string, inArray: boolean) =>
  inArray ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

function Node({
  name,
  path,
  value,
  depth,
  inArray,
}: {
  name: string;
  path: string;
  value: unknown;
  depth: number;
  inArray: boolean;
}) {
  const all = useContext(ExpandAll);
  const [state, setState] = useState(() => ({ open: all.open ?? depth < 2, gen: all.gen }));
  const open = state.gen === all.gen || all.open === null ? state.open : all.open;
  const copy = useCopy();
  const label = inArray ? `[${name}]` : name;
  if (!isBranch(value)) {
    return (
      <li className="tree-leaf">
        <span className="tree-key">{label}</span>:{' '}
        <span className={`tree-value t-${value === null ? 'null' : typeof value}`}>{leafText(value)}</span>
        <button
          type="button"
          className="icon-button copy"
          aria-label={`Copy ${path}`}
          title={`Copy ${path}`}
          onClick={() => copy(copyText(value), path)}
        >
          ⧉
        </button>
      </li>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value);
  const summary = Array.isArray(value)
    ? `[${entries.length} item${entries.length === 1 ? '' : 's'}]`
    : `{${entries.length} key${entries.length === 1 ? '' : 's'}}`;
  return (
    <li className="tree-branch">
      <button
        type="button"
        className="tree-toggle"
        aria-expanded={open}
        onClick={() => setState({ open: !open, gen: all.gen })}
      >
        <span className="tree-key">{label}</span> <span className="muted">{summary}</span>
      </button>
      <button
        type="button"
        className="icon-button copy"
        aria-label={`Copy ${path}`}
        title={`Copy ${path}`}
        onClick={() => copy(copyText(value), path)}
      >
        ⧉
      </button>
      {open && (
        <ul>
          {entries.map(([k, v]) => (
            <Node
              key={k}
              name={k}
              path={pathOf(path, k, Array.isArray(value))}
              value={v}
              depth={depth + 1}
              inArray={Array.isArray(value)}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

export function ValueTree({ value, label }: { value: unknown; label: string }) {
  const [all, setAll] = useState<{ gen: number; open: boolean | null }>({ gen: 0, open: null });
  if (!isBranch(value)) return <pre className="file-text">{leafText(value)}</pre>;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value);
  return (
    <ExpandAll.Provider value={all}>
      <div className="tree-tools">
        <button type="button" onClick={() => setAll({ gen: all.gen + 1, open: true })}>
          Expand all
        </button>
        <button type="button" onClick={() => setAll({ gen: all.gen + 1, open: false })}>
          Collapse all
        </button>
      </div>
      <ul className="tree" aria-label={label}>
        {entries.map(([k, v]) => (
          <Node
            key={k}
            name={k}
            path={Array.isArray(value) ? `[${k}]` : k}
            value={v}
            depth={0}
            inArray={Array.isArray(value)}
          />
        ))}
      </ul>
    </ExpandAll.Provider>
  );
}

/** A config.yaml or run_params.json: the tree when it parses, else the error and the text. */
export function TextFileView({ file, name, missing }: { file: TextFile | null; name: string; missing: string }) {
  const [raw, setRaw] = useState(false);
  if (file === null) return <p className="muted">{missing}</p>;
  if (!file.ok) {
    return (
      <div>
        <p className="error-text" role="note">
          {name} could not be parsed: {file.error ?? 'unknown error'}
        </p>
        <pre className="file-text">{file.text}</pre>
      </div>
    );
  }
  return (
    <div>
      <label className="inline-toggle">
        <input type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} /> Show the file as text
      </label>
      {raw ? <pre className="file-text">{file.text}</pre> : <ValueTree value={file.parsed} label={name} />}
    </div>
  );
}
