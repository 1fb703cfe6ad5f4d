// What `runyard list --json` printed last time, kept in the user's cache folder beside
// the metadata cache (never in the runs directory). Scripts call `list --json` in
// loops; when no run changed, the answer is the last one, checked with one lstat per
// run and printed as the bytes it was stored as: no JSON is parsed or built, and no
// object is made per run. Anything wrong with the file only means reading the runs again.
// The file's layout is list-cache-file.ts.
import fs from 'node:fs';
import { cacheFile, ownCacheRoot, SETTLE_MS } from '../../store/cache-files';
import type { FileKey, Lstat, Seen } from './file-key';
import { printBody, withOverlay } from './list-body';
import {
  ABSENT,
  CREATED,
  CTIME,
  END,
  FIELDS,
  headerFor,
  INO,
  MTIME,
  openStoredList,
  PREFIX,
  readAt,
  SIZE,
  START,
  writeStoredList,
  type DirKey,
  type Tail,
} from './list-cache-file';

/** One run folder in the directory's order, and what it printed (null: not listed). */
export interface ListedEntry {
  name: string;
  seen: Seen;
  /** Only a line read whole from a settled file may be reused without reading. */
  reusable: boolean;
  line: { created_ms: number | null; parent: string | null; json: Buffer } | null;
}

/** What a run's lineage adds to the answer, from the parents of the listed entries: lines by entry. */
export type Overlay = (
  names: readonly string[],
  parents: readonly (string | null)[],
  listed: readonly number[],
  line: (i: number) => Buffer,
) => [number, string][];

/** A change to one stored entry: its file was read again. */
export interface EntryUpdate {
  i: number;
  seen: Seen;
  reusable: boolean;
  json: Buffer | null;
  parent: string | null;
}

/** Pieces of the stored answer are copied through one small buffer: a 5 MB one costs more in page faults than the copying. */
const PIECE_BYTES = 256 * 1024;

export class ListCache {
  private constructor(
    private readonly file: string,
    private readonly header: Buffer,
    /** The folder names, '\n' between them, as stored. */
    private readonly namesText: string,
    readonly count: number,
    private readonly f: Float64Array,
    private readonly fd: number | null,
    private readonly bodyAt: number,
    private readonly bodyBytes: number,
    private loaded: Buffer | null = null,
    private readonly now = Date.now(),
    private readonly tailBytes = 0,
    private readonly overCount = 0,
  ) {}

  private tailRead: Tail | null = null;

  private byName: Map<string, number> | null = null;
  /** The runs directory's own inode, size and mtime when the names were stored, if it had settled. */
  private dir: DirKey | null = null;

  /** False when caching is switched off (RUNYARD_NO_CACHE=1) or the cache folder is not ours alone. */
  static enabled(): boolean {
    return !process.env.RUNYARD_NO_CACHE && ownCacheRoot() !== null;
  }

  /** The stored answer for this directory, or an empty one. Only the names and stat keys are read now. */
  static open(base: string): ListCache {
    const file = cacheFile(PREFIX, base, '.bin');
    const header = headerFor(base);
    const s = openStoredList(file, header);
    if (!s) return new ListCache(file, header, '', 0, new Float64Array(0), null, 0, 0, Buffer.from('[]\n'));
    const cache = new ListCache(
      file,
      header,
      s.namesText,
      s.count,
      s.f,
      s.fd,
      s.bodyAt,
      s.bodyBytes,
      null,
      Date.now(),
      s.tailBytes,
      s.overCount,
    );
    cache.dir = s.dir;
    return cache;
  }

  /** The stored lines as each run's metadata alone says them. */
  private get plain(): Buffer {
    return (this.loaded ??= readAt(this.fd!, Buffer.allocUnsafe(this.bodyBytes), this.bodyAt));
  }

  /** The parents and lineage lines stored after the body. */
  get tail(): Tail {
    if (this.tailRead) return this.tailRead;
    if (this.fd === null || !this.tailBytes) return (this.tailRead = { parents: this.names.map(() => null), over: [] });
    return (this.tailRead = JSON.parse(
      readAt(this.fd, Buffer.allocUnsafe(this.tailBytes), this.bodyAt + this.bodyBytes).toString(),
    ) as Tail);
  }

  parent(i: number): string | null {
    return this.tail.parents[i] ?? null;
  }

  /** The stored answer, whole, as printed. */
  get body(): Buffer {
    return this.overCount ? withOverlay(this.plain, this.f, this.tail.over) : this.plain;
  }

  /** Hands the stored answer to `out` piece by piece; `out` must be done with a piece when it returns. */
  pipeBody(out: (piece: Buffer) => void): void {
    if (this.loaded || this.overCount) return out(this.body);
    const piece = Buffer.allocUnsafeSlow(Math.min(PIECE_BYTES, this.bodyBytes));
    for (let at = 0; at < this.bodyBytes; at += piece.length) {
      const n = Math.min(piece.length, this.bodyBytes - at);
      out(readAt(this.fd!, piece, this.bodyAt + at, n).subarray(0, n));
    }
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
  }

  /**
   * True when no entry of the runs directory can have been added, removed, renamed or
   * replaced since the names were stored: each of those changes the directory's mtime.
   */
  sameEntries(st: fs.Stats | null): boolean {
    const d = this.dir;
    return Boolean(d && st && st.ino === d[0] && st.size === d[1] && st.mtimeMs === d[2] && st.ctimeMs === d[3]);
  }

  /** The directory as seen before listing it, kept with the next write; true when that differs from the stored one. */
  noteDir(st: fs.Stats | null): boolean {
    const was = JSON.stringify(this.dir);
    this.dir = st && this.now - st.mtimeMs >= SETTLE_MS ? [st.ino, st.size, st.mtimeMs, st.ctimeMs] : null;
    return JSON.stringify(this.dir) !== was;
  }

  /** Stores the answer again as it is (with the directory's new key). */
  keep(): void {
    this.write(this.names, this.f, this.plain, this.tail);
  }

  private namesSplit: string[] | null = null;

  /** The run folders' names in the directory's order. */
  get names(): string[] {
    return (this.namesSplit ??= this.count ? this.namesText.split('\n') : []);
  }

  /**
   * Each name in turn, none kept: an array of 10k strings made at start-up would be
   * copied by each of the first garbage collections, which run during the stat pass.
   */
  forEachName(fn: (name: string, i: number) => void): void {
    const text = this.namesText;
    for (let i = 0, at = 0; i < this.count; i++) {
      const end = i === this.count - 1 ? text.length : text.indexOf('\n', at);
      fn(text.slice(at, end), i);
      at = end + 1;
    }
  }

  indexOf(name: string): number | undefined {
    return (this.byName ??= new Map(this.names.map((n, i) => [n, i]))).get(name);
  }

  /** True when the metadata.json is as it was when its line was stored. */
  unchanged(i: number, seen: Seen): boolean {
    return this.matches(i, seen, seen?.isFile);
  }

  /** unchanged() for a bare lstat: the check made once per run, with no key built for it. */
  unchangedStat(i: number, st: Lstat): boolean {
    return this.matches(i, st, st?.isFile());
  }

  private matches(i: number, st: Omit<FileKey, 'isFile'> | undefined | null, isFile: boolean | undefined): boolean {
    const o = i * FIELDS;
    const f = this.f;
    if (st === undefined) return f[o + INO] === ABSENT;
    return (
      st !== null &&
      st.ino === f[o + INO] &&
      st.size === f[o + SIZE] &&
      st.mtimeMs === f[o + MTIME] &&
      st.ctimeMs === f[o + CTIME] &&
      isFile === true
    );
  }

  created(i: number): number | null {
    const c = this.f[i * FIELDS + CREATED]!;
    return Number.isNaN(c) ? null : c;
  }

  /** The printed line, or null for a folder that was not listed. Read alone unless the whole answer is (see load). */
  line(i: number): Buffer | null {
    const o = i * FIELDS;
    const start = this.f[o + START]!;
    const end = this.f[o + END]!;
    if (start < 0) return null;
    return this.loaded
      ? this.loaded.subarray(start, end)
      : readAt(this.fd!, Buffer.allocUnsafe(end - start), this.bodyAt + start);
  }

  /** Reads the whole stored answer now: for when most lines will be used. */
  load(): void {
    void this.plain;
  }

  /**
   * The stored answer with some lines replaced (their created_ms unchanged, so the order
   * holds), and stores it; null when the lines read again say what they said.
   */
  patch(updates: readonly EntryUpdate[], overlay: Overlay): Buffer | null {
    const f = Float64Array.from(this.f);
    for (const u of updates) this.setKey(f, u.i, u.seen, u.reusable);
    const changed = updates.filter((u) => u.json && !u.json.equals(this.line(u.i)!));
    const parents = this.names.map((_, i) => this.tail.parents[i] ?? null);
    for (const u of updates) parents[u.i] = u.parent;
    const reparented = updates.some((u) => u.parent !== (this.tail.parents[u.i] ?? null));
    // A file read again every time (half-written, unreadable) usually says the same: no need to store that again.
    if (
      !changed.length &&
      !reparented &&
      updates.every((u) =>
        [INO, SIZE, MTIME, CTIME].every((k) => Object.is(f[u.i * FIELDS + k], this.f[u.i * FIELDS + k])),
      )
    )
      return null;
    // Printed again in the stored order (by where each line was), with the new lines in place.
    const json = new Map(changed.map((u) => [u.i, u.json!]));
    const listed = [...this.names.keys()]
      .filter((i) => f[i * FIELDS + START]! >= 0)
      .sort((a, b) => f[a * FIELDS + START]! - f[b * FIELDS + START]!);
    this.load();
    const lines = listed.map((i) => json.get(i) ?? this.line(i)!);
    const { body, starts } = printBody(lines);
    listed.forEach((i, k) => {
      f[i * FIELDS + START] = starts[k]!;
      f[i * FIELDS + END] = starts[k]! + lines[k]!.length;
    });
    const byEntry = new Map(listed.map((i, k) => [i, lines[k]!]));
    const over = overlay(this.names, parents, listed, (i) => byEntry.get(i)!);
    this.write(this.names, f, body, { parents, over });
    return over.length ? withOverlay(body, f, over) : body;
  }

  /** Stores a freshly built answer: entries in the directory's order, with where each line starts in the body (-1: not listed). */
  replace(entries: readonly ListedEntry[], body: Buffer, starts: readonly number[], over: [number, string][]): void {
    const f = new Float64Array(entries.length * FIELDS);
    entries.forEach((e, i) => {
      const o = i * FIELDS;
      const start = starts[i]!;
      f[o + CREATED] = e.line?.created_ms ?? NaN;
      f[o + START] = start;
      f[o + END] = start < 0 ? -1 : start + e.line!.json.length;
      this.setKey(f, i, e.seen, e.reusable);
    });
    this.write(
      entries.map((e) => e.name),
      f,
      body,
      { parents: entries.map((e) => e.line?.parent ?? null), over },
    );
  }

  private setKey(f: Float64Array, i: number, seen: Seen, reusable: boolean): void {
    const o = i * FIELDS;
    const settled = seen && this.now - seen.mtimeMs >= SETTLE_MS;
    f[o + INO] = seen === undefined ? ABSENT : reusable && settled ? seen!.ino : NaN;
    f[o + SIZE] = settled ? seen!.size : NaN;
    f[o + MTIME] = settled ? seen!.mtimeMs : NaN;
    f[o + CTIME] = settled ? seen!.ctimeMs : NaN;
  }
  private write(names: readonly string[], f: Float64Array, body: Buffer, tail: Tail): void {
    writeStoredList(this.file, this.header, this.dir, names, f, body, tail);
  }
}
