// What `runyard list --json` printed for each run, kept in the user's cache folder
// beside the metadata cache (never in the runs directory). A script calling
// `list --json` in a loop then pays one stat per run: an unchanged metadata.json
// (same inode, size and mtime, and settled when it was stored) gets its printed line
// back as bytes, with no JSON to parse or build. Anything wrong with the file only
// means reading the runs again.
//
// One line per run: `name<TAB>key<TAB>created_ms<TAB>summary JSON`. Run ids never hold
// tabs or newlines (runIdProblem refuses control characters) and JSON.stringify
// escapes them, so lines split safely. The file stays bytes from reading to printing:
// decoding 5 MB as text, and encoding it back for stdout, would cost more than all the
// stats of 10k runs together.
import fs from 'node:fs';
import path from 'node:path';
import { cacheFile, codeStamp, pruneCacheFiles } from './cache-files';

const FORMAT = 1;
/** As in the metadata cache: a second write within the same mtime tick must not go unnoticed. */
const SETTLE_MS = 3000;
const PREFIX = 'list-';
const NL = 10;
const TAB = 9;

/** One run as `list --json` prints it (UTF-8 JSON), with what ordering needs. */
export interface ListedRun {
  run_id: string;
  created_ms: number | null;
  json: Buffer;
}

export class ListCache {
  private readonly file: string;
  private readonly header: Buffer;
  /** The file as read, and where each run's line is in it: no object per line until it is used. */
  private buf: Buffer = Buffer.alloc(0);
  private readonly old = new Map<string, number>();
  private starts: number[] = [];
  private ends: number[] = [];
  /** What the next file holds: a line of the old file (its number) or a new line. */
  private readonly next = new Map<string, number | Buffer>();
  private changed = false;
  private readonly now = Date.now();

  private constructor(base: string) {
    this.file = cacheFile(PREFIX, base, '.txt');
    this.header = Buffer.from(`${JSON.stringify({ format: FORMAT, code: codeStamp(), base })}\n`);
    try {
      this.load(fs.readFileSync(this.file));
    } catch {
      this.old.clear();
    }
    if (!this.old.size) this.changed = true;
  }

  /** Null when caching is switched off (RUNYARD_NO_CACHE=1). */
  static open(base: string): ListCache | null {
    return process.env.RUNYARD_NO_CACHE ? null : new ListCache(path.resolve(base));
  }

  private load(buf: Buffer): void {
    if (buf.compare(this.header, 0, this.header.length, 0, this.header.length) !== 0) return;
    this.buf = buf;
    for (let at = this.header.length; at < buf.length;) {
      let end = buf.indexOf(NL, at);
      if (end < 0) end = buf.length;
      const tab = buf.indexOf(TAB, at);
      if (tab > at && tab < end) {
        this.old.set(buf.toString('utf8', at, tab), this.starts.length);
        this.starts.push(tab + 1);
        this.ends.push(end);
      }
      at = end + 1;
    }
  }

  /** A run listed last time: its name was a run's then, and a name cannot stop being one. */
  has(name: string): boolean {
    return this.old.has(name);
  }

  lookup(name: string, key: string): ListedRun | undefined {
    const i = this.old.get(name);
    if (i === undefined) return undefined;
    const b = this.buf;
    const keyAt = this.starts[i]!;
    const end = this.ends[i]!;
    const createdAt = keyAt + key.length + 1;
    if (b[createdAt - 1] !== TAB || b.toString('latin1', keyAt, createdAt - 1) !== key) return undefined;
    const jsonAt = b.indexOf(TAB, createdAt) + 1;
    if (jsonAt === 0 || jsonAt > end) return undefined;
    this.next.set(name, i);
    return { run_id: name, created_ms: jsonAt - 1 === createdAt ? null : Number(b.toString('latin1', createdAt, jsonAt - 1)), json: b.subarray(jsonAt, end) };
  }

  /** A run read from its file: kept only once its file has settled. */
  store(name: string, key: string, run: ListedRun, mtimeMs: number): void {
    this.changed = true;
    if (this.now - mtimeMs < SETTLE_MS) return;
    this.next.set(name, Buffer.concat([Buffer.from(`${name}\t${key}\t${run.created_ms ?? ''}\t`), run.json]));
  }

  /** Writes the file when a run was read, added or removed since it was. */
  save(): void {
    if (!this.changed && this.next.size === this.old.size) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const newline = Buffer.from('\n');
      const lines = [...this.next].map(([name, l]) => (typeof l === 'number' ? Buffer.concat([Buffer.from(`${name}\t`), this.buf.subarray(this.starts[l], this.ends[l])]) : l));
      fs.writeFileSync(tmp, Buffer.concat([this.header, ...lines.flatMap((l) => [l, newline])]));
      fs.renameSync(tmp, this.file);
      pruneCacheFiles(path.dirname(this.file), PREFIX);
    } catch {
      // a read-only or full home folder only costs speed
      fs.rmSync(tmp, { force: true });
    }
  }
}
