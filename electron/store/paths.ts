// Every path the store builds from a run id or a metadata value goes through here,
// so "never leave the runs directory" is checked in one place.
import path from 'node:path';
import { assertRunId } from '../../shared/run-id';

export const INDEX_FILE = '.run_index.json';
export const CURRENT_LINK = 'current';
export const METADATA_FILE = 'metadata.json';
/** The trash, and what in it says an operation was interrupted (store/journal.ts). */
export const TRASH_DIR = '.trash';
export const JOURNAL_FILE = '.journal.json';
export const DELETING_DIR = '.deleting';
export const RUN_SUBDIRS = ['results', 'checkpoints', 'logs'] as const;

export function runDir(base: string, runId: string): string {
  return path.join(base, assertRunId(runId));
}

/** True when `p` is `base` or inside it, lexically. */
export function isInside(base: string, p: string): boolean {
  const rel = path.relative(path.resolve(base), path.resolve(p));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** A path relative to the runs directory, for messages that name a file. */
export function rel(base: string, p: string): string {
  return path.relative(base, p) || '.';
}
