// The trash: `<runs>/.trash/<entry>/` holds what was removed at the same relative
// path it had in the runs directory (a run at `<entry>/<run_id>/`, checkpoint files
// at `<entry>/<run_id>/checkpoints/...`) plus `.record.json` saying when, by whom,
// why, and the index entry. Everything moves by rename inside the runs directory, so
// it costs the same whatever the size and never copies. Run ids cannot start with a
// dot, so `.record.json`, `.journal.json` and `.deleting` never clash with payloads.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runIdProblem } from '../../shared/run-id';
import type { IndexEntry } from '../../shared/types';
import { writeJsonAtomicSync } from './atomic';
import { ioError, StoreError } from './errors';
import { DELETING_DIR, isInside, TRASH_DIR } from './paths';

export { DELETING_DIR, JOURNAL_FILE, TRASH_DIR } from './paths';
export const RECORD_FILE = '.record.json';

export interface TrashRecord {
  version: 1;
  kind: 'run' | 'checkpoints';
  /** The folder name under .trash; the run id, or the run id with a ~suffix when that is taken. */
  entry: string;
  run_id: string;
  description: string;
  trashed_at: string;
  /** user@host and the process, for "who removed this?". */
  trashed_by: string;
  /** The rules that chose it (prune options, or the checkpoint retention policy). */
  policy: Record<string, unknown>;
  /** Paths relative to the runs directory; each sits at the same relative path under the entry. */
  paths: string[];
  bytes: number | null;
  /** kind run: the .run_index.json entry that was removed, put back on restore. */
  index_entry?: IndexEntry;
  /** kind checkpoints: the metadata entries removed, with their positions in the list. */
  checkpoints?: { index: number; entry: Record<string, unknown> }[];
}

export interface TrashEntry {
  record: TrashRecord;
  /** False while any payload path is missing (an interrupted operation). */
  complete: boolean;
}

export function trashDir(base: string): string {
  return path.join(base, TRASH_DIR);
}

export function entryDir(base: string, entry: string): string {
  if (runIdProblem(entry)) throw new StoreError('invalid', `invalid trash entry ${JSON.stringify(entry)}`);
  return path.join(trashDir(base), entry);
}

/** Where a payload path lives inside an entry; checked to stay inside it. */
export function payloadPath(base: string, entry: string, rel: string): string {
  const dir = entryDir(base, entry);
  const p = path.join(dir, rel);
  if (!isInside(dir, p) || p === dir)
    throw new StoreError('invalid', `trash record of ${entry} names a path outside it: ${rel}`);
  return p;
}

export function originPath(base: string, rel: string): string {
  const p = path.join(base, rel);
  const top = rel.split(/[\\/]/)[0] ?? '';
  if (!isInside(base, p) || p === base || runIdProblem(top))
    throw new StoreError('invalid', `path outside a run folder: ${rel}`);
  return p;
}

/** .trash must be a real folder: a link could send removals to another filesystem or outside. */
export function ensureTrashDir(base: string): string {
  const dir = trashDir(base);
  try {
    const st = fs.lstatSync(dir);
    if (!st.isDirectory())
      throw new StoreError(
        'refused',
        `${dir} is not a folder (${st.isSymbolicLink() ? 'a symlink' : 'a file'}); Runyard keeps its trash there and will not follow it`,
        dir,
      );
  } catch (e) {
    if (e instanceof StoreError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError('read', dir, e);
    try {
      fs.mkdirSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw ioError('create', dir, err);
    }
  }
  return dir;
}

/**
 * A real folder, not a link to one: `.trash`, `.trash/.deleting` and each entry must be,
 * or a link planted there could send Runyard's moves and deletions out of the runs directory.
 */
export function isRealFolder(p: string): boolean {
  try {
    return fs.lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

export function whoAmI(): string {
  let user = process.env.USER ?? '';
  if (!user) {
    try {
      user = os.userInfo().username;
    } catch {
      user = 'unknown';
    }
  }
  return `${user}@${os.hostname()} (pid ${process.pid})`;
}

/** A fresh entry name: the run id, else run_id~2, ~3, ... */
export function freshEntryName(base: string, runId: string, taken: Set<string> = new Set()): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? runId : `${runId}~${n}`;
    if (!taken.has(name) && !exists(path.join(trashDir(base), name))) return name;
  }
}

export function readRecord(base: string, entry: string): TrashRecord | null {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(entryDir(base, entry), RECORD_FILE), 'utf8')) as TrashRecord;
    return raw && typeof raw === 'object' && typeof raw.run_id === 'string' && Array.isArray(raw.paths) ? raw : null;
  } catch {
    return null;
  }
}

export function writeRecord(base: string, record: TrashRecord): void {
  const file = path.join(entryDir(base, record.entry), RECORD_FILE);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeJsonAtomicSync(file, record);
  } catch (e) {
    throw ioError('write', file, e);
  }
}

/**
 * Removes an entry's record and the folders Runyard made to hold its payload, when
 * empty. Folders inside a payload are never touched (a run's empty results/ is data).
 */
export function dropEntryShell(base: string, rec: Pick<TrashRecord, 'entry' | 'paths'>): void {
  const dir = entryDir(base, rec.entry);
  if (!exists(dir)) return;
  for (const name of fs.readdirSync(dir))
    if (name.startsWith(RECORD_FILE)) fs.rmSync(path.join(dir, name), { force: true });
  const scaffolding = new Set<string>();
  for (const rel of rec.paths) {
    const parts = rel.split('/');
    for (let i = parts.length - 1; i >= 1; i--) scaffolding.add(parts.slice(0, i).join('/'));
  }
  const deepestFirst = [...scaffolding].sort((a, b) => b.split('/').length - a.split('/').length);
  for (const rel of [...deepestFirst, '']) {
    try {
      fs.rmdirSync(path.join(dir, rel));
    } catch {
      // not empty: something real is still in it
    }
  }
}

/** Renames `from` to `to`, making the folders above `to`; refuses to overwrite. */
export function moveNoClobber(from: string, to: string): void {
  if (exists(to)) throw new StoreError('conflict', `cannot move ${from} to ${to}: something is already there`);
  try {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.renameSync(from, to);
  } catch (e) {
    throw ioError('move', from, e);
  }
}

/** Every entry in the trash, newest first. Reads only. */
export function listTrash(base: string): TrashEntry[] {
  if (!isRealFolder(trashDir(base))) return [];
  let names: string[];
  try {
    names = fs.readdirSync(trashDir(base));
  } catch {
    return [];
  }
  const out: TrashEntry[] = [];
  for (const name of names) {
    if (name.startsWith('.') || runIdProblem(name) || !isRealFolder(path.join(trashDir(base), name))) continue;
    const record = readRecord(base, name);
    if (!record) continue;
    const complete = record.paths.every((p) => exists(path.join(trashDir(base), name, p)));
    out.push({ record: { ...record, entry: name }, complete });
  }
  return out.sort((a, b) =>
    a.record.trashed_at < b.record.trashed_at ? 1 : a.record.trashed_at > b.record.trashed_at ? -1 : 0,
  );
}

/** Entries whose record cannot be read: left alone, but worth a warning. Reads only. */
export function trashProblems(base: string): string[] {
  const dir = trashDir(base);
  if (exists(dir) && !isRealFolder(dir))
    return [`${TRASH_DIR} is not a folder (a link or a file); Runyard neither reads nor changes anything through it`];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const links = names
    .filter((n) => (!n.startsWith('.') || n === DELETING_DIR) && !isRealFolder(path.join(dir, n)))
    .map(
      (n) =>
        `${TRASH_DIR}/${n} is not a folder (a link or a file); it is left as it is and nothing is read, restored or deleted through it`,
    );
  return [
    ...links,
    ...names
      .filter((n) => !n.startsWith('.') && !runIdProblem(n) && isRealFolder(path.join(dir, n)) && !readRecord(base, n))
      .map(
        (n) =>
          `${TRASH_DIR}/${n}/${RECORD_FILE} is missing or not valid JSON; the entry is left as it is (restore it by hand if needed)`,
      ),
  ];
}

/** An entry by its name, or by a run id / unique prefix when one entry matches. */
export function resolveEntry(base: string, ref: string): TrashEntry {
  const items = listTrash(base);
  // A run trashed twice has two entries; its bare id must not silently pick one.
  const named = items.filter((i) => i.record.entry === ref || i.record.run_id === ref);
  const matches = named.length ? named : ref.length >= 4 ? items.filter((i) => i.record.entry.startsWith(ref)) : [];
  if (matches.length === 1) return matches[0]!;
  if (!matches.length)
    throw new StoreError(
      'not-found',
      `nothing in the trash matches ${JSON.stringify(ref)}${items.length ? ' (see `runyard trash list`)' : ' (the trash is empty)'}`,
    );
  throw new StoreError(
    'invalid',
    `${JSON.stringify(ref)} matches ${matches.length} trash entries (${matches
      .map((m) => m.record.entry)
      .sort()
      .join(', ')}); name one`,
  );
}
