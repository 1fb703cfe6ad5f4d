// Status as a coloured badge; custom statuses (any other string) are shown as written.
import { KNOWN_STATUSES } from '../../shared/types';

export function statusColour(status: string): string {
  return (KNOWN_STATUSES as readonly string[]).includes(status) ? `var(--status-${status})` : 'var(--status-other)';
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className="status-badge" style={{ '--badge': statusColour(status) } as React.CSSProperties}>
      <span className="status-dot" aria-hidden="true" />
      {status}
    </span>
  );
}
