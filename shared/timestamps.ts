// The module writes two spellings (naive isoformat()+"Z" and aware isoformat() with
// "+00:00" replaced), and drops microseconds when they are zero. Comparing them as
// strings sorts wrongly, so everything goes through these two functions.

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?(Z)?$/;

export interface ParsedTime {
  ms: number;
  /** Set when the text had no timezone and UTC was assumed. */
  assumedUtc: boolean;
}

export function parseTimestamp(text: unknown): ParsedTime | null {
  if (typeof text !== 'string') return null;
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const fracMs = frac ? Number(`0.${frac}`) * 1000 : 0;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + fracMs;
  if (Number.isNaN(ms)) return null;
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return null;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return { ms, assumedUtc: !zone };
}

export function timestampMs(text: unknown): number | null {
  return parseTimestamp(text)?.ms ?? null;
}

/** The module's canonical form: `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
export function formatTimestamp(ms: number, micros = 0): string {
  const iso = new Date(Math.floor(ms)).toISOString(); // 2026-10-28T08:30:00.654Z
  const sub = String(Math.max(0, Math.min(999, Math.floor(micros)))).padStart(3, '0');
  return `${iso.slice(0, 23)}${sub}Z`;
}
