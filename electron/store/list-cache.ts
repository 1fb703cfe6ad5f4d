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
  /** name -> its line of the file read (a view, not a copy) */
  private readonly old = new Map<string, Buffer>();
  private readonly next = new Map<string, Buffer>();
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
    if (!buf.subarray(0, this.header.length).equals(this.header)) return;
    for (let at = this.header.length; at < buf.length;) {
      let end = buf.indexOf(NL, at);
      if (end < 0) end = buf.length;
      const tab = buf.indexOf(TAB, at);
      if (tab > at && tab < end) this.old.set(buf.toString('utf8', at, tab), buf.subarray(at, end));
      at = end + 1;
    }
  }

  lookup(name: string, key: string): ListedRun | undefined {
    const l = this.old.get(name);
    if (!l) return undefined;
    const keyAt = l.indexOf(TAB) + 1;
    const createdAt = keyAt + key.length + 1;
    if (l[createdAt - 1] !== TAB || l.toString('latin1', keyAt, createdAt - 1) !== key) return undefined;
    const jsonAt = l.indexOf(TAB, createdAt) + 1;
    if (jsonAt === 0) return undefined;
    this.next.set(name, l);
    return { run_id: name, created_ms: jsonAt - 1 === createdAt ? null : Number(l.toString('latin1', createdAt, jsonAt - 1)), json: l.subarray(jsonAt) };
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
      fs.writeFileSync(tmp, Buffer.concat([this.header, ...[...this.next.values()].flatMap((l) => [l, newline])]));
      fs.renameSync(tmp, this.file);
      pruneCacheFiles(path.dirname(this.file), PREFIX);
    } catch {
      // a read-only or full home folder only costs speed
      fs.rmSync(tmp, { force: true });
    }
  }
}
