// The run index (the module's runs_index.json) drifting from the folders: runs it misses,
// entries whose folder is gone, entries out of date. Said in a bar with a one-click repair
// (`index.repair` rewrites it from the folders). Checked when a folder is opened and again
// after changes settle; not shown on a read-only serve, where nothing can be repaired.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { IndexCheck } from '../../shared/api/models';
import { useApi, useAppInfo } from '../api/ApiContext';
import { useNotify } from './notices';

/** Changes come in bursts (a run writing its files); one check after they settle. */
export const RECHECK_MS = 1500;

const runs = (n: number) => `${n} ${n === 1 ? 'run' : 'runs'}`;

/** What is wrong with the index, in words; null when it agrees with the folders. */
export function describeDrift(c: IndexCheck): string | null {
  if (!c.readable) return 'The run index is missing or unreadable.';
  const parts: string[] = [];
  if (c.stale.length) parts.push(`lists ${runs(c.stale.length)} that ${c.stale.length === 1 ? 'is' : 'are'} gone`);
  if (c.missing.length) parts.push(`misses ${runs(c.missing.length)}`);
  if (c.mismatched.length) parts.push(`is out of date for ${runs(c.mismatched.length)}`);
  if (!parts.length) return null;
  const last = parts.pop()!;
  return `The run index ${parts.length ? `${parts.join(', ')} and ${last}` : last}.`;
}

export function IndexNotice({ dir }: { dir: string | null }) {
  const client = useApi();
  const readOnly = useAppInfo()?.readOnly ?? true;
  const notify = useNotify();
  const [check, setCheck] = useState<IndexCheck | null>(null);
  const [repairing, setRepairing] = useState(false);
  const seq = useRef(0);

  const recheck = useCallback(async () => {
    const mine = ++seq.current;
    const r = await client.call('index.check', {});
    // A later check (or a repair) has the newer answer; an error leaves the bar as it was.
    if (mine === seq.current && r.ok) setCheck(r.value);
  }, [client]);

  useEffect(() => {
    if (readOnly || !dir) return;
    setCheck(null);
    void recheck();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = client.on('runs.delta', () => {
      clearTimeout(timer);
      timer = setTimeout(() => void recheck(), RECHECK_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
      seq.current++;
    };
  }, [client, dir, readOnly, recheck]);

  const repair = async () => {
    setRepairing(true);
    const mine = ++seq.current;
    const r = await client.call('index.repair', {});
    setRepairing(false);
    if (!r.ok) return notify.error(r.error);
    if (mine === seq.current) setCheck(r.value.after);
    const still = describeDrift(r.value.after);
    notify.info(
      still
        ? `Repaired the run index, but it still disagrees: ${still}`
        : 'Repaired the run index from the run folders.',
    );
  };

  const text = !readOnly && check ? describeDrift(check) : null;
  if (!text) return null;
  return (
    <div className="index-notice" role="status">
      <span>{text}</span>
      <button type="button" onClick={() => void repair()} disabled={repairing}>
        {repairing ? 'Repairing…' : 'Repair index'}
      </button>
    </div>
  );
}
