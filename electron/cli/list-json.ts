// `runyard list --json`: the command scripts call in loops, and the one measured
// against the Python module's list_runs() (which reads only the index). Runyard's
// answer is checked against the run folders, so the least it can do is one stat per
// run; with the list cache (store/list-cache.ts) that is nearly all it does when no
// run changed. Printed one run per line, so that every path gives the same bytes.
import fs from 'node:fs';
import path from 'node:path';
import { compareNewestFirst, hasFilter, matchesQuery, runSummary, type RunQuery, type RunSummary } from '../../shared/run-query';
import type { IndexEntry } from '../../shared/types';
import { ioError } from '../store/errors';
import { lstatKey, type Seen } from '../store/file-key';
import { ListCache, printBody, type EntryUpdate, type ListedEntry } from '../store/list-cache';
import { CURRENT_LINK, METADATA_FILE } from '../store/paths';
import { classifyEntry, readIndex, readRunFile } from '../store/scan';

type Hint = (id: string) => IndexEntry | undefined;

export function listJsonBytes(base: string, q: RunQuery): Buffer {
  let dirents: fs.Dirent[];
  try {
    dirents = fs.readdirSync(base, { withFileTypes: true });
  } catch (e) {
    throw ioError('read the runs directory', base, e);
  }
  // The index only stands in for a run whose metadata cannot be read.
  let hints: Map<string, IndexEntry> | null = null;
  const hint: Hint = (id) => (hints ??= new Map(readIndex(base).index?.runs.map((e) => [e.run_id, e]) ?? [])).get(id);
  const cache = ListCache.enabled() ? ListCache.open(base) : null;
  const body = (cache && storedAnswer(base, dirents, cache, hint)) ?? freshAnswer(base, dirents, cache, hint);
  return hasFilter(q) || q.limit !== undefined ? chosenFrom(body, q) : body;
}

function metadataPath(base: string, name: string): string {
  // Plain concatenation (name is a checked folder name): path.join's normalising shows at 10k runs.
  return `${base}${path.sep}${name}${path.sep}${METADATA_FILE}`;
}

function readListed(base: string, name: string, seen: Seen, hint: Hint): Pick<ListedEntry, 'line' | 'reusable'> {
  const r = readRunFile(base, name, hint(name));
  if (r.kind === 'missing') return { line: null, reusable: seen === undefined };
  return { line: { created_ms: r.record.created_ms, json: Buffer.from(JSON.stringify(runSummary(r.record))) }, reusable: r.kind === 'ok' };
}

/**
 * The stored answer, when the directory holds the same run folders in the same order
 * (no run added, removed or renamed). Lines whose metadata.json changed are read again
 * and replaced in place; a change of created_at, which would move a line, is left to
 * freshAnswer. Null when the stored answer cannot be used.
 */
function storedAnswer(base: string, dirents: readonly fs.Dirent[], cache: ListCache, hint: Hint): Buffer | null {
  const names = cache.names;
  const stale: { i: number; seen: Seen }[] = [];
  let i = 0;
  for (const d of dirents) {
    const name = d.name;
    if (i < names.length && name === names[i]) {
      // The stored names are all run folders' names; being one depends on the name and the kind alone.
      if (!d.isDirectory()) return null;
      const seen = lstatKey(metadataPath(base, name));
      if (!cache.unchanged(i, seen)) stale.push({ i, seen });
      i++;
    } else if (name !== CURRENT_LINK && classifyEntry(base, name, d).run) return null;
  }
  if (i !== names.length) return null;
  if (!stale.length) return cache.body;
  const updates: EntryUpdate[] = [];
  for (const { i, seen } of stale) {
    const read = readListed(base, names[i]!, seen, hint);
    const was = cache.line(i);
    if (!read.line !== !was || (read.line && read.line.created_ms !== cache.created(i))) return null;
    updates.push({ i, seen, reusable: read.reusable, json: read.line?.json ?? null });
  }
  return cache.patch(updates);
}

/** Every run folder read (or its stored line reused when its file is unchanged), sorted, printed and stored. */
function freshAnswer(base: string, dirents: readonly fs.Dirent[], cache: ListCache | null, hint: Hint): Buffer {
  const entries: ListedEntry[] = [];
  for (const d of dirents) {
    const name = d.name;
    const known = cache?.indexOf(name);
    if (!(known !== undefined && d.isDirectory()) && (name === CURRENT_LINK || !classifyEntry(base, name, d).run)) continue;
    const seen = cache ? lstatKey(metadataPath(base, name)) : undefined;
    const line = known !== undefined && cache!.unchanged(known, seen) ? cache!.line(known) : undefined;
    if (line !== undefined) entries.push({ name, seen, reusable: true, line: line && { created_ms: cache!.created(known!), json: line } });
    else entries.push({ name, seen, ...readListed(base, name, seen, hint) });
  }
  const order = entries.map((e, i) => ({ run_id: e.name, created_ms: e.line?.created_ms ?? null, i })).filter((o) => entries[o.i]!.line);
  order.sort(compareNewestFirst);
  const { body, starts } = printBody(order.map((o) => entries[o.i]!.line!.json));
  if (cache) {
    const at = new Array<number>(entries.length).fill(-1);
    order.forEach((o, k) => (at[o.i] = starts[k]!));
    cache.replace(entries, body, at);
  }
  return body;
}

/** A filtered or limited answer, from the whole one (one run per line, newest first). */
function chosenFrom(body: Buffer, q: RunQuery): Buffer {
  const filter = hasFilter(q);
  const limit = q.limit ?? Infinity;
  const chosen: Buffer[] = [];
  for (let at = body.indexOf(10) + 1; at < body.length && chosen.length < limit;) {
    const end = body.indexOf(10, at);
    if (body[at] !== 32) break; // the closing bracket
    const json = body.subarray(at + 2, body[end - 1] === 44 ? end - 1 : end);
    if (!filter || matchesQuery(JSON.parse(json.toString()) as RunSummary, q)) chosen.push(json);
    at = end + 1;
  }
  return printBody(chosen).body;
}
