// Display helpers of the feature components. Sizes, durations and times come from
// shared/format.ts so that they read the same as in the table and the run detail.
import { KNOWN_STATUSES } from '../../../shared/types';
import { formatRelative, shortId as shortOwnId } from '../../../shared/format';
import { folderLabel, plainId, splitRunKey } from '../../state/allFolders';

export { formatBytes, formatDuration as durationText, formatLocal as localTime } from '../../../shared/format';

/** A run's short id; in All folders (where ids are folder keys) its own id's. */
export const shortId = (id: string): string => shortOwnId(plainId(id));

/** A run's whole id as a tooltip shows it; in All folders with its folder. */
export function idTitle(id: string): string {
  const at = splitRunKey(id);
  return at ? `${at.run_id} (in ${folderLabel(at.dir)}: ${at.dir})` : id;
}

/** The folder a run of All folders is in, to show beside its id; null for a plain id. */
export const folderOfRun = (id: string): string | null => {
  const at = splitRunKey(id);
  return at ? folderLabel(at.dir) : null;
};

export function relativeTime(ms: number | null | undefined): string {
  return formatRelative(ms, Date.now());
}

/** A theme variable per known status; custom statuses share one colour. */
export function statusColor(status: string): string {
  return (KNOWN_STATUSES as readonly string[]).includes(status) ? `var(--status-${status})` : 'var(--status-other)';
}

/** An id for an operation, unique enough to match its progress events. */
export function operationId(prefix: string): string {
  const c = globalThis.crypto;
  const rand =
    c && 'randomUUID' in c ? c.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `${prefix}-${rand}`;
}

/** Shortens by code points, so an emoji or accented letter is never cut in half. */
export function clipText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}
