// A whole results CSV of a run, for a chart across runs (ops/value-series.ts). Opened as
// the store opens metadata.json, but checked through the open descriptor every time (not
// only when the last part is a link): a results/ folder that is itself a link out of the
// runs directory must not lead a read out either. At most MAX_SERIES_FILE_BYTES are read;
// a longer file gives its first part and says so.
import fs from 'node:fs';
import path from 'node:path';
import { describeBadUtf8, firstBadUtf8, NONBLOCK } from './bounded-read';
import { realPathOfFd } from './fd-path';
import { isInside, runDir } from './paths';
import { formatBytes } from '../../shared/format';

/** A series is thinned to 2000 points anyway; this much CSV is millions of rows. */
export const MAX_SERIES_FILE_BYTES = 32 * 1024 * 1024;

const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

export type ResultsCsvRead =
  { text: string; partial: boolean; bytes: number; name: string } | { problem: string; missing?: true; name: string };

/** `file` as a path under results/ ("summary.csv", "sub/x.csv"), or a sentence saying why it cannot be one. */
export function resultsCsvPath(file: string): { name: string; segments: string[] } | { error: string } {
  const trimmed = file.replace(/^results[\\/]/, '');
  const segments = trimmed.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (file.includes('\0') || /^[\\/]/.test(file) || /^[A-Za-z]:/.test(file) || segments.includes('..'))
    return { error: `${JSON.stringify(file)} is not a path inside a run's results/ folder` };
  if (segments.length === 0 || !/\.(csv|tsv)$/i.test(segments[segments.length - 1]!))
    return { error: `${JSON.stringify(file)} is not a .csv file under results/` };
  return { name: `results/${segments.join('/')}`, segments };
}

function open(file: string): number {
  try {
    return fs.openSync(file, fs.constants.O_RDONLY | NOFOLLOW | NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!NOFOLLOW || (code !== 'ELOOP' && code !== 'EMLINK')) throw e;
  }
  return fs.openSync(file, fs.constants.O_RDONLY | NONBLOCK);
}

/** Reads results/`file` of run `runId`; every failure is a sentence that names the file. */
export function readResultsCsv(base: string, runId: string, file: string): ResultsCsvRead {
  const p = resultsCsvPath(file);
  if ('error' in p) return { problem: p.error, name: file };
  const name = `${runId}/${p.name}`;
  const full = path.join(runDir(base, runId), 'results', ...p.segments);
  let fd: number;
  try {
    fd = open(full);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { problem: `${name} does not exist`, missing: true, name };
    return { problem: `${name} cannot be read (${code ?? (e as Error).message})`, name };
  }
  try {
    const st = fs.fstatSync(fd);
    const where = realPathOfFd(fd, full, st);
    if (where === null || !isInside(fs.realpathSync(base), where))
      return { problem: `${name} is a link that leads out of the runs directory; it was not read`, name };
    if (!st.isFile()) return { problem: `${name} is not a regular file`, name };
    const length = Math.min(st.size, MAX_SERIES_FILE_BYTES);
    const buf = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const n = fs.readSync(fd, buf, got, length - got, got);
      if (n === 0) break;
      got += n;
    }
    const bytes = buf.subarray(0, got);
    const partial = st.size > got;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      // A cut at the cap may split a character; only a bad byte before the last few counts.
      const bad = firstBadUtf8(bytes);
      if (!partial || bad.offset < got - 4)
        return { problem: `${name} is not valid UTF-8 (${describeBadUtf8(bad)})`, name };
      text = bytes.toString('utf8');
    }
    return { text, partial, bytes: st.size, name };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { problem: `${name} cannot be read (${code ?? (e as Error).message})`, name };
  } finally {
    fs.closeSync(fd);
  }
}

/** The note for a file read only in part. */
export function partialNote(name: string, bytes: number): string {
  return `${name} is ${formatBytes(bytes)}; only its first ${formatBytes(MAX_SERIES_FILE_BYTES)} are plotted`;
}
