// How the UI and the CLI write sizes, durations, times and run ids. Pure, so tests can pin `now`.

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  // One decimal below 10 (`1.5 MiB`), whole numbers above (`42 MiB`), in the CLI and the UI alike.
  return `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ${units[i]}`;
}

/** `1h 04m`, `3m 20s`, `12s`, `2d 5h`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

const SPANS = [60_000, 3_600_000, 86_400_000, 30 * 86_400_000, 365 * 86_400_000];
const LONG_UNITS = ['minute', 'hour', 'day', 'month', 'year'];
const SHORT_UNITS = ['min', 'h', 'd', 'mo', 'y'];

function relative(ms: number | null | undefined, now: number, units: string[], plural: boolean): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const diff = now - ms;
  const abs = Math.abs(diff);
  if (abs < 45_000) return 'just now';
  let i = 0;
  SPANS.forEach((span, k) => {
    if (abs >= span * 0.95) i = k;
  });
  const n = Math.max(1, Math.round(abs / SPANS[i]!));
  const words = `${n} ${units[i]}${plural && n !== 1 ? 's' : ''}`;
  return diff >= 0 ? `${words} ago` : `in ${words}`;
}

/** `5 minutes ago`, `in 2 hours`, `just now`. */
export function formatRelative(ms: number | null | undefined, now: number): string {
  return relative(ms, now, LONG_UNITS, true);
}

/** The same, short enough for a narrow column: `10 min ago`, `3 h ago`, `2 d ago`, `in 5 min`. */
export function formatRelativeShort(ms: number | null | undefined, now: number): string {
  return relative(ms, now, SHORT_UNITS, false);
}

/** Local date and time with the zone, for tooltips: `2026-10-28 09:30:00 GMT+1`. */
export function formatLocal(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone = `GMT${off >= 0 ? '+' : '-'}${Math.floor(Math.abs(off) / 60)}${Math.abs(off) % 60 ? `:${p(Math.abs(off) % 60)}` : ''}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${zone}`;
}

/** The first 8 characters, as the Python module's default descriptions use. */
export function shortId(id: string): string {
  return id.length > 8 ? id.slice(0, 8) : id;
}
