// Two or more runs side by side: metadata, config and params leaf by leaf, with a
// toggle to hide what they share; or their results overlaid in one chart (SeriesPanel).
import { useEffect, useMemo, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import type { RunDetail } from '../../../shared/api/models';
import type { ApiError } from '../../../shared/api/result';
import { compareValues, formatLeaf, type CompareRow } from '../../../shared/config-diff';
import { Modal } from '../kit/Modal';
import { ErrorNote } from '../kit/ErrorNote';
import { folderOfRun, idTitle, shortId, statusColor } from '../kit/format';
import type { ComparePick } from '../../shell/appState';
import { SeriesPanel } from './SeriesPanel';
import './compare.css';

type Loaded = { id: string; detail: RunDetail | null; error: ApiError | null };

const SECTIONS: { title: string; pick(d: RunDetail | null): unknown }[] = [
  { title: 'Metadata', pick: (d) => d?.metadata ?? undefined },
  { title: 'Config', pick: (d) => d?.config?.parsed ?? undefined },
  { title: 'Params', pick: (d) => d?.params?.parsed ?? undefined },
];

export function CompareView({
  runIds,
  onClose,
  onShow,
  ...shown
}: {
  runIds: string[];
  onClose(): void;
  /**
   * The user switched to values or chart, or picked the chart's file or column. Given, the
   * caller keeps them (in the address) and passes them back; absent, the view keeps its own.
   */
  onShow?(pick: ComparePick): void;
} & ComparePick) {
  const client = useApi();
  const [own, setOwn] = useState<ComparePick>(shown);
  const pick = onShow ? shown : own;
  const show = onShow ?? setOwn;
  const mode = pick.chart ? 'chart' : 'values';
  const key = runIds.join('\n');
  const [loaded, setLoaded] = useState<Loaded[] | null>(null);
  const [onlyDiff, setOnlyDiff] = useState(false);

  useEffect(() => {
    let live = true;
    setLoaded(null);
    const ids = key.split('\n').filter(Boolean);
    void Promise.all(
      ids.map(async (id): Promise<Loaded> => {
        const r = await client.call('run.get', { run_id: id });
        return r.ok ? { id, detail: r.value, error: null } : { id, detail: null, error: r.error };
      }),
    ).then((all) => {
      if (live) setLoaded(all);
    });
    return () => {
      live = false;
    };
  }, [client, key]);

  const sections = useMemo(
    () =>
      loaded ? SECTIONS.map((s) => ({ title: s.title, rows: compareValues(loaded.map((l) => s.pick(l.detail))) })) : [],
    [loaded],
  );

  return (
    <Modal title={`Compare ${runIds.length} runs`} onClose={onClose} wide>
      {runIds.length < 2 && <p className="ry-note">Select two or more runs to compare.</p>}
      <div className="ry-compare__modes" role="group" aria-label="Show">
        {(['values', 'chart'] as const).map((m) => (
          <button
            key={m}
            type="button"
            className="ry-button"
            aria-pressed={mode === m}
            onClick={() => m !== mode && show({ ...pick, chart: m === 'chart' })}
          >
            {m === 'values' ? 'Values side by side' : 'Results chart'}
          </button>
        ))}
      </div>
      {mode === 'chart' && (
        <SeriesPanel
          runIds={runIds}
          pick={{ file: pick.file, column: pick.column }}
          onPick={(p) => show({ chart: true, ...p })}
        />
      )}
      {mode === 'values' && !loaded && (
        <p className="ry-muted" role="status">
          Loading runs…
        </p>
      )}
      {mode === 'values' && loaded?.map((l) => <ErrorNote key={l.id} error={l.error} />)}
      {mode === 'values' && loaded && (
        <>
          <label className="ry-check">
            <input type="checkbox" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.target.checked)} />
            Only differences
          </label>
          <div className="ry-scroll ry-compare" tabIndex={0} role="region" aria-label="Run comparison, scrollable">
            <table className="ry-table" aria-label="Run comparison">
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  {loaded.map((l) => (
                    <th scope="col" key={l.id} title={idTitle(l.id)}>
                      <span className="ry-mono">{shortId(l.id)}</span>
                      {folderOfRun(l.id) && <span className="ry-compare__folder"> in {folderOfRun(l.id)}</span>}
                      {l.detail && (
                        <span className="ry-compare__status" style={{ color: statusColor(l.detail.run.status) }}>
                          {' '}
                          {l.detail.run.status}
                        </span>
                      )}
                      {l.detail && <div className="ry-compare__desc">{l.detail.run.description}</div>}
                    </th>
                  ))}
                </tr>
              </thead>
              {sections.map((s) => (
                <CompareSection
                  key={s.title}
                  title={s.title}
                  rows={s.rows}
                  columns={loaded.length}
                  onlyDiff={onlyDiff}
                />
              ))}
            </table>
          </div>
        </>
      )}
      <div className="ry-actions">
        <button type="button" className="ry-button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}

function CompareSection({
  title,
  rows,
  columns,
  onlyDiff,
}: {
  title: string;
  rows: CompareRow[];
  columns: number;
  onlyDiff: boolean;
}) {
  const shown = onlyDiff ? rows.filter((r) => r.differs) : rows;
  const differing = rows.filter((r) => r.differs).length;
  return (
    <tbody>
      <tr className="ry-compare__section">
        <th scope="colgroup" colSpan={columns + 1}>
          {title}{' '}
          <span className="ry-muted">
            ({differing} of {rows.length} differ)
          </span>
        </th>
      </tr>
      {shown.length === 0 && (
        <tr>
          <td colSpan={columns + 1} className="ry-muted">
            {rows.length === 0 ? 'None of these runs has any.' : 'No differences.'}
          </td>
        </tr>
      )}
      {shown.map((r) => (
        <tr key={r.path} className={r.differs ? 'ry-compare__row--differs' : undefined}>
          <th scope="row" className="ry-mono">
            {r.path || '(value)'}
          </th>
          {r.cells.map((c, i) => (
            <td key={i} className="ry-mono">
              {r.present[i] ? formatLeaf(c) : <em className="ry-muted">absent</em>}
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  );
}
