// .run_index.json is a cache the module rewrites without a lock; it can be missing,
// stale or corrupt. Parsing is lenient and reports what it could not use.
import { isPlainObject } from './metadata';
import { dumpPyJson } from './py-json';
import type { IndexEntry, RunIndex } from './types';

export type ParsedIndex = { ok: true; index: RunIndex; skipped: number } | { ok: false; reason: string };

export function parseRunIndex(text: string): ParsedIndex {
  if (text.trim() === '') return { ok: false, reason: 'the file is empty (possibly being written)' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `not valid JSON (${(e as Error).message})` };
  }
  if (!isPlainObject(raw)) return { ok: false, reason: 'not a JSON object' };
  if (!Array.isArray(raw.runs)) return { ok: false, reason: '"runs" is not a list' };
  const runs: IndexEntry[] = [];
  let skipped = 0;
  for (const e of raw.runs) {
    if (!isPlainObject(e) || typeof e.run_id !== 'string') {
      skipped++;
      continue;
    }
    runs.push({
      run_id: e.run_id,
      description: typeof e.description === 'string' ? e.description : '',
      created_at: typeof e.created_at === 'string' ? e.created_at : '',
      status: typeof e.status === 'string' ? e.status : 'unknown',
      tags: Array.isArray(e.tags) ? e.tags.filter((t): t is string => typeof t === 'string') : [],
    });
  }
  return { ok: true, index: { runs, latest: typeof raw.latest === 'string' ? raw.latest : null }, skipped };
}

/** The module's own serialisation, byte for byte (py-json.ts), entries in the order they were last touched. */
export function serialiseRunIndex(index: RunIndex): string {
  return dumpPyJson({ runs: index.runs, latest: index.latest });
}

/** Replace or append one entry, as the module's _update_run_index does. */
export function withEntry(index: RunIndex, entry: IndexEntry, makeLatest = true): RunIndex {
  return {
    runs: [...index.runs.filter((r) => r.run_id !== entry.run_id), entry],
    latest: makeLatest ? entry.run_id : index.latest,
  };
}

export function withoutEntries(index: RunIndex, ids: Iterable<string>): RunIndex {
  const gone = new Set(ids);
  return {
    runs: index.runs.filter((r) => !gone.has(r.run_id)),
    latest: index.latest && gone.has(index.latest) ? null : index.latest,
  };
}
