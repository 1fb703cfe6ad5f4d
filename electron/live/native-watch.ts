// The structural watches of the live index: the base folder and the top level of each
// run folder, one non-recursive fs.watch each, so inotify holds runs + 1 watches and
// never sees results/ or checkpoints/ trees. chokidar is not used here on purpose: on
// every event in a directory it re-reads and re-stats all of that directory's entries,
// which at 10k runs cost over a second of CPU per second while simulations rewrite
// .run_index.json (measured; see BENCHMARKS.md). Here an event names one entry and
// the index looks at that entry only.
import fs from 'node:fs';
import path from 'node:path';

export interface NativeSink {
  /** Something happened to `name` in the base folder; null when the name is unknown (re-list). */
  baseEvent(name: string | null): void;
  /** Something happened at the top level of run `id`; `file` is the entry's name when known. */
  runEvent(id: string, file: string | null): void;
  /** A watcher broke (folder gone, or the OS refused more watches). */
  runWatchLost(id: string): void;
  baseWatchLost(err: Error): void;
}

export class NativeWatches {
  private base: fs.FSWatcher | null = null;
  private readonly runs = new Map<string, fs.FSWatcher>();

  constructor(
    private readonly dir: string,
    private readonly sink: NativeSink,
  ) {}

  startBase(): void {
    // Like every timer of the index, watches do not keep the process alive: its owner decides.
    const w = fs.watch(this.dir, { persistent: false }, (_type, name) =>
      this.sink.baseEvent(name ? String(name) : null),
    );
    w.on('error', (e) => this.sink.baseWatchLost(e));
    this.base = w;
  }

  /** Throws ENOSPC/EMFILE when the OS has no watches left, ENOENT when the folder is gone. */
  watchRun(id: string): void {
    if (this.runs.has(id)) return;
    const w = fs.watch(path.join(this.dir, id), { persistent: false }, (_type, name) =>
      this.sink.runEvent(id, name ? String(name) : null),
    );
    w.on('error', () => {
      this.unwatchRun(id);
      this.sink.runWatchLost(id);
    });
    this.runs.set(id, w);
  }

  unwatchRun(id: string): void {
    const w = this.runs.get(id);
    if (!w) return;
    this.runs.delete(id);
    w.close();
  }

  watching(id: string): boolean {
    return this.runs.has(id);
  }

  get count(): number {
    return this.runs.size + (this.base ? 1 : 0);
  }

  close(): void {
    this.base?.close();
    this.base = null;
    for (const w of this.runs.values()) w.close();
    this.runs.clear();
  }
}
