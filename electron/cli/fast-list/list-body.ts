// The printed answer of an unfiltered `list --json`: the stored lines joined as the full
// CLI prints them, with the lines of runs whose lineage adds a problem put in place.
import { END, FIELDS, START } from './list-cache-file';

/** The answer to an unfiltered `list --json`: one line per run, in the order given. */
export function printBody(lines: readonly Buffer[]): { body: Buffer; starts: number[] } {
  if (!lines.length) return { body: Buffer.from('[]\n'), starts: [] };
  const parts: Buffer[] = [Buffer.from('[\n  ')];
  const between = Buffer.from(',\n  ');
  const starts: number[] = [];
  let at = 4;
  lines.forEach((l, i) => {
    if (i) {
      parts.push(between);
      at += between.length;
    }
    starts.push(at);
    parts.push(l);
    at += l.length;
  });
  parts.push(Buffer.from('\n]\n'));
  return { body: Buffer.concat(parts), starts };
}

/** The body with the lines of `over` (by entry) in place of the stored ones. */
export function withOverlay(body: Buffer, f: Float64Array, over: readonly [number, string][]): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const [i, line] of [...over].sort((a, b) => f[a[0] * FIELDS + START]! - f[b[0] * FIELDS + START]!)) {
    parts.push(body.subarray(at, f[i * FIELDS + START]!), Buffer.from(line));
    at = f[i * FIELDS + END]!;
  }
  parts.push(body.subarray(at));
  return Buffer.concat(parts);
}
