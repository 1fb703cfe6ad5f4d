// A cache of parsed metadata.json files, so that listing 10k runs costs one stat per
// run instead of a read and a parse. It lives in the user's cache folder
// ($XDG_CACHE_HOME/runyard or ~/.cache/runyard), never in the runs directory. An
// entry is used only while the file's inode, size, mtime and ctime are unchanged, and files
// changed in the last few seconds are never stored (a second write within the same
// mtime tick would otherwise go unnoticed). Anything wrong with the cache just means
// reading the files again.
//
// One line per run (`R<TAB>name<TAB>key<TAB>record`): an entry is parsed only when its
// key still matches, unchanged lines are written back as they were, and the header
// line is checked before the rest of the file is read, so a cache from another
// version of the program costs nothing. At 100k runs this keeps both time and peak
// memory well below one JSON document's.
import fs from 'node:fs';
import path from 'node:path';
import type { Problem, RunRecord } from '../../shared/types';
import { cacheFile, codeStamp, ownCacheRoot, pruneCacheFiles, SETTLE_MS } from './cache-files';

export { statKey } from './cache-files';

const FORMAT = 4;
const HEADER_BYTES = 4096;

/** A record as a plain array: no key names to write, read and match. */
type Packed = unknown[];

function pack(r: RunRecord): Packed {
  return [
    r.run_id,
    r.description,
    r.status,
    r.tags,
    r.created_at,
    r.started_at,
    r.completed_at,
    r.created_ms,
    r.started_ms,
    r.completed_ms,
    r.parent_run_id,
    r.user,
    r.hostname,
    r.git_commit,
    r.checkpoints,
    r.extra,
    r.problems,
    r.unreadable,
    r.mtime_ms,
  ];
}

/**
 * One object literal, so that every record gets the same hidden class (building it key
 * by key is several times slower). `satisfies` makes a field added to RunRecord a type
 * error here instead of a field the cache silently drops.
 */
function unpack(p: Packed): RunRecord {
  const r = {
    run_id: p[0],
    description: p[1],
    status: p[2],
    tags: p[3],
    created_at: p[4],
    started_at: p[5],
    completed_at: p[6],
    created_ms: p[7],
    started_ms: p[8],
    completed_ms: p[9],
    parent_run_id: p[10],
    user: p[11],
    hostname: p[12],
    git_commit: p[13],
    checkpoints: p[14],
    extra: p[15],
    problems: p[16],
    unreadable: p[17],
    mtime_ms: p[18],
  } satisfies Record<Exclude<keyof RunRecord, 'stale' | 'note'>, unknown>; // both set by the live index after the read
  return r as RunRecord;
}

/** Run ids never hold tabs or newlines (runIdProblem refuses control characters), so lines split safely. */
const line = (name: string, key: string, packed: string) => `R\t${name}\t${key}\t${packed}`;

export class MetadataCache {
  private readonly file: string;
  private readonly header: string;
  /** Lines of the cache as read: name -> whole line. */
  private readonly old = new Map<string, string>();
  private oldIndex: [string, Problem | null] | null = null;
  /** What the next cache holds: an unchanged line as read, or a record to write out. */
  private readonly next = new Map<string, string | [key: string, record: RunRecord]>();
  private nextIndex: [string, Problem | null] | null = null;
  private dirty = false;
  private readonly now = Date.now();

  private constructor(base: string) {
    this.file = cacheFile('metadata-', base, '.jsonl');
    this.header = JSON.stringify({ format: FORMAT, code: codeStamp(), base });
    try {
      this.load();
    } catch {
      this.old.clear();
    }
    if (!this.old.size) this.dirty = true;
  }

  /** Null when caching is switched off (RUNYARD_NO_CACHE=1) or the cache folder is not ours alone (cache-files.ts). */
  static open(base: string): MetadataCache | null {
    if (process.env.RUNYARD_NO_CACHE || ownCacheRoot() === null) return null;
    return new MetadataCache(path.resolve(base));
  }

  private load(): void {
    const fd = fs.openSync(this.file, 'r');
    try {
      const head = Buffer.alloc(HEADER_BYTES);
      const n = fs.readSync(fd, head, 0, HEADER_BYTES, 0);
      if (head.toString('utf8', 0, n).split('\n', 1)[0] !== this.header) return;
    } finally {
      fs.closeSync(fd);
    }
    const lines = fs.readFileSync(this.file, 'utf8').split('\n');
    for (let i = 1; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.startsWith('R\t')) this.old.set(l.slice(2, l.indexOf('\t', 2)), l);
      else if (l.startsWith('I\t')) this.oldIndex = JSON.parse(l.slice(2)) as [string, Problem | null];
    }
  }

  lookup(name: string, key: string): RunRecord | undefined {
    const l = this.old.get(name);
    if (!l) return undefined;
    const keyAt = 3 + name.length;
    const end = l.indexOf('\t', keyAt);
    if (l.slice(keyAt, end) !== key) return undefined;
    try {
      const record = unpack(JSON.parse(l.slice(end + 1)) as Packed);
      this.next.set(name, l);
      return record;
    } catch {
      return undefined;
    }
  }

  /** `record` null: the file could not be used as data; it is read again next time. */
  store(name: string, key: string, record: RunRecord | null, mtimeMs: number): void {
    this.dirty = true;
    if (!record || this.now - mtimeMs < SETTLE_MS || record.unreadable) return;
    this.next.set(name, [key, record]);
  }

  indexProblem(key: string): Problem | null | undefined {
    const i = this.oldIndex;
    if (!i || i[0] !== key) return undefined;
    this.nextIndex = i;
    return i[1];
  }

  storeIndex(key: string, problem: Problem | null): void {
    this.dirty = true;
    this.nextIndex = [key, problem];
  }

  /** Writes the cache when anything changed; runs that are gone drop out. */
  save(): void {
    if (!this.dirty && this.next.size === this.old.size) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const fd = fs.openSync(tmp, 'w');
      try {
        let chunk = `${this.header}\n${this.nextIndex ? `I\t${JSON.stringify(this.nextIndex)}\n` : ''}`;
        // Records are turned into text a chunk at a time, so 100k of them never exist twice in memory.
        for (const [name, e] of this.next) {
          chunk += `${typeof e === 'string' ? e : line(name, e[0], JSON.stringify(pack(e[1])))}\n`;
          if (chunk.length > 1 << 20) {
            fs.writeSync(fd, chunk);
            chunk = '';
          }
        }
        fs.writeSync(fd, chunk);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, this.file);
      pruneCacheFiles(path.dirname(this.file), 'metadata-');
    } catch {
      // a read-only or full home folder only costs speed
      fs.rmSync(tmp, { force: true });
    }
  }
}
