// What goes and what stays, each with its reason, and a bar of bytes freed vs kept.
import type { PrunePreview } from '../../../shared/api/models';
import { formatBytes, formatLocal, formatRelativeShort } from '../../../shared/format';
import type { RunRecord } from '../../../shared/types';
import { shortId } from '../kit/format';

/** The table's records, so a list shows what a run is, not just its id. */
export type RunLookup = (id: string) => RunRecord | undefined;

/** Long lists are cut: the counts stay exact, the rows are for reading. */
const SHOWN = 200;

export function PrunePreviewPanel({
  preview,
  totalBytes,
  lookup = () => undefined,
  now = Date.now(),
  measuring = false,
}: {
  preview: PrunePreview;
  /** Sizes are still arriving (du.get): unknown sizes read "measuring…", not "—". */
  measuring?: boolean;
  lookup?: RunLookup;
  now?: number;
  /** Bytes of the whole directory, when measured: the rest of the bar is what stays. */
  totalBytes: number | null;
}) {
  const unknown = preview.remove.filter((r) => r.bytes === null).length;
  return (
    <div className="ry-prune-preview">
      <BytesBar freed={preview.bytes_freed} total={totalBytes} />
      <p>
        <strong>
          {preview.remove.length === 0
            ? 'Nothing to remove.'
            : `${preview.remove.length} ${preview.remove.length === 1 ? 'run goes' : 'runs go'} to the trash, freeing ${formatBytes(preview.bytes_freed)}`}
        </strong>
        {unknown > 0 && (
          <span className="ry-muted" role={measuring ? 'status' : undefined}>
            {' '}
            ({measuring ? `measuring ${unknown} ${unknown === 1 ? 'run' : 'runs'}…` : `${unknown} not measured yet`})
          </span>
        )}
        {preview.remove.length > 0 && '.'} {preview.keep.length} {preview.keep.length === 1 ? 'run stays' : 'runs stay'}
        .
      </p>
      {preview.refused.length > 0 && (
        <section aria-label="Refused">
          <h3 className="ry-legend">Selected but refused</h3>
          <ReasonList items={preview.refused} lookup={lookup} now={now} />
        </section>
      )}
      <div className="ry-prune-preview__cols">
        <section aria-label="Goes">
          <h3 className="ry-legend">Goes ({preview.remove.length})</h3>
          <ul className="ry-prune-list">
            {preview.remove.slice(0, SHOWN).map((r) => (
              <li key={r.run_id}>
                <RunLine id={r.run_id} run={lookup(r.run_id)} now={now} />
                <span className="ry-prune-list__size">
                  {r.bytes === null && measuring ? 'measuring…' : formatBytes(r.bytes)}
                </span>
              </li>
            ))}
            {preview.remove.length > SHOWN && <li className="ry-muted">and {preview.remove.length - SHOWN} more</li>}
          </ul>
        </section>
        <section aria-label="Stays">
          <h3 className="ry-legend">Stays ({preview.keep.length})</h3>
          <ReasonList items={preview.keep} lookup={lookup} now={now} />
        </section>
      </div>
    </div>
  );
}

/** A run's short id, description, status and age (just the id when the table does not know it). */
function RunLine({ id, run, now }: { id: string; run: RunRecord | undefined; now: number }) {
  const idText = (
    <span className="ry-mono" title={id}>
      {shortId(id)}
    </span>
  );
  if (!run) return idText;
  return (
    <>
      {idText}
      <span className="ry-prune-list__what" title={run.description}>
        {run.description}
      </span>
      <span className="ry-prune-list__status">{run.status}</span>
      <span className="ry-prune-list__age" title={formatLocal(run.created_ms)}>
        {formatRelativeShort(run.created_ms, now)}
      </span>
    </>
  );
}

function ReasonList({
  items,
  lookup,
  now,
}: {
  items: { run_id: string; reason: string }[];
  lookup: RunLookup;
  now: number;
}) {
  return (
    <ul className="ry-prune-list">
      {items.slice(0, SHOWN).map((k) => (
        <li key={k.run_id}>
          <RunLine id={k.run_id} run={lookup(k.run_id)} now={now} />
          <span className="ry-prune-list__reason">{k.reason}</span>
        </li>
      ))}
      {items.length > SHOWN && <li className="ry-muted">and {items.length - SHOWN} more</li>}
    </ul>
  );
}

export function BytesBar({ freed, total }: { freed: number; total: number | null }) {
  const whole = Math.max(total ?? 0, freed);
  const kept = Math.max(0, whole - freed);
  const share = whole > 0 ? freed / whole : 0;
  const label =
    total === null ? `${formatBytes(freed)} freed` : `${formatBytes(freed)} freed, ${formatBytes(kept)} kept`;
  return (
    <figure className="ry-bytes-bar">
      <svg width="100%" height="18" role="img" aria-label={label} preserveAspectRatio="none" viewBox="0 0 1000 18">
        <rect x={0} y={0} width={1000} height={18} rx={4} className="ry-bytes-bar__kept" />
        {share > 0 && (
          <rect x={0} y={0} width={Math.max(3, share * 1000)} height={18} rx={4} className="ry-bytes-bar__freed" />
        )}
      </svg>
      <figcaption className="ry-bytes-bar__legend">
        <span>
          <i className="ry-swatch ry-bytes-bar__freed" /> freed {formatBytes(freed)}
        </span>
        {total !== null && (
          <span>
            <i className="ry-swatch ry-bytes-bar__kept" /> kept {formatBytes(kept)}
          </span>
        )}
      </figcaption>
    </figure>
  );
}
