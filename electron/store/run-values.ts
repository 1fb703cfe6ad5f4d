// Run values for value columns and value filters (shared/values.ts): a run's
// config.yaml, run_params.json and the last row of each results/*.csv, read only when
// asked and kept while the file's identity (device, inode, size, mtime, ctime) holds,
// so adding a column on 10k runs reads each file once and then costs one stat per file.
// Files are opened the way the store opens metadata.json: size-capped, and a link is
// followed only when what was opened stays inside the runs directory. What is read of
// each file is value-files.ts. Every failure is a Problem naming the file; one bad run
// never stops the others.
import fs from 'node:fs';
import path from 'node:path';
import type { Problem } from '../../shared/types';
import { flattenValues, numberOf, pickValue, type RunValue } from '../../shared/values';
import { describeBadUtf8, NONBLOCK, readBoundedText } from './bounded-read';
import { SETTLE_MS } from './cache-files';
import { realPathOfFd } from './fd-path';
import { isInside, runDir } from './paths';
import { formatBytes } from '../../shared/format';
import {
  CSV_END_BYTES,
  csvEnds,
  DOC_FILES,
  MAX_CSV_PER_RUN,
  MAX_VALUE_FILE_BYTES,
  parseDoc,
  readAt,
  type CsvEnds,
  type DocSource,
} from './value-files';

interface Entry<T> {
  key: string;
  data: T | null;
  problem: Problem | null;
  leaves?: Map<string, RunValue>;
}

const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

function identity(file: string): { key: string; st: fs.Stats } | null {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st ? { key: `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`, st } : null;
}

const firstLine = (e: unknown) => ((e as Error).message ?? String(e)).split('\n')[0]!.slice(0, 200);

export class RunValueReader {
  private readonly docs = new Map<string, Entry<unknown>>();
  private readonly csvs = new Map<string, Entry<CsvEnds>>();
  private readonly listings = new Map<string, Entry<string[]>>();
  private realBase: string | null = null;

  constructor(
    readonly base: string,
    private readonly now: () => number = Date.now,
  ) {}

  private rel(p: string): string {
    return path.relative(this.base, p).split(path.sep).join('/');
  }

  private problem(file: string, message: string): Problem {
    return { file: this.rel(file), message: `${this.rel(file)}: ${message}` };
  }

  /** A cached entry for `file`, read again when its identity changed; recently changed files are not kept (a second write within one mtime tick would go unseen). */
  private cached<T>(
    cache: Map<string, Entry<T>>,
    file: string,
    read: (st: fs.Stats) => { data: T | null; problem: Problem | null },
  ): Entry<T> | null {
    let id: ReturnType<typeof identity>;
    try {
      id = identity(file);
    } catch (e) {
      return {
        key: '',
        data: null,
        problem: this.problem(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? firstLine(e)})`),
      };
    }
    if (!id) {
      cache.delete(file);
      return null;
    }
    const hit = cache.get(file);
    if (hit && hit.key === id.key) return hit;
    const entry: Entry<T> = { key: id.key, ...read(id.st) };
    if (this.now() - id.st.mtimeMs >= SETTLE_MS && (id.st.isFile() || id.st.isDirectory())) cache.set(file, entry);
    else cache.delete(file);
    return entry;
  }

  /** The parsed config.yaml or run_params.json of a run; null when the run has none. */
  doc(runId: string, source: DocSource): Entry<unknown> | null {
    const file = path.join(runDir(this.base, runId), DOC_FILES[source]);
    return this.cached(this.docs, file, (st) => {
      if (!st.isFile()) return { data: null, problem: this.problem(file, 'is not a regular file') };
      let read: ReturnType<typeof readBoundedText>;
      try {
        read = readBoundedText(file, this.base, MAX_VALUE_FILE_BYTES);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return { data: null, problem: null };
        return { data: null, problem: this.problem(file, `cannot be read (${code ?? firstLine(e)})`) };
      }
      if (read.kind === 'escapes')
        return {
          data: null,
          problem: this.problem(file, 'is a link that leads out of the runs directory; it was not read'),
        };
      if (read.kind === 'too-large')
        return {
          data: null,
          problem: this.problem(
            file,
            `is ${formatBytes(read.bytes)}, over the ${formatBytes(MAX_VALUE_FILE_BYTES)} read for values`,
          ),
        };
      if (read.badUtf8)
        return { data: null, problem: this.problem(file, `is not valid UTF-8 (${describeBadUtf8(read.badUtf8)})`) };
      if (read.text.trim() === '')
        return { data: null, problem: this.problem(file, 'is empty (perhaps still being written)') };
      try {
        return { data: parseDoc(read.text, DOC_FILES[source]), problem: null };
      } catch (e) {
        const recent = this.now() - st.mtimeMs < SETTLE_MS ? ' (it changed just now: perhaps still being written)' : '';
        return {
          data: null,
          problem: this.problem(
            file,
            `cannot be parsed as ${source === 'config' ? 'YAML or JSON' : 'JSON'}${recent}: ${firstLine(e)}`,
          ),
        };
      }
    });
  }

  /** Every leaf of the run's file as `config.a.b` → value. */
  docLeaves(runId: string, source: DocSource): { leaves: Map<string, RunValue>; problem: Problem | null } {
    const e = this.doc(runId, source);
    if (!e) return { leaves: new Map(), problem: null };
    e.leaves ??= flattenValues(e.data, source);
    return { leaves: e.leaves, problem: e.problem };
  }

  /** The names (without .csv) of the CSV files at the top of the run's results/, sorted. */
  resultsFiles(runId: string): { names: string[]; problem: Problem | null } {
    const dir = path.join(runDir(this.base, runId), 'results');
    const e = this.cached(this.listings, dir, (st) => {
      if (!st.isDirectory()) return { data: [], problem: null };
      try {
        // A results/ that is a link must stay inside the runs directory too.
        if (fs.lstatSync(dir).isSymbolicLink() && !isInside(this.real(), fs.realpathSync(dir))) {
          return {
            data: null,
            problem: this.problem(dir, 'is a link that leads out of the runs directory; it was not read'),
          };
        }
        const names = fs
          .readdirSync(dir)
          .filter((n) => n.endsWith('.csv'))
          .map((n) => n.slice(0, -4))
          .sort()
          .slice(0, MAX_CSV_PER_RUN);
        return { data: names, problem: null };
      } catch (e) {
        return {
          data: null,
          problem: this.problem(dir, `cannot be listed (${(e as NodeJS.ErrnoException).code ?? firstLine(e)})`),
        };
      }
    });
    return { names: e?.data ?? [], problem: e?.problem ?? null };
  }

  private real(): string {
    return (this.realBase ??= fs.realpathSync(this.base));
  }

  private fileOf(runId: string, name: string): string {
    return path.join(runDir(this.base, runId), 'results', `${name}.csv`);
  }

  /** The last row of results/NAME.csv by column; null when there is no such file. */
  csv(runId: string, name: string): Entry<CsvEnds> | null {
    if (!this.resultsFiles(runId).names.includes(name)) return null;
    return this.listedCsv(runId, name);
  }

  /** A CSV the caller has just seen in the run's listing: no second look at results/. */
  private listedCsv(runId: string, name: string): Entry<CsvEnds> | null {
    const file = this.fileOf(runId, name);
    return this.cached(this.csvs, file, () => this.readCsv(file));
  }

  private readCsv(file: string): { data: CsvEnds | null; problem: Problem | null } {
    let fd: number;
    try {
      fd = this.openInside(file);
    } catch (e) {
      if ((e as Error).message === 'escapes')
        return {
          data: null,
          problem: this.problem(file, 'is a link that leads out of the runs directory; it was not read'),
        };
      return {
        data: null,
        problem: this.problem(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? firstLine(e)})`),
      };
    }
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) return { data: null, problem: this.problem(file, 'is not a regular file') };
      const whole = st.size <= 2 * CSV_END_BYTES;
      const head = readAt(fd, 0, Math.min(st.size, whole ? st.size : CSV_END_BYTES));
      const tail = whole ? head : readAt(fd, st.size - CSV_END_BYTES, CSV_END_BYTES);
      const ends = csvEnds(head, tail, whole);
      if ('error' in ends) return { data: null, problem: this.problem(file, ends.error) };
      const out: CsvEnds = new Map();
      if (ends.last) {
        ends.header.forEach((col, i) => {
          const cell = ends.last![i];
          if (cell === undefined || cell.trim() === '' || col === '') return;
          out.set(col.trim(), numberOf(cell) !== null ? numberOf(cell)! : cell);
        });
      }
      return { data: out, problem: null };
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Opens without following a link, or follows one only when the file opened is inside the runs directory. */
  private openInside(file: string): number {
    try {
      return fs.openSync(file, fs.constants.O_RDONLY | NOFOLLOW | NONBLOCK);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOOP' || !NOFOLLOW) throw e;
    }
    const fd = fs.openSync(file, fs.constants.O_RDONLY | NONBLOCK);
    const where = realPathOfFd(fd, file, fs.fstatSync(fd));
    if (where === null || !isInside(this.real(), where)) {
      fs.closeSync(fd);
      throw new Error('escapes');
    }
    return fd;
  }

  /** Every `results.NAME.COL` of the run's CSVs. */
  resultsLeaves(runId: string): { leaves: Map<string, RunValue>; problems: Problem[] } {
    const leaves = new Map<string, RunValue>();
    const problems: Problem[] = [];
    const { names, problem } = this.resultsFiles(runId);
    if (problem) problems.push(problem);
    for (const name of names) {
      const e = this.listedCsv(runId, name);
      if (e?.problem) problems.push(e.problem);
      if (e?.data) for (const [col, v] of e.data) leaves.set(`results.${name}.${col}`, v);
    }
    return { leaves, problems };
  }

  /**
   * One value of a run: `config.…`, `params.…` or `results.FILE.COL` (meta.* comes
   * from the run's record, not from here). The file named in a problem is the one to fix.
   */
  value(runId: string, valuePath: string): { value: RunValue | undefined; problem: Problem | null } {
    const [source, ...keys] = valuePath.split('.');
    if (source === 'config' || source === 'params') {
      const e = this.doc(runId, source);
      return {
        value: e?.data === undefined || e?.data === null ? undefined : pickValue(e.data, keys),
        problem: e?.problem ?? null,
      };
    }
    if (source !== 'results') return { value: undefined, problem: null };
    const { names, problem } = this.resultsFiles(runId);
    // results.a.b.c may be a.csv's column "b.c" or a.b.csv's column "c": the longest file name that fits wins.
    const rest = keys.join('.');
    let best: string | null = null;
    for (const n of names) if (rest.startsWith(`${n}.`) && (best === null || n.length > best.length)) best = n;
    if (best === null) return { value: undefined, problem };
    const e = this.csv(runId, best);
    return { value: e?.data?.get(rest.slice(best.length + 1)), problem: e?.problem ?? problem };
  }

  /** Forgets everything: the next reads go to the files. */
  clear(): void {
    this.docs.clear();
    this.csvs.clear();
    this.listings.clear();
  }
}
