// What `runyard list --json` printed last time, kept in the user's cache folder beside
// the metadata cache (never in the runs directory). Scripts call `list --json` in
// loops; when no run changed, the answer is the last one, checked with one lstat per
// run and printed as the bytes it was stored as: no JSON is parsed or built, and no
// object is made per run. Anything wrong with the file only means reading the runs again.
//
// The file: a header line, a sizes line, the run folders' names in the order the
// directory listed them ('\n' between them: run ids hold no control characters), then
// per folder seven float64s (its metadata.json's inode, size, mtime and ctime;
// created_ms; where its line is in the body), then the body, which is the whole
// unfiltered answer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheFile, codeStamp, pruneCacheFiles, SETTLE_MS } from './cache-files';
import type { Seen } from './file-key';

const FORMAT = 3;
const PREFIX = 'list-';
const FIELDS = 7;
const [INO, SIZE, MTIME, CTIME, CREATED, START, END] = [0, 1, 2, 3, 4, 5, 6];
/** The inode stored for a folder without a metadata.json (not listed). */
const ABSENT = -1;

type DirKey = [ino: number, size: number, mtimeMs: number, ctimeMs: number];

/** One run folder in the directory's order, and what it printed (null: not listed). */
export interface ListedEntry {
  name: string;
  seen: Seen;
  /** Only a line read whole from a settled file may be reused without reading. */
  reusable: boolean;
  line: { created_ms: number | null; json: Buffer } | null;
}

/** A change to one stored entry: its file was read again. */
export interface EntryUpdate {
  i: number;
  seen: Seen;
  reusable: boolean;
  json: Buffer | null;
}

function headerFor(base: string): Buffer {
  return Buffer.from(`${JSON.stringify({ format: FORMAT, code: codeStamp(), base, endian: os.endianness() })}\n`);
}

/** The answer to an unfiltered `list --json`: one line per run, in the order given. */
export function printBody(lines: readonly Buffer[]): { body: Buffer; starts: number[] } {
  if (!lines.length) return { body: Buffer.from('[]\n'), starts: [] };
  const parts: Buffer[] = [Buffer.from('[\n  ')];
  const between = Buffer.from(',\n  ');
  const starts: number[] = [];
  let at = 4;
  lines.forEach((l, i) => {
    if (i) {
      parts.push(between);
      at += between.length;
    }
    starts.push(at);
    parts.push(l);
    at += l.length;
  });
  parts.push(Buffer.from('\n]\n'));
  return { body: Buffer.concat(parts), starts };
}

/** Reads exactly `length` bytes at `position`, or throws. */
function readAt(fd: number, into: Buffer, position: number, length = into.length): Buffer {
  for (let got = 0; got < length;) {
    const n = fs.readSync(fd, into, got, length - got, position + got);
    if (n === 0) throw new Error('the list cache is shorter than it says');
    got += n;
  }
  return into;
}

/** Pieces of the stored answer are copied through one small buffer: a 5 MB one costs more in page faults than the copying. */
const PIECE_BYTES = 256 * 1024;

export class ListCache {
  private constructor(
    private readonly file: string,
    private readonly header: Buffer,
    readonly names: string[],
    private readonly f: Float64Array,
    private readonly fd: number | null,
    private readonly bodyAt: number,
    private readonly bodyBytes: number,
    private loaded: Buffer | null = null,
    private readonly now = Date.now(),
  ) {}

  private byName: Map<string, number> | null = null;
  /** The runs directory's own inode, size and mtime when the names were stored, if it had settled. */
  private dir: DirKey | null = null;

  /** False when caching is switched off (RUNYARD_NO_CACHE=1). */
  static enabled(): boolean {
    return !process.env.RUNYARD_NO_CACHE;
  }

  /** The stored answer for this directory, or an empty one. Only the names and stat keys are read now. */
  static open(base: string): ListCache {
    const file = cacheFile(PREFIX, base, '.bin');
    const header = headerFor(base);
    let fd: number | null = null;
    try {
      fd = fs.openSync(file, 'r');
      const size = fs.fstatSync(fd).size;
      const first = readAt(fd, Buffer.allocUnsafe(Math.min(size, 64 * 1024)), 0);
      if (first.compare(header, 0, header.length, 0, header.length) !== 0) throw new Error('another format');
      const sizesEnd = first.indexOf(10, header.length);
      if (sizesEnd < 0) throw new Error('no sizes');
      const { names: namesBytes, count, body: bodyBytes, dir } = JSON.parse(first.toString('latin1', header.length, sizesEnd)) as { names: number; count: number; body: number; dir: DirKey | null };
      const namesAt = sizesEnd + 1;
      const floatsAt = Math.ceil((namesAt + namesBytes) / 8) * 8;
      const bodyAt = floatsAt + count * FIELDS * 8;
      if (bodyAt + bodyBytes !== size) throw new Error('truncated');
      // Read from an 8-byte boundary of the file into memory of its own, so that the floats are aligned.
      const headAt = namesAt - (namesAt % 8);
      const head = readAt(fd, Buffer.from(new ArrayBuffer(bodyAt - headAt)), headAt);
      const names = count ? head.toString('utf8', namesAt - headAt, namesAt - headAt + namesBytes).split('\n') : [];
      if (names.length !== count) throw new Error('names');
      const f = new Float64Array(head.buffer, floatsAt - headAt, count * FIELDS);
      const cache = new ListCache(file, header, names, f, fd, bodyAt, bodyBytes);
      cache.dir = dir;
      return cache;
    } catch {
      if (fd !== null) fs.closeSync(fd);
      return new ListCache(file, header, [], new Float64Array(0), null, 0, 0, Buffer.from('[]\n'));
    }
  }

  /** The stored answer, whole. */
  get body(): Buffer {
    return (this.loaded ??= readAt(this.fd!, Buffer.allocUnsafe(this.bodyBytes), this.bodyAt));
  }

  /** Hands the stored answer to `out` piece by piece; `out` must be done with a piece when it returns. */
  pipeBody(out: (piece: Buffer) => void): void {
    if (this.loaded) return out(this.loaded);
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
    this.write(this.names, this.f, this.body);
  }

  get count(): number {
    return this.names.length;
  }

  indexOf(name: string): number | undefined {
    return (this.byName ??= new Map(this.names.map((n, i) => [n, i]))).get(name);
  }

  /** True when the metadata.json is as it was when its line was stored. */
  unchanged(i: number, seen: Seen): boolean {
    const o = i * FIELDS;
    const f = this.f;
    if (seen === undefined) return f[o + INO] === ABSENT;
    return seen !== null && seen.ino === f[o + INO] && seen.size === f[o + SIZE] && seen.mtimeMs === f[o + MTIME] && seen.ctimeMs === f[o + CTIME] && seen.isFile;
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
    return this.loaded ? this.loaded.subarray(start, end) : readAt(this.fd!, Buffer.allocUnsafe(end - start), this.bodyAt + start);
  }

  /** Reads the whole stored answer now: for when most lines will be used. */
  load(): void {
    void this.body;
  }

  /**
   * The stored answer with some lines replaced (their created_ms unchanged, so the order
   * holds), and stores it; null when the lines read again say what they said.
   */
  patch(updates: readonly EntryUpdate[]): Buffer | null {
    const f = Float64Array.from(this.f);
    for (const u of updates) this.setKey(f, u.i, u.seen, u.reusable);
    const changed = updates.filter((u) => u.json && !u.json.equals(this.line(u.i)!));
    // A file read again every time (half-written, unreadable) usually says the same: no need to store that again.
    if (!changed.length && updates.every((u) => [INO, SIZE, MTIME, CTIME].every((k) => Object.is(f[u.i * FIELDS + k], this.f[u.i * FIELDS + k])))) return null;
    // Printed again in the stored order (by where each line was), with the new lines in place.
    const json = new Map(changed.map((u) => [u.i, u.json!]));
    const listed = [...this.names.keys()].filter((i) => f[i * FIELDS + START]! >= 0).sort((a, b) => f[a * FIELDS + START]! - f[b * FIELDS + START]!);
    this.load();
    const lines = listed.map((i) => json.get(i) ?? this.line(i)!);
    const { body, starts } = printBody(lines);
    listed.forEach((i, k) => {
      f[i * FIELDS + START] = starts[k]!;
      f[i * FIELDS + END] = starts[k]! + lines[k]!.length;
    });
    this.write(this.names, f, body);
    return body;
  }

  /** Stores a freshly built answer: entries in the directory's order, with where each line starts in the body (-1: not listed). */
  replace(entries: readonly ListedEntry[], body: Buffer, starts: readonly number[]): void {
    const f = new Float64Array(entries.length * FIELDS);
    entries.forEach((e, i) => {
      const o = i * FIELDS;
      const start = starts[i]!;
      f[o + CREATED] = e.line?.created_ms ?? NaN;
      f[o + START] = start;
      f[o + END] = start < 0 ? -1 : start + e.line!.json.length;
      this.setKey(f, i, e.seen, e.reusable);
    });
    this.write(entries.map((e) => e.name), f, body);
  }

  private setKey(f: Float64Array, i: number, seen: Seen, reusable: boolean): void {
    const o = i * FIELDS;
    const settled = seen && this.now - seen.mtimeMs >= SETTLE_MS;
    f[o + INO] = seen === undefined ? ABSENT : reusable && settled ? seen!.ino : NaN;
    f[o + SIZE] = settled ? seen!.size : NaN;
    f[o + MTIME] = settled ? seen!.mtimeMs : NaN;
    f[o + CTIME] = settled ? seen!.ctimeMs : NaN;
  }

  private write(names: readonly string[], f: Float64Array, body: Buffer): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      const namesBuf = Buffer.from(names.join('\n'));
      const sizes = Buffer.from(`${JSON.stringify({ names: namesBuf.length, count: names.length, body: body.length, dir: this.dir })}\n`);
      const namesAt = this.header.length + sizes.length;
      const pad = Buffer.alloc(Math.ceil((namesAt + namesBuf.length) / 8) * 8 - namesAt - namesBuf.length);
      const floats = Buffer.from(f.buffer, f.byteOffset, f.byteLength);
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(tmp, Buffer.concat([this.header, sizes, namesBuf, pad, floats, body]));
      fs.renameSync(tmp, this.file);
      pruneCacheFiles(path.dirname(this.file), PREFIX);
    } catch {
      // a read-only or full home folder only costs speed
      fs.rmSync(tmp, { force: true });
    }
  }
}
