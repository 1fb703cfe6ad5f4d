// Result shapes of the API that are not plain store types.
import type { IndexCheck, NonRunEntry, Problem, ResolvedCheckpoint, RunRecord } from '../types';

/**
 * The largest image run.readImage sends. Its base64 (~27 MB) still fits what Electron IPC
 * carries and what a `runyard serve` socket may buffer (ws-transport.ts lets the allowance
 * grow with the largest answer); a bigger image is a file to open with the OS, not a preview.
 */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

export type Theme = 'system' | 'light' | 'dark';

/** A column id is a built-in id or a dotted value path such as `results.summary.infected`. */
export const MAX_COLUMN_ID = 300;
export const MAX_COLUMNS = 100;

export interface ResumeCommand {
  /** e.g. `python run_simulation.py --checkpoint {checkpoint_path} --run-id {run_id}` */
  template: string;
  cwd: string;
}

/** Lives in the user's own settings file, never in a runs folder. */
export interface Settings {
  theme: Theme;
  recentDirs: string[];
  /** Column ids shown in the run table, in order: built-in ids or value paths (`config.beta`, shared/values.ts). */
  columns: string[];
  /** The column choice of one runs directory (absolute path), which wins over `columns` there. Always sent by the backend. */
  columnsByDir?: Record<string, string[]>;
  /** Column widths in px of one runs directory, by column id; a column not named keeps its default width. */
  columnWidthsByDir?: Record<string, Record<string, number>>;
  /** Named views (filter, columns, sort) of one runs directory. */
  viewsByDir?: Record<string, SavedView[]>;
  staleAfterHours: number;
  watchMode: 'auto' | 'native' | 'poll';
  pollIntervalMs: number;
  notifications: boolean;
  /** Per runs directory (absolute path). */
  resumeCommands: Record<string, ResumeCommand>;
}

/** A named filter, columns and sort of the run table, saved per runs directory. */
export interface SavedView {
  name: string;
  filter: string;
  columns: string[];
  /** A column id, `-` first for descending: `-config.beta`. */
  sort: string;
}

export const MAX_VIEWS = 50;
/** A column is at least this wide and at most that wide, in px. */
export const MIN_COLUMN_PX = 40;
export const MAX_COLUMN_PX = 2000;

export interface AppInfo {
  version: string;
  transport: 'ipc' | 'websocket';
  readOnly: boolean;
  /** Can the backend open files in the OS (desktop) or not (serve)? */
  canUseShell: boolean;
  dir: string | null;
}

/** One runs folder the backend holds open (dir.list). */
export interface FolderInfo {
  /** How requests name it (their `dir`): a local absolute path, or the remote folder as the user writes it. */
  dir: string;
  kind: 'local' | 'remote';
  /**
   * `connecting`: a remote folder being opened (ssh may be asking the user something), not
   * usable yet. `reconnecting`: its connection dropped and is being retried; its runs are as last seen.
   */
  state: 'live' | 'connecting' | 'reconnecting' | 'error';
  /** The remote machine (`user@host`), for remote folders. */
  host?: string;
  runs: number;
  /** The folder requests without a `dir` act on. */
  current: boolean;
  message?: string;
}

export interface DirSnapshot {
  dir: string;
  runs: RunRecord[];
  entries: NonRunEntry[];
  problems: Problem[];
  /** True while the initial scan is still running; deltas fill in the rest. */
  scanning: boolean;
  watchMode: 'native' | 'poll';
}

export interface TextFile {
  text: string;
  ok: boolean;
  error: string | null;
  /** The parsed YAML/JSON value when it parses. */
  parsed: unknown;
}

export interface RunDetail {
  run: RunRecord;
  /** metadata.json as on disk, every key; null when unreadable. */
  metadata: Record<string, unknown> | null;
  paths: { run: string; results: string; checkpoints: string; logs: string };
  checkpoints: ResolvedCheckpoint[];
  children: string[];
  config: TextFile | null;
  params: TextFile | null;
}

export interface FileEntry {
  name: string;
  /** Relative to the run folder, with `/`. */
  path: string;
  /**
   * From lstat: `file` is a regular file reached without a link, the only kind the UI
   * previews or hands to the system; a link is reported as a link, never followed here.
   */
  kind: 'file' | 'dir' | 'symlink' | 'fifo' | 'socket' | 'device' | 'other';
  bytes: number;
  mtime_ms: number;
}

export interface FileListing {
  entries: FileEntry[];
  total: number;
  offset: number;
}

export interface FileChunk {
  path: string;
  /** Byte offset of `text` in the file. */
  offset: number;
  size: number;
  text: string;
  binary: boolean;
  truncated: boolean;
}

/** A whole image file of a run, recognised by its first bytes (never by its name). */
export interface RunImage {
  mime: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'image/svg+xml';
  base64: string;
  bytes: number;
}

export interface LineageEdgeNode {
  run_id: string;
  status: string;
  description: string;
  /** The parent's checkpoint this run resumed from, when recorded. */
  checkpoint: string | null;
  children: LineageEdgeNode[];
}

export interface LineageView {
  roots: LineageEdgeNode[];
  orphans: string[];
  cycles: string[][];
  /** For a single run: its ancestors, nearest first. */
  ancestors: string[];
}

export interface PruneReasoned {
  run_id: string;
  reason: string;
}

export interface PrunePreview {
  remove: { run_id: string; bytes: number | null }[];
  keep: PruneReasoned[];
  refused: PruneReasoned[];
  bytes_freed: number;
}

/** prune.execute's answer. `skipped`: confirmed runs that stayed (or were put back) because something changed since the plan, with the dry run's words. */
export interface PruneExecuted {
  operation: string;
  removed: string[];
  bytes_freed: number;
  skipped: { run_id: string; reason: string; put_back?: true }[];
}
export interface TrashItem {
  run_id: string;
  // The backend always sets the next three; optional only so older literals still type-check.
  /** The entry's name under .trash: the run id, or `<run_id>~2` when a run was trashed twice. trash.restore takes it. */
  entry?: string;
  /** A whole run, or checkpoint files removed by checkpoint retention. */
  kind?: 'run' | 'checkpoints';
  /** False while part of it is missing (an interrupted operation); it cannot be restored then. */
  complete?: boolean;
  trashed_at: string;
  by: string;
  /** The policy in words: "pruned: failed runs older than 30 days, except tagged keep", "removed by hand". */
  policy: string;
  /** The policy as recorded (prune's options), so the UI can name the runs it lists by their descriptions. */
  policy_options?: Record<string, unknown>;
  description: string;
  /** The run's status when it was trashed (from its index entry), when known. */
  status?: string;
  bytes: number | null;
}

/**
 * trash.restore's answer: the run as it is now (older clients read it as a RunRecord),
 * and what the user should do next, in the words `runyard trash restore` prints. The
 * backend always sets `warnings`; optional only so that a plain RunRecord still types.
 */
export type TrashRestoreResult = RunRecord & { warnings?: string[] };

export interface DiskUsage {
  run_id: string;
  results: number;
  checkpoints: number;
  logs: number;
  other: number;
  total: number;
}

export interface ResumeLaunch {
  /** The child run that was created for the command. */
  run_id: string;
  command: string;
  cwd: string;
  pid: number | null;
  log: string;
}

/** One run's outcome in runs.editTags / runs.restoreTags. */
export interface TagResult {
  run_id: string;
  /** `unchanged`: the run already had the tags asked for; nothing was written. */
  outcome: 'done' | 'unchanged' | 'skipped';
  reason?: string;
  /** Skipped because its metadata says initialising or running. */
  running?: true;
  /** The tags before and after (done and unchanged), for an undo. */
  before?: string[];
  after?: string[];
}

/** A run's note, RUN/notes.md. */
export interface RunNote {
  run_id: string;
  text: string;
  /** Identifies the version read; notes.set with it as `expect` refuses to overwrite a change made meanwhile. Null: no note yet. */
  version: string | null;
  modified_ms: number | null;
}

export type { IndexCheck };
