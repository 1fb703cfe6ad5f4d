// Follows one growing file (a simulation log) and reports appended text. Logs get
// truncated (`> sim.log`) and rotated (renamed, then a new file), so each check compares
// size and inode with what was read last, and starts over from 0 when either says the
// file is not the one that was being read. Polls, with fs.watch only as a hint to look
// sooner, because network filesystems on clusters rarely deliver watch events.
import fs from 'node:fs';
import { MAX_CHUNK, readRange, toChunk } from './run-files';

export interface LogData {
  offset: number;
  text: string;
  /** The file shrank, was replaced, or grew faster than we show: the text does not continue the previous text. */
  truncated: boolean;
}

export interface FollowOptions {
  intervalMs?: number;
  /** Appends larger than this jump to the last 64 KiB instead of streaming every byte. */
  maxBacklog?: number;
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

  constructor(private readonly file: string, startOffset: number, private readonly onData: (d: LogData) => void, private readonly opts: FollowOptions = {}) {
    this.offset = startOffset;
    try {
      this.ino = fs.statSync(file).ino;
    } catch {
      this.ino = null;
    }
    this.timer = setInterval(() => this.check(), opts.intervalMs ?? 500);
    this.timer.unref?.();
    try {
      this.watcher = fs.watch(file, { persistent: false }, () => this.check());
      this.watcher.on('error', () => this.stopWatching());
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
    let st: fs.Stats;
    try {
      st = fs.statSync(this.file);
    } catch {
      // Between a rotation's rename and the new file's creation: wait for the new file.
      this.pendingReset = true;
      return;
    }
    if (this.pendingReset || (this.ino !== null && st.ino !== this.ino) || st.size < this.offset) {
      this.offset = 0;
      this.ino = st.ino;
      this.pendingReset = false;
      this.emitFrom(st.size, true);
      return;
    }
    this.ino = st.ino;
    this.emitFrom(st.size, false);
  }

  private emitFrom(size: number, reset: boolean): void {
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
        raw = readRange(this.file, { offset: this.offset, length: MAX_CHUNK });
      } catch {
        return;
      }
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
