// A run that says it is running but whose folder has not changed for a long time has
// most likely died without saying so (killed job, lost node). The live index only
// flags it; nothing is written, because the run may just be slow.
import { ACTIVE_STATUSES } from './types';

export const DEFAULT_STALE_AFTER_MS = 24 * 3600 * 1000;

export function isStale(status: string, lastActivityMs: number, nowMs: number, staleAfterMs: number): boolean {
  return ACTIVE_STATUSES.includes(status) && lastActivityMs > 0 && nowMs - lastActivityMs > staleAfterMs;
}
