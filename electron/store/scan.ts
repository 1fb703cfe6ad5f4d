// Reads a runs directory. The run folders are the truth; the index only fills in for
// a run whose metadata cannot be read. Reading never writes, and no single bad file
// stops the scan. Synchronous on purpose: readFileSync + JSON.parse is about five
// times faster than fs.promises at 10k runs (DEVELOPERS.md).
import fs from 'node:fs';
import path from 'node:path';
import { lineageProblems, lineageProblemsOf } from '../../shared/lineage';
import { recordFromMetadata, unreadableRecord } from '../../shared/metadata';
import { parseRunIndex } from '../../shared/run-index';
import { runIdProblem } from '../../shared/run-id';
import type { IndexEntry, NonRunEntry, Problem, RunIndex, RunRecord, ScanResult } from '../../shared/types';
import { errnoWords } from './errors';
import { MAX_METADATA_BYTES, readBoundedText, type BadUtf8 } from './bounded-read';
import { badUtf8Message } from './raw-metadata';
import { MetadataCache, statKey } from './metadata-cache';
import { CURRENT_LINK, INDEX_FILE, METADATA_FILE } from './paths';
import { formatBytes } from '../../shared/format';

export interface IndexRead {
  index: RunIndex | null;
  problem: Problem | null;
}

/** The index of 100k runs is about 20 MB. */
const MAX_INDEX_BYTES = 256 * 1024 * 1024;

export function readIndex(base: string): IndexRead {
  let text: string;
  try {
    const read = readBoundedText(path.join(base, INDEX_FILE), base, MAX_INDEX_BYTES);
    if (read.kind === 'escapes')
      return {
        index: null,
        problem: {
          file: INDEX_FILE,
          message:
            "the index is a link that leads out of the runs directory; it was not read (Runyard's next write replaces the link with a real index)",
        },
      };
    if (read.kind === 'too-large')
      return {
        index: null,
        problem: {
          file: INDEX_FILE,
          message: `the index is ${formatBytes(read.bytes)}, more than the ${formatBytes(MAX_INDEX_BYTES)} Runyard reads`,
        },
      };
    text = read.text;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      index: null,
      problem: {
        file: INDEX_FILE,
        message: code === 'ENOENT' ? 'the index is missing' : `cannot read the index: ${errnoWords(code) ?? code}`,
      },
    };
  }
  const parsed = parseRunIndex(text);
  if (!parsed.ok)
    return { index: null, problem: { file: INDEX_FILE, message: `the index is unusable: ${parsed.reason}` } };
  const problem = parsed.skipped
    ? { file: INDEX_FILE, message: `${parsed.skipped} index entries have no run_id and were ignored` }
    : null;
  return { index: parsed.index, problem };
}

/**
 * What reading one metadata.json gave. `partial` is an empty or unparseable file, which
 * the module's plain open-and-write leaves while a simulation is writing it: a reader
 * that follows the folder keeps its last good copy and reads again.
 */
export type RunRead =
  | { kind: 'missing' }
  | { kind: 'ok'; record: RunRecord }
  | { kind: 'partial'; record: RunRecord }
  | { kind: 'error'; record: RunRecord };

/**
 * `hint`: the run's index entry, used only when its metadata is unusable; a function is
 * called only then, so that reading a good run never costs reading the index (5 MB at 10k).
 */
export type RunHint = IndexEntry | undefined | (() => IndexEntry | undefined);

export function readRunFile(base: string, id: string, hintOrGet?: RunHint, withMtime = false): RunRead {
  const hint = () => (typeof hintOrGet === 'function' ? hintOrGet() : hintOrGet);
  const file = path.join(base, id, METADATA_FILE);
  const relFile = `${id}/${METADATA_FILE}`;
  let text: string;
  let badUtf8: BadUtf8 | undefined;
  try {
    const read = readBoundedText(file, base, MAX_METADATA_BYTES);
    if (read.kind === 'escapes')
      return {
        kind: 'error',
        record: unreadableRecord(
          id,
          { file: relFile, message: 'metadata.json is a link that leads out of the runs directory; it was not read' },
          hint(),
        ),
      };
    if (read.kind === 'too-large')
      return {
        kind: 'error',
        record: unreadableRecord(
          id,
          {
            file: relFile,
            message: `metadata.json is ${formatBytes(read.bytes)}, more than the ${formatBytes(MAX_METADATA_BYTES)} Runyard reads; it was not read`,
          },
          hint(),
        ),
      };
    text = read.text;
    badUtf8 = read.badUtf8;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    const why =
      code === 'EISDIR'
        ? 'metadata.json is a folder'
        : code === 'ENOTFILE'
          ? 'metadata.json is not a regular file'
          : `cannot read metadata.json: ${errnoWords(code) ?? code}`;
    return { kind: 'error', record: unreadableRecord(id, { file: relFile, message: why }, hint()) };
  }
  const mtime = withMtime ? mtimeOf(file) : 0;
  if (text.trim() === '')
    return {
      kind: 'partial',
      record: unreadableRecord(
        id,
        { file: relFile, message: 'metadata.json is empty (possibly being written)' },
        hint(),
        mtime,
      ),
    };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return {
      kind: 'partial',
      record: unreadableRecord(
        id,
        { file: relFile, message: `metadata.json is not valid JSON, possibly half-written (${(e as Error).message})` },
        hint(),
        mtime,
      ),
    };
  }
  const record = recordFromMetadata(id, raw, relFile, mtime);
  if (badUtf8) record.problems.unshift({ file: relFile, message: badUtf8Message(badUtf8) });
  return { kind: record.unreadable ? 'error' : 'ok', record };
}

/** Reads one run folder's metadata. `hint` is its index entry, used only when the metadata is unusable. */
export function readRun(base: string, id: string, hint?: RunHint, withMtime = false): RunRecord | null {
  const r = readRunFile(base, id, hint, withMtime);
  return r.kind === 'missing' ? null : r.record;
}

function mtimeOf(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

export function describeCurrent(base: string): { entry: NonRunEntry; problem: Problem | null } {
  const link = path.join(base, CURRENT_LINK);
  let target: string;
  try {
    target = fs.readlinkSync(link);
  } catch (e) {
    // The module replaces the link by unlinking it first: gone between the listing and this read is not a problem.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return { entry: { name: CURRENT_LINK, kind: 'current-link', detail: 'being replaced' }, problem: null };
    return {
      entry: { name: CURRENT_LINK, kind: 'current-link', detail: 'a plain file or folder, not a symlink' },
      problem: { file: CURRENT_LINK, message: '"current" is not a symlink' },
    };
  }
  const problem =
    runIdProblem(target) || !fs.existsSync(path.join(base, target, METADATA_FILE))
      ? {
          file: CURRENT_LINK,
          message: `"current" points at ${JSON.stringify(target)}, which is not a run in this directory`,
        }
      : null;
  return { entry: { name: CURRENT_LINK, kind: 'current-link', detail: `-> ${target}` }, problem };
}

export interface ScanOptions {
  /** stat each metadata.json for its mtime (needed for staleness, not for listing). */
  withMtime?: boolean;
  /**
   * Reuse parsed metadata from the user's cache folder for files whose inode, size and
   * mtime are unchanged (one stat per run instead of a read and a parse).
   */
  cache?: boolean;
}

/** How the scan sees one entry of the base folder: a run candidate (a real folder with a valid name) or something else. */
export type EntryClass = { run: true } | { run: false; entry: NonRunEntry; problem: Problem | null };

export function classifyEntry(
  base: string,
  name: string,
  kind: { isDirectory(): boolean; isSymbolicLink(): boolean },
): EntryClass {
  if (name === CURRENT_LINK) {
    const c = describeCurrent(base);
    return { run: false, entry: c.entry, problem: c.problem };
  }
  if (name.startsWith('.'))
    return {
      run: false,
      entry: { name, kind: 'dotfile', detail: name === INDEX_FILE ? 'the run index' : 'hidden entry' },
      problem: null,
    };
  const bad = runIdProblem(name);
  if (bad)
    return {
      run: false,
      entry: { name, kind: 'invalid-name', detail: bad },
      problem: { file: name, message: `not read as a run: ${bad}` },
    };
  // A link may lead anywhere (another user's folder, /etc); saying so beats silently leaving it out.
  if (kind.isSymbolicLink())
    return {
      run: false,
      entry: { name, kind: 'symlink', detail: 'symlinks are not followed as runs' },
      problem: { file: name, message: 'not read as a run: it is a symlink, and Runyard does not follow links as runs' },
    };
  if (!kind.isDirectory()) return { run: false, entry: { name, kind: 'file', detail: 'a stray file' }, problem: null };
  return { run: true };
}

export function scanRuns(base: string, opts: ScanOptions = {}): ScanResult {
  const dirents = fs.readdirSync(base, { withFileTypes: true });
  const cache = opts.cache ? MetadataCache.open(base) : null;
  // The index is only needed for its own problems and as hints for unreadable runs.
  let indexRead: IndexRead | null = null;
  const index = () => (indexRead ??= readIndex(base));
  let hints: Map<string, IndexEntry> | null = null;
  const hint = (id: string) => (hints ??= new Map(index().index?.runs.map((e) => [e.run_id, e]) ?? [])).get(id);
  const runs: RunRecord[] = [];
  const entries: NonRunEntry[] = [];
  const problems: Problem[] = [];
  const indexProblem = cache ? cachedIndexProblem(base, cache, () => index().problem) : index().problem;
  if (indexProblem) problems.push(indexProblem);
  for (const d of dirents) {
    const name = d.name;
    const c = classifyEntry(base, name, d);
    if (!c.run) {
      entries.push(c.entry);
      if (c.problem) problems.push(c.problem);
      continue;
    }
    const run = cache
      ? readRunCached(base, name, cache, hint, opts.withMtime)
      : readRun(base, name, () => hint(name), opts.withMtime);
    if (run) runs.push(run);
    else if (fs.existsSync(path.join(base, name)))
      entries.push({ name, kind: 'folder-without-metadata', detail: 'a folder without metadata.json' });
  }
  cache?.save();
  // After saving: what the cache keeps of a run must not depend on other runs.
  withLineageProblems(runs);
  return { runs, entries, problems };
}

/** Adds each run's orphan or cycle problem (shared/lineage.ts) to its own problems. */
export function withLineageProblems(runs: RunRecord[]): void {
  const found = lineageProblems(runs);
  if (!found.size) return;
  for (const r of runs) {
    const extra = found.get(r.run_id);
    if (extra) r.problems = [...r.problems, ...extra];
  }
}

/** One run's orphan or cycle problem, found by reading its ancestors' metadata only. */
export function lineageProblemsOfRun(base: string, id: string): Problem[] {
  return lineageProblemsOf(id, (x) => {
    // A run as the scan sees one: a real folder (not a link) with a valid name and metadata.
    const r =
      runIdProblem(x) || !fs.lstatSync(path.join(base, x), { throwIfNoEntry: false })?.isDirectory()
        ? null
        : readRun(base, x);
    return r ? r.parent_run_id : undefined;
  });
}

function readRunCached(
  base: string,
  id: string,
  cache: MetadataCache,
  hint: (id: string) => IndexEntry | undefined,
  withMtime?: boolean,
): RunRecord | null {
  const r = readRunFileCached(base, id, cache, hint);
  if (r.kind === 'missing') return null;
  if (!withMtime) r.record.mtime_ms = 0;
  return r.record;
}

/** readRunFile through the metadata cache: one stat when the file is unchanged since it was cached. */
export function readRunFileCached(
  base: string,
  id: string,
  cache: MetadataCache,
  hint: (id: string) => IndexEntry | undefined,
): RunRead {
  let st: fs.Stats | undefined;
  try {
    // Plain concatenation (id is a checked folder name): path.join's normalising shows at 100k runs.
    // lstat: a metadata.json that is a link is always read through readRunFile, which checks where it leads.
    st = fs.lstatSync(`${base}${path.sep}${id}${path.sep}${METADATA_FILE}`, { throwIfNoEntry: false });
  } catch {
    st = undefined;
  }
  if (!st || !st.isFile()) return readRunFile(base, id, () => hint(id), true);
  const key = statKey(st);
  const hit = cache.lookup(id, key);
  if (hit) {
    hit.mtime_ms = st.mtimeMs;
    return { kind: 'ok', record: hit };
  }
  const r = readRunFile(base, id, () => hint(id), true);
  if (r.kind === 'ok') cache.store(id, key, r.record, st.mtimeMs);
  else cache.store(id, key, null, st.mtimeMs);
  return r;
}

function cachedIndexProblem(base: string, cache: MetadataCache, read: () => Problem | null): Problem | null {
  const st = fs.statSync(path.join(base, INDEX_FILE), { throwIfNoEntry: false });
  if (!st) return read();
  const key = statKey(st);
  const known = cache.indexProblem(key);
  if (known !== undefined) return known;
  const problem = read();
  cache.storeIndex(key, problem);
  return problem;
}
