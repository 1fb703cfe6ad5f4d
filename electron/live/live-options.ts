// What a LiveIndex can be told, and the defaults and bounds it applies to each setting.
import { DEFAULT_STALE_AFTER_MS } from '../../shared/staleness';

export interface LiveIndexOptions {
  watch?: 'auto' | 'native' | 'poll';
  pollIntervalMs?: number;
  staleAfterMs?: number;
  /** At most 100. */
  batchMs?: number;
  /** How long a half-written metadata.json or index may stay unreadable before it is a problem. */
  halfWrittenBoundMs?: number;
  /** Where the mount table is read from (tests point it at a fake one). */
  mountsFile?: string;
  /** Native mode re-lists the base folder this often, in case the OS dropped events. */
  reconcileMs?: number;
}

export type ResolvedLiveOptions = Required<Omit<LiveIndexOptions, 'mountsFile'>> & Pick<LiveIndexOptions, 'mountsFile'>;

export function resolveLiveOptions(opts: LiveIndexOptions): ResolvedLiveOptions {
  return {
    watch: opts.watch ?? 'auto',
    // Faster polling would stat every run folder many times a second.
    pollIntervalMs: Math.max(50, opts.pollIntervalMs ?? 2000),
    staleAfterMs: opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS,
    batchMs: Math.min(100, Math.max(0, opts.batchMs ?? 50)),
    halfWrittenBoundMs: opts.halfWrittenBoundMs ?? 2000,
    mountsFile: opts.mountsFile,
    reconcileMs: opts.reconcileMs ?? 30_000,
  };
}
