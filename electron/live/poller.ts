// Polling, for network filesystems (where inotify misses other hosts' writes) and for
// run folders the OS would not let us watch. Each round stats the base folder, the
// index and `current`, and each polled run's metadata.json and folder: never a walk of
// results/ or checkpoints/. A change is reported as the same events the native watches
// produce, so the index has one code path for both.
import fs from 'node:fs';
import path from 'node:path';
import { CURRENT_LINK, INDEX_FILE, METADATA_FILE } from '../store/paths';

export interface PollSink {
  baseEvent(name: string | null): void;
  runEvent(id: string, file: string | null): void;
}

/** What identifies one version of a file or folder without reading it. */
function signature(p: string, link = false): string {
  try {
    const st = link ? fs.lstatSync(p) : fs.statSync(p);
    return `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
  } catch (e) {
    return `!${(e as NodeJS.ErrnoException).code}`;
  }
}

export class Poller {
  private timer: NodeJS.Timeout | null = null;
  private readonly seen = new Map<string, string>();
  private readonly runs = new Set<string>();
  private busy = false;

  /** `folderMatters(id)`: whether the run folder's own mtime is worth a stat (active runs, for staleness). */
  constructor(
    private readonly dir: string,
    private readonly intervalMs: number,
    private readonly sink: PollSink,
    private readonly folderMatters: (id: string) => boolean = () => true,
  ) {}

  /** Records the current state of a run without reporting it, so only later changes count. */
  add(id: string): void {
    this.runs.add(id);
    this.seen.set(`m:${id}`, signature(path.join(this.dir, id, METADATA_FILE)));
    this.seen.set(`d:${id}`, signature(path.join(this.dir, id)));
  }

  remove(id: string): void {
    this.runs.delete(id);
    this.seen.delete(`m:${id}`);
    this.seen.delete(`d:${id}`);
  }

  get size(): number {
    return this.runs.size;
  }

  start(): void {
    this.note('base', signature(this.dir));
    this.note(`f:${INDEX_FILE}`, signature(path.join(this.dir, INDEX_FILE)));
    this.note(`f:${CURRENT_LINK}`, signature(path.join(this.dir, CURRENT_LINK), true));
    this.timer = setInterval(() => this.round(), this.intervalMs);
    this.timer.unref();
  }

  private note(key: string, sig: string): boolean {
    const before = this.seen.get(key);
    this.seen.set(key, sig);
    return before !== undefined && before !== sig;
  }

  round(): void {
    if (this.busy) return;
    this.busy = true;
    try {
      if (this.note('base', signature(this.dir))) this.sink.baseEvent(null);
      for (const f of [INDEX_FILE, CURRENT_LINK]) {
        if (this.note(`f:${f}`, signature(path.join(this.dir, f), f === CURRENT_LINK))) this.sink.baseEvent(f);
      }
      for (const id of this.runs) {
        if (this.note(`m:${id}`, signature(path.join(this.dir, id, METADATA_FILE))))
          this.sink.runEvent(id, METADATA_FILE);
        // The folder's mtime moves when a top-level entry appears or goes: a sign of
        // life for staleness, and how an atomic replace of metadata.json shows too.
        if (this.folderMatters(id) && this.note(`d:${id}`, signature(path.join(this.dir, id))))
          this.sink.runEvent(id, null);
      }
    } finally {
      this.busy = false;
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
