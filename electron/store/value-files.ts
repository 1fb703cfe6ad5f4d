// What a run's value files hold and how much of them is read: config.yaml and
// run_params.json parsed whole (size-capped), a results CSV read at its two ends only
// (the header line and the last 64 KiB), never whole, since only its last row is a value.
// The reader that opens and caches them is run-values.ts.
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseCsv } from '../../shared/csv';
import { parsePyJson } from '../../shared/py-json';
import type { RunValue } from '../../shared/values';

/** A config far larger than this is data, not parameters. */
export const MAX_VALUE_FILE_BYTES = 4 * 1024 * 1024;
/** What is read of each end of a results CSV. */
export const CSV_END_BYTES = 64 * 1024;
/** Results files looked at per run; a folder of thousands of CSVs is output, not a summary. */
export const MAX_CSV_PER_RUN = 50;

export const DOC_FILES = { config: 'config.yaml', params: 'run_params.json' } as const;
export type DocSource = keyof typeof DOC_FILES;

/** The last row of a CSV by column name, as values (numeric cells as numbers). */
export type CsvEnds = Map<string, RunValue>;

/** config.yaml is YAML (the module writes JSON into it, which is YAML too); run_params.json is JSON (Python's, NaN included). */
export function parseDoc(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    /* NaN, Infinity, or YAML */
  }
  try {
    return parsePyJson(text).value;
  } catch (e) {
    if (name.endsWith('.json')) throw e;
  }
  return parseYaml(text, { maxAliasCount: 100 });
}

/**
 * The header and last record of a CSV from its two ends. The last record is found by
 * walking back from the end: a newline starts a record only when an even number of
 * quotes follow it (RFC 4180 doubles quotes inside fields), so quoted newlines hold.
 * A last line without its newline is a row still being written, and is passed over.
 */
export function csvEnds(
  head: string,
  tail: string,
  tailIsWhole: boolean,
): { header: string[]; last: string[] | null } | { error: string } {
  const nl = head.indexOf('\n');
  if (nl < 0 && !tailIsWhole) return { error: `its header line is longer than ${CSV_END_BYTES / 1024} KiB` };
  const headerLine = (nl < 0 ? head : head.slice(0, nl)).replace(/\r$/, '');
  const header = parseCsv(`${headerLine}\n`).header;
  let end = tail.length;
  if (!tail.endsWith('\n')) {
    // Half a row: the complete ones before it are the data.
    const lastNl = tail.lastIndexOf('\n');
    end = lastNl < 0 ? 0 : lastNl + 1;
  }
  while (end > 0 && (tail[end - 1] === '\n' || tail[end - 1] === '\r')) end--;
  let quotes = 0;
  let start = -1;
  for (let i = end - 1; i >= 0; i--) {
    const c = tail.charCodeAt(i);
    if (c === 34) quotes++;
    else if (c === 10 && quotes % 2 === 0) {
      start = i + 1;
      break;
    }
  }
  if (start < 0) {
    if (!tailIsWhole) return { error: `its last row is longer than ${CSV_END_BYTES / 1024} KiB` };
    return { header, last: null }; // only the header
  }
  const record = tail.slice(start, end);
  if (record.trim() === '') return { header, last: null };
  const row = parseCsv(`${headerLine}\n${record}\n`, { maxRows: 1 }).rows[0] ?? null;
  return { header, last: row };
}

/** Up to `length` bytes from `position`, fewer at the end of the file. */
export function readAt(fd: number, position: number, length: number): string {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return buf.toString('utf8', 0, got);
}
