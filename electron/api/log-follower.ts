// Follows one growing file (a simulation log) and reports appended text. Logs get
// truncated (`> sim.log`) and rotated (renamed, then a new file), so each check compares
// size and inode with what was read last, and starts over from 0 when either says the
// file is not the one that was being read. Polls, with fs.watch only as a hint to look
// sooner, because network filesystems on clusters rarely deliver watch events.
// Every check opens the log again through safe-open.ts and reads from that descriptor
// only: a log replaced by a link out of the runs directory is a log that is not there.
import fs from 'node:fs';
import { MAX_CHUNK, readRange, toChunk } from './run-files';
import { openRunFile, type OpenedFile } from './safe-open';

export interface LogData {
  offset: number;
  text: string;
  /** The file shrank, was replaced, or grew faster than we show: the text does not continue the previous text. */
  truncated: boolean;
}

/** The log, named as the client named it: it is confined again on every check. */
export interface FollowTarget {
  base: string;
  runId: string;
  path: string;
}

export interface FollowOptions {
  intervalMs?: number;
  /** Appends larger than this jump to the last 64 KiB instead of streaming every byte. */
  maxBacklog?: number;
  /** The inode the first read came from, so a rotation before the first check is noticed. */
  ino?: number;
  /** The log's path, watched for change events (never read through). */
  watchPath?: string;
}

export class LogFollower {
  private offset: number;
  private ino: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private watcher: fs.FSWatcher | null = null;
  private busy = false;
  private again = false;
  private closed = false;
  private pendingReset = false;

  constructor(
    private readonly target: FollowTarget,
    startOffset: number,
    private readonly onData: (d: LogData) => void,
    private readonly opts: FollowOptions = {},
  ) {
    this.offset = startOffset;
    this.ino = opts.ino ?? null;
    this.timer = setInterval(() => this.check(), opts.intervalMs ?? 500);
    this.timer.unref?.();
    try {
      // Only a hint to look sooner; nothing is read through the watched path.
      this.watcher = opts.watchPath ? fs.watch(opts.watchPath, { persistent: false }, () => this.check()) : null;
      this.watcher?.on('error', () => this.stopWatching());
    } catch {
      this.watcher = null;
    }
  }

  private stopWatching(): void {
    this.watcher?.close();
    this.watcher = null;
  }

  /** Reads whatever is new; runs one check at a time and coalesces the rest. */
  check(): void {
    if (this.closed) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    try {
      do {
        this.again = false;
        this.readNew();
      } while (this.again && !this.closed);
    } finally {
      this.busy = false;
    }
  }

  private readNew(): void {
    let f: OpenedFile;
    try {
      f = openRunFile(this.target.base, this.target.runId, this.target.path);
    } catch {
      // Between a rotation's rename and the new file's creation, or replaced by something
      // that is not a file of this run: wait for a real log to appear again.
      this.pendingReset = true;
      return;
    }
    try {
      const { st } = f;
      const reset = this.pendingReset || (this.ino !== null && st.ino !== this.ino) || st.size < this.offset;
      if (reset) this.offset = 0;
      this.ino = st.ino;
      this.pendingReset = false;
      this.emitFrom(f, reset);
    } finally {
      fs.closeSync(f.fd);
    }
  }

  private emitFrom({ fd, st }: OpenedFile, reset: boolean): void {
    const size = st.size;
    let truncated = reset;
    if (size - this.offset > (this.opts.maxBacklog ?? 4 * MAX_CHUNK)) {
      this.offset = size - MAX_CHUNK;
      truncated = true;
    }
    if (size <= this.offset) {
      if (truncated) this.onData({ offset: this.offset, text: '', truncated });
      return;
    }
    while (this.offset < size && !this.closed) {
      let raw;
      try {
        raw = readRange(fd, st, { offset: this.offset, length: MAX_CHUNK });
      } catch {
        return;
      }
      if (raw.bytes.length === 0) return;
      const chunk = toChunk('', raw, false);
      if (chunk.binary) {
        this.offset = raw.offset + raw.bytes.length;
        this.onData({ offset: raw.offset, text: '', truncated: true });
        return;
      }
      // Only an incomplete character is left: wait for the writer to finish it.
      if (chunk.consumed === 0) return;
      this.offset = raw.offset + chunk.consumed;
      this.onData({ offset: chunk.offset, text: chunk.text, truncated });
      truncated = false;
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopWatching();
  }
}
