// Hands the live index's changes to its listeners: one delta per batch window (at most
// 100 ms after the first change in it), and scan progress as it happens.
import type { DeltaAccumulator } from '../../shared/run-delta';
import type { RunDelta } from '../../shared/types';

export interface ScanProgress {
  scanned: number;
  total: number;
  done: boolean;
}

export class DeltaEmitter {
  private readonly deltaCbs = new Set<(d: RunDelta) => void>();
  private readonly progressCbs = new Set<(p: ScanProgress) => void>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly acc: DeltaAccumulator,
    private readonly batchMs: number,
  ) {}

  onDelta(cb: (d: RunDelta) => void): () => void {
    this.deltaCbs.add(cb);
    return () => void this.deltaCbs.delete(cb);
  }

  onProgress(cb: (p: ScanProgress) => void): () => void {
    this.progressCbs.add(cb);
    return () => void this.progressCbs.delete(cb);
  }

  /** The accumulator just got its first change of a batch. */
  schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => this.flush(), this.batchMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.acc.empty || this.closed) return;
    const d = this.acc.take();
    for (const cb of this.deltaCbs) cb(d);
  }

  progress(p: ScanProgress): void {
    for (const cb of this.progressCbs) cb(p);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
