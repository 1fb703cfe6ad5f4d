// A bounded window onto a log file: the text held in memory and the byte range of the
// file it came from. New bytes are appended while following; earlier pages are
// prepended on request; either way the window never holds more than `max` characters,
// so a 1 GB log costs at most a few MB in the UI.
export interface LogWindow {
  /** Byte offset in the file of the first character of `text`. */
  start: number;
  /** Byte offset just after the last character of `text`. */
  end: number;
  text: string;
  /** Characters were dropped at the end to make room for an earlier page. */
  cutEnd: boolean;
}

export const LOG_WINDOW_MAX_CHARS = 2 * 1024 * 1024;
/** Trimming takes a bit more than needed so it does not happen on every append. */
const TRIM_SLACK = 256 * 1024;

const encoder = new TextEncoder();
export const byteLength = (s: string): number => encoder.encode(s).length;

export function windowFromChunk(offset: number, text: string): LogWindow {
  return { start: offset, end: offset + byteLength(text), text, cutEnd: false };
}

/**
 * Adds text read at `offset`. Text that continues the window is appended; anything
 * else (a truncated or rotated file, a gap) starts a new window from that text.
 * A window whose end was cut for an earlier page is not appended to; the caller
 * offers to jump back to the end instead.
 */
export function appendChunk(
  w: LogWindow,
  offset: number,
  text: string,
  truncated: boolean,
  max = LOG_WINDOW_MAX_CHARS,
): LogWindow {
  if (w.cutEnd) return w;
  if (truncated || offset !== w.end) return trimStart(windowFromChunk(offset, text), max);
  return trimStart({ start: w.start, end: w.end + byteLength(text), text: w.text + text, cutEnd: false }, max);
}

/** Drops whole lines from the start until the window fits. */
export function trimStart(w: LogWindow, max = LOG_WINDOW_MAX_CHARS): LogWindow {
  if (w.text.length <= max) return w;
  let cut = w.text.length - Math.max(0, max - TRIM_SLACK);
  const nl = w.text.indexOf('\n', cut);
  if (nl >= 0 && nl - cut < 4096) cut = nl + 1;
  const dropped = w.text.slice(0, cut);
  return { start: w.start + byteLength(dropped), end: w.end, text: w.text.slice(cut), cutEnd: w.cutEnd };
}

/**
 * Adds an earlier page read at `offset` that ends where the window starts. A page
 * that starts mid-file may begin mid-line; that partial line is dropped (it stays
 * loadable with the next page). When the window overflows, the end is cut.
 */
export function prependChunk(w: LogWindow, offset: number, text: string, max = LOG_WINDOW_MAX_CHARS): LogWindow {
  let body = text;
  let start = offset;
  if (offset > 0) {
    const nl = body.indexOf('\n');
    if (nl >= 0 && nl < body.length - 1) {
      start = offset + byteLength(body.slice(0, nl + 1));
      body = body.slice(nl + 1);
    }
  }
  let merged = body + w.text;
  let end = w.end;
  let cutEnd = w.cutEnd;
  if (merged.length > max) {
    let keep = max - TRIM_SLACK;
    const nl = merged.lastIndexOf('\n', keep);
    if (nl > keep - 4096) keep = nl + 1;
    end -= byteLength(merged.slice(keep));
    merged = merged.slice(0, keep);
    cutEnd = true;
  }
  return { start, end, text: merged, cutEnd };
}

/** Where each case-insensitive occurrence of `needle` starts in `text`. */
export function findAll(text: string, needle: string, limit = 10_000): number[] {
  if (!needle) return [];
  const hay = text.toLowerCase();
  const n = needle.toLowerCase();
  const out: number[] = [];
  for (let i = hay.indexOf(n); i >= 0 && out.length < limit; i = hay.indexOf(n, i + n.length)) out.push(i);
  return out;
}
