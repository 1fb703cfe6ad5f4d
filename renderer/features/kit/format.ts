// Display helpers of the feature components. Sizes, durations and times come from
// shared/format.ts so that they read the same as in the table and the run detail.
import { KNOWN_STATUSES } from '../../../shared/types';
import { formatRelative } from '../../../shared/format';

export { formatBytes, formatDuration as durationText, formatLocal as localTime, shortId } from '../../../shared/format';

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
