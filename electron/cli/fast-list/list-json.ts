// `runyard list --json`: the command scripts call in loops, and the one measured
// against the Python module's list_runs() (which reads only the index). Runyard's
// answer is checked against the run folders, so the least it can do is one stat per
// run; with the list cache (list-cache.ts) that is nearly all it does when no
// run changed. Printed one run per line, so that every path gives the same bytes.
import fs from 'node:fs';
import path from 'node:path';
import {
  compareNewestFirst,
  hasFilter,
  matchesQuery,
  runSummary,
  type RunQuery,
  type RunSummary,
} from '../../../shared/run-query';
import type { IndexEntry } from '../../../shared/types';
import { ioError } from '../../store/errors';
import { keyOf, lstatKey, lstatOf, type Seen } from './file-key';
import { lineageProblems } from '../../../shared/lineage';
import { ListCache, type EntryUpdate, type ListedEntry, type Overlay } from './list-cache';
import { printBody } from './list-body';
import { CURRENT_LINK, METADATA_FILE } from '../../store/paths';
import { classifyEntry } from '../../store/base-entries';
import { readIndex } from '../../store/index-read';
import { readRunFile } from '../../store/run-read';

type Hint = (id: string) => IndexEntry | undefined;

/** storedAnswer's word for "the stored answer, as it is". */
const AS_STORED = Symbol('as stored');

/** The answer, handed to `out` in one or more pieces; `out` must be done with a piece when it returns. */
export function listJson(base: string, q: RunQuery, out: (piece: Buffer) => void): void {
  // Seen before the listing, so that a change while listing shows next time.
  const dirSeen = statOrNull(base);
  let dirents: fs.Dirent[] | null = null;
  const listing = () => {
    try {
      return (dirents ??= fs.readdirSync(base, { withFileTypes: true }));
    } catch (e) {
      throw ioError('read the runs directory', base, e);
    }
  };
  // The index only stands in for a run whose metadata cannot be read.
  let hints: Map<string, IndexEntry> | null = null;
  const hint: Hint = (id) => (hints ??= new Map(readIndex(base).index?.runs.map((e) => [e.run_id, e]) ?? [])).get(id);
  const cache = ListCache.enabled() ? ListCache.open(base) : null;
  try {
    const sameEntries = cache?.sameEntries(dirSeen);
    // Once the directory has settled, its listing need not be read while it stays so.
    const dirMoved = cache?.noteDir(dirSeen);
    const stored = cache && storedAnswer(base, sameEntries ? null : listing(), cache, hint);
    if (stored === AS_STORED && dirMoved) cache!.keep();
    const narrowed = hasFilter(q) || q.limit !== undefined;
    if (stored === AS_STORED && !narrowed) return cache!.pipeBody(out);
    const body = stored === AS_STORED ? cache!.body : (stored ?? freshAnswer(base, listing(), cache, hint));
    out(narrowed ? chosenFrom(body, q) : body);
  } finally {
    cache?.close();
  }
}

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

export function listJsonBytes(base: string, q: RunQuery): Buffer {
  const pieces: Buffer[] = [];
  listJson(base, q, (p) => pieces.push(Buffer.from(p)));
  return Buffer.concat(pieces);
}

function metadataPath(base: string, name: string): string {
  // Plain concatenation (name is a checked folder name): path.join's normalising shows at 10k runs.
  return `${base}${path.sep}${name}${path.sep}${METADATA_FILE}`;
}

const RELATIVE_METADATA = `${path.sep}${METADATA_FILE}`;

/**
 * Runs `fn` in the runs directory, so that each lstat walks two path components rather
 * than the whole base path (a fifth of the time at 10k runs). `fn` gets the prefix that
 * makes a run folder's name a path: empty, or the base path where changing directory
 * failed. The working directory is put back after.
 */
function inDir<T>(base: string, fn: (prefix: string) => T): T {
  let back: string | null = null;
  try {
    const cwd = process.cwd();
    process.chdir(base);
    back = cwd;
  } catch {
    // a deleted working directory, or no permission: absolute paths work as well
  }
  try {
    return fn(back === null ? `${base}${path.sep}` : '');
  } finally {
    try {
      if (back !== null) process.chdir(back);
    } catch {
      // the old working directory went away while listing: nothing can be resolved from it now
    }
  }
}

function readListed(base: string, name: string, seen: Seen, hint: Hint): Pick<ListedEntry, 'line' | 'reusable'> {
  const r = readRunFile(base, name, () => hint(name));
  if (r.kind === 'missing') return { line: null, reusable: seen === undefined };
  return {
    line: {
      created_ms: r.record.created_ms,
      parent: r.record.parent_run_id,
      json: Buffer.from(JSON.stringify(runSummary(r.record))),
    },
    reusable: r.kind === 'ok',
  };
}

/**
 * The printed lines of the runs that are orphans or on a parent cycle: their own line
 * with that problem added (shared/lineage.ts, as in every other view). Depends on the
 * other runs, so it is worked out again whenever a line or the set of runs changes.
 */
const lineageLines: Overlay = (names, parents, listed, line) => {
  const found = lineageProblems(listed.map((i) => ({ run_id: names[i]!, parent_run_id: parents[i] ?? null })));
  if (!found.size) return [];
  const out: [number, string][] = [];
  for (const i of listed) {
    const extra = found.get(names[i]!);
    if (!extra) continue;
    const summary = JSON.parse(line(i).toString()) as RunSummary;
    out.push([i, JSON.stringify({ ...summary, problems: [...summary.problems, ...extra] })]);
  }
  return out;
};

/**
 * The stored answer, when the directory holds the same run folders in the same order
 * (no run added, removed or renamed). Lines whose metadata.json changed are read again
 * and replaced in place; a change of created_at, which would move a line, is left to
 * freshAnswer. Null when the stored answer cannot be used. `dirents` is null when the
 * directory's entries are known to be the stored ones (sameEntries).
 */
function storedAnswer(
  base: string,
  dirents: readonly fs.Dirent[] | null,
  cache: ListCache,
  hint: Hint,
): Buffer | typeof AS_STORED | null {
  const stale: { i: number; seen: Seen }[] = [];
  const found = inDir(base, (prefix) => {
    const check = (name: string, i: number) => {
      const st = lstatOf(prefix + name + RELATIVE_METADATA);
      if (!cache.unchangedStat(i, st)) stale.push({ i, seen: keyOf(st) });
    };
    if (!dirents) {
      cache.forEachName(check);
      return true;
    }
    const names = cache.names;
    let i = 0;
    for (const d of dirents) {
      const name = d.name;
      if (i < names.length && name === names[i]) {
        // The stored names are all run folders' names; being one depends on the name and the kind alone.
        if (!d.isDirectory()) return false;
        check(name, i++);
      } else if (name !== CURRENT_LINK && classifyEntry(base, name, d).run) return false;
    }
    return i === names.length;
  });
  if (!found) return null;
  if (!stale.length) return AS_STORED;
  const names = cache.names;
  const updates: EntryUpdate[] = [];
  for (const { i, seen } of stale) {
    const read = readListed(base, names[i]!, seen, hint);
    const was = cache.line(i);
    if (!read.line !== !was || (read.line && read.line.created_ms !== cache.created(i))) return null;
    updates.push({
      i,
      seen,
      reusable: read.reusable,
      json: read.line?.json ?? null,
      parent: read.line?.parent ?? null,
    });
  }
  return cache.patch(updates, lineageLines) ?? AS_STORED;
}

/** Every run folder read (or its stored line reused when its file is unchanged), sorted, printed and stored. */
function freshAnswer(base: string, dirents: readonly fs.Dirent[], cache: ListCache | null, hint: Hint): Buffer {
  const entries: ListedEntry[] = [];
  cache?.load();
  for (const d of dirents) {
    const name = d.name;
    const known = cache?.indexOf(name);
    if (!(known !== undefined && d.isDirectory()) && (name === CURRENT_LINK || !classifyEntry(base, name, d).run))
      continue;
    const seen = cache ? lstatKey(metadataPath(base, name)) : undefined;
    const line = known !== undefined && cache!.unchanged(known, seen) ? cache!.line(known) : undefined;
    if (line !== undefined)
      entries.push({
        name,
        seen,
        reusable: true,
        line: line && { created_ms: cache!.created(known!), parent: cache!.parent(known!), json: line },
      });
    else entries.push({ name, seen, ...readListed(base, name, seen, hint) });
  }
  const order = entries
    .map((e, i) => ({ run_id: e.name, created_ms: e.line?.created_ms ?? null, i }))
    .filter((o) => entries[o.i]!.line);
  order.sort(compareNewestFirst);
  const { body, starts } = printBody(order.map((o) => entries[o.i]!.line!.json));
  const over = lineageLines(
    entries.map((e) => e.name),
    entries.map((e) => e.line?.parent ?? null),
    order.map((o) => o.i),
    (i) => entries[i]!.line!.json,
  );
  if (cache) {
    const at = new Array<number>(entries.length).fill(-1);
    order.forEach((o, k) => (at[o.i] = starts[k]!));
    cache.replace(entries, body, at, over);
  }
  if (!over.length) return body;
  const printed = new Map(over.map(([i, l]) => [i, Buffer.from(l)]));
  return printBody(order.map((o) => printed.get(o.i) ?? entries[o.i]!.line!.json)).body;
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
