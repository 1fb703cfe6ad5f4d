// Bytes per run, split into results/, checkpoints/, logs/ and the rest. Walking a
// large directory is slow, so the walk is asynchronous with a bounded number of file
// system calls in flight (the event loop stays free for the UI), and each run's
// result is cached with the mtimes of its folders and metadata.json: a cached run
// costs one stat per folder. A run whose files changed within `hotMs` of being
// measured is measured again every time, because appending to a log changes no
// folder's mtime. The cache lives in memory and, optionally, in the user's cache
// folder; it is never written into the runs directory.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { runDir } from './paths';
import { isOwnFolder } from './cache-files';

export interface UsageSplit {
  results: number;
  checkpoints: number;
  logs: number;
  other: number;
  total: number;
}

export interface RunUsage extends UsageSplit {
  run_id: string;
  files: number;
  /** Newest mtime of anything in the folder: how long the run has been quiet. */
  newest_mtime_ms: number;
  measured_at: number;
}

interface CacheEntry {
  /** [path relative to the run folder, mtimeMs] for every folder, and metadata.json. */
  sig: [string, number][];
  usage: RunUsage;
}

export interface DiskUsageOptions {
  /** JSON file for a cache that outlives the process; null keeps it in memory only. */
  cacheFile?: string | null;
  concurrency?: number;
  hotMs?: number;
  now?: () => number;
}

const CATEGORIES = new Set(['results', 'checkpoints', 'logs']);
const CACHE_VERSION = 1;
const WORKERS_PER_FOLDER = 16;

/**
 * A tiny semaphore: at most `n` file system calls at once. The waiting line is read
 * with a moving head, not Array.shift: a results/ folder of 100k files puts 100k
 * callers in it, and shifting that array each time made `du` quadratic (14 s).
 */
function limiter(n: number) {
  let active = 0;
  let waiting: (() => void)[] = [];
  let head = 0;
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await fn();
    } finally {
      // The slot passes straight to the next caller, so nobody can slip in between.
      if (head < waiting.length) {
        const next = waiting[head++]!;
        if (head > 1024 && head * 2 > waiting.length) {
          waiting = waiting.slice(head);
          head = 0;
        }
        next();
      } else active--;
    }
  };
}

/** $RUNYARD_CACHE_DIR, else the platform's user cache folder; "off", or a folder not the user's alone, disables the file cache. */
export function defaultUsageCacheFile(base: string): string | null {
  const env = process.env.RUNYARD_CACHE_DIR;
  if (env === 'off') return null;
  const home = os.homedir();
  const dir =
    env ||
    (process.platform === 'darwin'
      ? path.join(home, 'Library', 'Caches', 'runyard')
      : process.platform === 'win32'
        ? path.join(process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'runyard', 'Cache')
        : path.join(process.env.XDG_CACHE_HOME || path.join(home, '.cache'), 'runyard'));
  // As the list and metadata caches: sizes stored where someone else can write are not believed.
  if (!isOwnFolder(dir)) return null;
  const key = createHash('sha256').update(path.resolve(base)).digest('hex').slice(0, 16);
  return path.join(dir, `du-${key}.json`);
}

export class UsageMeter {
  private readonly mem = new Map<string, CacheEntry>();
  private readonly limit: ReturnType<typeof limiter>;
  private readonly hotMs: number;
  private readonly now: () => number;
  private loaded: Promise<void> | null = null;
  private dirty = false;

  constructor(
    readonly base: string,
    private readonly opts: DiskUsageOptions = {},
  ) {
    this.limit = limiter(opts.concurrency ?? 16);
    this.hotMs = opts.hotMs ?? 10 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  /** null when the run's folder is gone or is not a folder. */
  async measure(runId: string, o: { fresh?: boolean } = {}): Promise<RunUsage | null> {
    await this.load();
    const dir = runDir(this.base, runId);
    const cached = this.mem.get(runId);
    if (cached && !o.fresh && (await this.stillValid(dir, cached))) return cached.usage;
    const entry = await this.walk(dir, runId);
    if (entry) this.mem.set(runId, entry);
    else this.mem.delete(runId);
    this.dirty = true;
    return entry?.usage ?? null;
  }

  async measureAll(
    ids: readonly string[],
    o: { fresh?: boolean; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<Map<string, RunUsage>> {
    const out = new Map<string, RunUsage>();
    let done = 0;
    await Promise.all(
      ids.map(async (id) => {
        const u = await this.measure(id, o);
        if (u) out.set(id, u);
        o.onProgress?.(++done, ids.length);
      }),
    );
    return out;
  }

  /** Writes the file cache, if there is one; a failure only costs speed next time. */
  async save(): Promise<void> {
    const file = this.opts.cacheFile;
    if (!file || !this.dirty) return;
    const runs = Object.fromEntries(this.mem);
    try {
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, JSON.stringify({ version: CACHE_VERSION, base: this.base, runs }));
      this.dirty = false;
    } catch {
      // a read-only home or a full disk: the cache is only an optimisation
    }
  }

  private load(): Promise<void> {
    const file = this.opts.cacheFile;
    this.loaded ??= (async () => {
      if (!file) return;
      try {
        const raw = JSON.parse(await fs.promises.readFile(file, 'utf8')) as {
          version?: number;
          base?: string;
          runs?: Record<string, CacheEntry>;
        };
        if (raw.version !== CACHE_VERSION || raw.base !== this.base || !raw.runs) return;
        for (const [id, e] of Object.entries(raw.runs)) if (Array.isArray(e?.sig) && e.usage) this.mem.set(id, e);
      } catch {
        // no cache yet, or an unreadable one: measure afresh
      }
    })();
    return this.loaded;
  }

  private async stillValid(dir: string, e: CacheEntry): Promise<boolean> {
    if (e.usage.measured_at - e.usage.newest_mtime_ms < this.hotMs) return false;
    const checks = await Promise.all(
      e.sig.map(([rel, mtime]) =>
        this.limit(async () => {
          try {
            return (await fs.promises.lstat(path.join(dir, rel))).mtimeMs === mtime;
          } catch {
            return false;
          }
        }),
      ),
    );
    return checks.every(Boolean);
  }

  private async walk(dir: string, runId: string): Promise<CacheEntry | null> {
    const usage: RunUsage = {
      run_id: runId,
      results: 0,
      checkpoints: 0,
      logs: 0,
      other: 0,
      total: 0,
      files: 0,
      newest_mtime_ms: 0,
      measured_at: this.now(),
    };
    const sig: [string, number][] = [];
    const root = await this.limit(() => fs.promises.lstat(dir)).catch(() => null);
    if (!root?.isDirectory()) return null;
    const visit = async (rel: string, st: fs.Stats): Promise<void> => {
      usage.newest_mtime_ms = Math.max(usage.newest_mtime_ms, st.mtimeMs);
      if (st.isDirectory()) {
        sig.push([rel, st.mtimeMs]);
        const names = await this.limit(() => fs.promises.readdir(path.join(dir, rel))).catch(() => [] as string[]);
        // A few workers take the names in turn: one promise per file for a folder of 100k
        // files cost more in garbage collection than the lstat calls themselves.
        let next = 0;
        const worker = async () => {
          while (next < names.length) {
            const child = rel ? `${rel}/${names[next++]}` : names[next++]!;
            const cst = await this.limit(() => lstatOrNull(path.join(dir, child)));
            if (cst) await visit(child, cst);
          }
        };
        await Promise.all(Array.from({ length: Math.min(WORKERS_PER_FOLDER, names.length) }, worker));
        return;
      }
      if (rel === 'metadata.json') sig.push([rel, st.mtimeMs]);
      // Links are not followed: their targets belong to someone else.
      if (!st.isFile()) return;
      const top = rel.split('/')[0]!;
      const cat = rel.includes('/') && CATEGORIES.has(top) ? (top as 'results' | 'checkpoints' | 'logs') : 'other';
      usage[cat] += st.size;
      usage.total += st.size;
      usage.files++;
    };
    await visit('', root);
    return { sig, usage };
  }
}

/** The callback form: fs.promises.lstat costs three times as much per call, which shows at 100k files. */
function lstatOrNull(p: string): Promise<fs.Stats | null> {
  return new Promise((resolve) => fs.lstat(p, (e, st) => resolve(e ? null : st)));
}

/** Adds splits, for totals rows. */
export function sumUsage(list: Iterable<UsageSplit>): UsageSplit {
  const t: UsageSplit = { results: 0, checkpoints: 0, logs: 0, other: 0, total: 0 };
  for (const u of list) for (const k of Object.keys(t) as (keyof UsageSplit)[]) t[k] += u[k];
  return t;
}
