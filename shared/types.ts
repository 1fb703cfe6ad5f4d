// The shapes every layer agrees on. Field names follow metadata.json so that JSON
// output and the Python module's vocabulary stay the same.

export const KNOWN_STATUSES = ['initialising', 'running', 'completed', 'failed', 'checkpointed', 'resumed'] as const;
export type KnownStatus = (typeof KNOWN_STATUSES)[number];
/** Any other string is a custom status, shown as is. */
export type RunStatus = KnownStatus | (string & {});
export const ACTIVE_STATUSES: readonly string[] = ['initialising', 'running'];

export interface CheckpointEntry {
  name: string;
  created_at: string | null;
  path: string | null;
}

/** A file that could not be used as data, and why. `file` is relative to the runs directory. */
export interface Problem {
  file: string;
  message: string;
}

export interface RunRecord {
  run_id: string;
  description: string;
  status: RunStatus;
  tags: string[];
  created_at: string | null;
  started_at: string | null;
  completed_at: string | null;
  /** Milliseconds since the epoch; null when the timestamp is absent or unparseable. */
  created_ms: number | null;
  started_ms: number | null;
  completed_ms: number | null;
  parent_run_id: string | null;
  user: string | null;
  hostname: string | null;
  git_commit: string | null;
  checkpoints: CheckpointEntry[];
  /** Top-level metadata keys the module does not define (seed, world_path, ...). */
  extra: Record<string, unknown>;
  problems: Problem[];
  /** True when metadata.json could not be read and the fields come from the index or defaults. */
  unreadable: boolean;
  /** mtime of metadata.json in ms, for caches and staleness; 0 when unknown. */
  mtime_ms: number;
  /** Set by the live index: active status, but nothing in the folder changed for longer than the threshold. */
  stale?: boolean;
  /** The start of RUN/notes.md when there is one (live index only), so the filter's free words find notes. */
  note?: string;
}

/** What the live index pushes after each batch of changes (at most every 100 ms). */
export interface RunDelta {
  added: RunRecord[];
  changed: RunRecord[];
  removed: string[];
  problems: Problem[];
}

export type EntryKind = 'dotfile' | 'current-link' | 'file' | 'symlink' | 'folder-without-metadata' | 'invalid-name';

/** Something in the runs directory that is not a run. */
export interface NonRunEntry {
  name: string;
  kind: EntryKind;
  detail: string;
}

export interface IndexEntry {
  run_id: string;
  description: string;
  created_at: string;
  status: string;
  tags: string[];
}

export interface RunIndex {
  runs: IndexEntry[];
  latest: string | null;
}

export interface ScanResult {
  runs: RunRecord[];
  entries: NonRunEntry[];
  /** Directory-level problems: the index, the `current` link, unreadable folders. */
  problems: Problem[];
}

export interface IndexCheck {
  missing: string[];
  stale: string[];
  mismatched: string[];
  readable: boolean;
  latest: string | null;
}

export interface CheckpointFile {
  path: string;
  bytes: number;
}

export interface ResolvedCheckpoint extends CheckpointEntry {
  resolved_path: string | null;
  files: CheckpointFile[];
  /** Rank numbers found for per-rank checkpoints, sorted; empty for a single file. */
  ranks: number[];
}
