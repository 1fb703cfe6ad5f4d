// Ages on the command line: --older-than and --stale-after take "30", "30d", "12h" or "2w".
import { InvalidArgumentError } from 'commander';

/** "30" or "30d" days, "12h" hours, "2w" weeks; returned in days. */
export function parseDays(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([hdw]?)$/i.exec(v.trim());
  if (!m) throw new InvalidArgumentError(`expected an age such as 30 (days), 30d, 12h or 2w, got ${JSON.stringify(v)}`);
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  return unit === 'h' ? n / 24 : unit === 'w' ? n * 7 : n;
}

/** Like parseDays, but a bare number means hours. */
export function parseHoursAsDays(v: string): number {
  return parseDays(/[hdw]\s*$/i.test(v) ? v : `${v.trim()}h`);
}
