// The Trash view's table: one row per trash entry — what it was (description, status at
// the time, short id), when it went, why (the policy in words), by whom and its size —
// with a checkbox and a Restore button unless the page may not change anything.
import type { TrashItem } from '../../../shared/api/models';
import type { RunRecord } from '../../../shared/types';
import { timestampMs } from '../../../shared/timestamps';
import { formatBytes } from '../../../shared/format';
import { policyWords } from '../../../shared/trash-policy-text';
import { StatusBadge } from '../../ui/StatusBadge';
import { localTime, relativeTime, shortId } from '../kit/format';

export const entryOf = (i: TrashItem) => i.entry ?? i.run_id;

/** "user@host", without the process id the record also keeps. */
const whoText = (by: string) => by.replace(/ \(pid \d+\)$/, '');

/** The policy in words; run ids it lists read as descriptions from the folder or the trash itself. */
export function whyText(item: TrashItem, describe: (id: string) => string | undefined): string {
  if (!item.policy_options) return item.policy;
  return policyWords(item.policy_options, { runId: item.run_id, describe });
}

export interface TrashTableProps {
  items: readonly TrashItem[];
  /** A run in the folder, for the descriptions of runs a policy names that are back (or never left). */
  lookup?: (runId: string) => RunRecord | undefined;
  /** Without it (a read-only page) there are no checkboxes and no Restore buttons. */
  select?: {
    selected: ReadonlySet<string>;
    busy: boolean;
    onToggle(entry: string, on: boolean): void;
    onAll(on: boolean): void;
    onRestore(entry: string): void;
  };
}

export function TrashTable({ items, lookup, select }: TrashTableProps) {
  const trashed = new Map(items.map((i) => [i.run_id, i.description]));
  const describe = (id: string) => lookup?.(id)?.description || trashed.get(id) || undefined;
  const restorable = items.filter((i) => i.complete !== false);
  const allOn = restorable.length > 0 && restorable.every((i) => select?.selected.has(entryOf(i)));
  return (
    <div className="ry-scroll ry-trash__scroll" tabIndex={0} role="region" aria-label="Trashed runs, scrollable">
      <table className="ry-table" aria-label="Trashed runs">
        <thead>
          <tr>
            {select && (
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label="Select all"
                  checked={allOn}
                  disabled={select.busy || restorable.length === 0}
                  onChange={(e) => select.onAll(e.target.checked)}
                />
              </th>
            )}
            <th scope="col">Run</th>
            <th scope="col">Trashed</th>
            <th scope="col">Why</th>
            <th scope="col">By</th>
            <th scope="col">Size</th>
            {select && (
              <th scope="col">
                <span className="ry-visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <TrashRow key={entryOf(item)} item={item} why={whyText(item, describe)} select={select} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TrashRow({ item, why, select }: { item: TrashItem; why: string; select: TrashTableProps['select'] }) {
  const when = timestampMs(item.trashed_at) ?? Date.parse(item.trashed_at);
  const entry = entryOf(item);
  const rowId = `trash-${entry}`;
  const broken = item.complete === false;
  return (
    <tr>
      {select && (
        <td>
          <input
            type="checkbox"
            aria-label={`Select ${item.description || item.run_id}`}
            checked={select.selected.has(entry)}
            disabled={broken || select.busy}
            onChange={(e) => select.onToggle(entry, e.target.checked)}
          />
        </td>
      )}
      <td id={rowId} className="ry-trash__what">
        <span className="ry-trash__desc">{item.description || <span className="ry-muted">(no description)</span>}</span>
        <span className="ry-trash__meta">
          {item.status && <StatusBadge status={item.status} />}
          <span className="ry-mono ry-muted" title={item.run_id}>
            {shortId(item.run_id)}
          </span>
          {item.kind === 'checkpoints' && <span className="ry-muted">checkpoint files only</span>}
        </span>
        {broken && <div className="ry-error">Incomplete: an operation was interrupted, so it cannot be restored.</div>}
      </td>
      <td title={Number.isFinite(when) ? localTime(when) : item.trashed_at}>
        {Number.isFinite(when) ? relativeTime(when) : item.trashed_at}
      </td>
      <td className="ry-trash__policy">{why}</td>
      <td title={item.by}>{whoText(item.by)}</td>
      <td className="ry-trash__size">{formatBytes(item.bytes)}</td>
      {select && (
        <td>
          <button
            type="button"
            className="ry-button"
            disabled={select.busy || broken}
            aria-describedby={rowId}
            onClick={() => select.onRestore(entry)}
          >
            Restore
          </button>
        </td>
      )}
    </tr>
  );
}
