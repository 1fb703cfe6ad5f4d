// `runyard list --json`: the command scripts call in loops, and the one measured
// against the Python module's list_runs() (which reads only the index). Runyard's
// answer is checked against the run folders, so the least it can do is one stat per
// run; with the list cache (store/list-cache.ts) that is nearly all it does: an
// unchanged run's line is printed as it was, without reading, parsing or building
// its JSON. Printed one run per line, so that both paths give the same bytes.
import fs from 'node:fs';
import path from 'node:path';
import { hasFilter, matchesQuery, newestFirst, runSummary, type RunQuery } from '../../shared/run-query';
import type { IndexEntry } from '../../shared/types';
import { ioError } from '../store/errors';
import { ListCache, type ListedRun } from '../store/list-cache';
import { statKey } from '../store/cache-files';
import { METADATA_FILE } from '../store/paths';
import { classifyEntry, readIndex, readRunFile } from '../store/scan';

/** lstat: a metadata.json that is a link is always read through readRunFile, which checks where it leads. */
function lstatOrNot(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** The whole answer, as UTF-8: cached lines are printed as the bytes they were read as. */
export function listJsonBytes(base: string, q: RunQuery): Buffer {
  let dirents: fs.Dirent[];
  try {
    dirents = fs.readdirSync(base, { withFileTypes: true });
  } catch (e) {
    throw ioError('read the runs directory', base, e);
  }
  const cache = ListCache.open(base);
  // The index only stands in for a run whose metadata cannot be read.
  let hints: Map<string, IndexEntry> | null = null;
  const hint = (id: string) => (hints ??= new Map(readIndex(base).index?.runs.map((e) => [e.run_id, e]) ?? [])).get(id);
  const runs: ListedRun[] = [];
  for (const d of dirents) {
    const name = d.name;
    if (!(cache?.has(name) && d.isDirectory()) && !classifyEntry(base, name, d).run) continue;
    const st = cache ? lstatOrNot(`${base}${path.sep}${name}${path.sep}${METADATA_FILE}`) : undefined;
    const key = st?.isFile() ? statKey(st) : null;
    const hit = key ? cache!.lookup(name, key) : undefined;
    if (hit) {
      runs.push(hit);
      continue;
    }
    const r = readRunFile(base, name, hint(name));
    if (r.kind === 'missing') continue;
    const run = { run_id: name, created_ms: r.record.created_ms, json: Buffer.from(JSON.stringify(runSummary(r.record))) };
    if (key && r.kind === 'ok') cache!.store(name, key, run, st!.mtimeMs);
    runs.push(run);
  }
  cache?.save();
  // Only a filter needs a cached line's fields; listing everything never parses one.
  const matched = hasFilter(q) ? runs.filter((r) => matchesQuery(JSON.parse(r.json.toString()) as ReturnType<typeof runSummary>, q)) : runs;
  const chosen = newestFirst(matched, q.limit);
  if (!chosen.length) return Buffer.from('[]\n');
  const between = Buffer.from(',\n  ');
  return Buffer.concat([Buffer.from('[\n  '), ...chosen.flatMap((r, i) => (i ? [between, r.json] : [r.json])), Buffer.from('\n]\n')]);
}
