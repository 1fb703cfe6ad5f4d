// The one API between the UI and the backend. Every request the renderer can make is
// listed here with its params (validated at runtime with zod on the receiving side)
// and its result type; every pushed event is listed in ApiEvents. Electron IPC and
// the `runyard serve` WebSocket both carry exactly this contract.
import { z } from 'zod';
import { overrides, prunePolicy, relPath, runId, settingsPatch, tags, valuePath } from './param-schemas';
import type { PendingSshQuestion } from '../ssh-prompt';
import type { IndexCheck, RunDelta, RunRecord } from '../types';
import type {
  AppInfo,
  DirSnapshot,
  DiskUsage,
  FolderInfo,
  FileChunk,
  FileListing,
  LineageView,
  PruneExecuted,
  PrunePreview,
  ResumeLaunch,
  RunDetail,
  RunImage,
  RunNote,
  Settings,
  TagResult,
  TrashItem,
  TrashRestoreResult,
} from './models';
import { MAX_SERIES_RUNS, type RunValues, type ValueColumns, type ValueSeries } from './value-models';

interface Spec<P extends z.ZodType, R> {
  params: P;
  /** Changes something on disk or in settings; refused by `serve --read-only`. */
  mutates: boolean;
  /** Phantom: the result type, for the typed client. */
  result?: R;
}

const spec =
  <R>() =>
  <P extends z.ZodType>(params: P, mutates = false): Spec<P, R> => ({ params, mutates });
const none = z.object({}).strict();
/**
 * A runs folder held open, local or remote (`ssh://…`, `host:path`), as dir.open was given it or dir.list
 * names it. Requests on a folder take it as an optional `dir`; without one they act on the current folder
 * (the one opened last), so a client that knows of one folder only never needs to name it.
 */
const folderRef = z.string().min(1).max(4096);
const where = { dir: folderRef.optional() };
const inFolder = z.object(where).strict();

export const contract = {
  'app.info': spec<AppInfo>()(none),
  'dir.open': spec<DirSnapshot>()(z.object({ dir: z.string().min(1).max(4096) }).strict()),
  /** Desktop only: the native folder picker, then dir.open. Null when cancelled. */
  'dir.pick': spec<DirSnapshot | null>()(none),
  'dir.recent': spec<string[]>()(none),
  /** The folders held open, the current one first-class (`current`), each with its kind, state and run count. */
  'dir.list': spec<FolderInfo[]>()(none),
  /** Stops watching a folder (a remote one's connection ends); the others stay open. Refused by a read-only serve. */
  'dir.close': spec<FolderInfo[]>()(z.object({ dir: folderRef }).strict(), true),
  'dir.createDemo': spec<DirSnapshot>()(z.object({ dir: z.string().min(1).max(4096) }).strict(), true),
  /** The current snapshot; deltas follow as `runs.delta` events. */
  'runs.snapshot': spec<DirSnapshot>()(inFolder),
  'run.get': spec<RunDetail>()(z.object({ ...where, run_id: runId }).strict()),
  'run.files': spec<FileListing>()(
    z
      .object({
        ...where,
        run_id: runId,
        folder: z.enum(['results', 'logs', 'checkpoints', '.']),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
  ),
  /** Bounded reads: at most 64 KiB; `tail` reads the last bytes of the file. */
  'run.readFile': spec<FileChunk>()(
    z
      .object({
        ...where,
        run_id: runId,
        path: relPath,
        offset: z.number().int().min(0).optional(),
        length: z.number().int().min(1).max(65_536).default(65_536),
        tail: z.boolean().default(false),
      })
      .strict(),
  ),
  /** A whole image (PNG, JPEG, GIF, WebP by their first bytes, or SVG) of at most MAX_IMAGE_BYTES (models.ts), as base64; the UI shows it only through <img>. */
  'run.readImage': spec<RunImage>()(z.object({ ...where, run_id: runId, path: relPath }).strict()),
  /** Starts pushing `log.data` for new bytes of one file; returns the tail so far. */
  'log.follow': spec<{ subscription: string; chunk: FileChunk }>()(
    z.object({ ...where, run_id: runId, path: relPath }).strict(),
  ),
  'log.unfollow': spec<null>()(z.object({ ...where, subscription: z.string().max(100) }).strict()),
  /** Pushes `run.fileEvent` for the run's checkpoints/, logs/ and the top level of results/ while subscribed (one bounded watcher per run, closed with the last subscriber). */
  'run.watch': spec<{ subscription: string }>()(z.object({ ...where, run_id: runId }).strict()),
  'run.unwatch': spec<null>()(z.object({ ...where, subscription: z.string().max(100) }).strict()),
  'lineage.get': spec<LineageView>()(z.object({ ...where, run_id: runId.optional() }).strict()),
  'run.resume': spec<RunRecord>()(
    z
      .object({
        ...where,
        run_id: runId,
        description: z.string().max(2000).optional(),
        tags: tags.optional(),
        checkpoint: z.string().max(500).optional(),
        copyCheckpoints: z.boolean().default(true),
        overrides: overrides.optional(),
      })
      .strict(),
    true,
  ),
  'run.edit': spec<RunRecord>()(
    z
      .object({
        ...where,
        run_id: runId,
        tags: tags.optional(),
        description: z.string().max(2000).optional(),
        status: z.string().min(1).max(100).optional(),
      })
      .strict(),
    true,
  ),
  /**
   * Adds and removes tags on many runs (pin: add `keep`), one result per run. A run whose metadata says initialising or
   * running is skipped, with the reason, unless `includeRunning`. Progress arrives as `runs.editProgress` with `operation`.
   */
  'runs.editTags': spec<TagResult[]>()(
    z
      .object({
        ...where,
        run_ids: z.array(runId).min(1).max(100_000),
        add: tags.default([]),
        remove: tags.default([]),
        includeRunning: z.boolean().default(false),
        operation: z.string().max(100).default(''),
      })
      .strict(),
    true,
  ),
  /** The undo of runs.editTags: each run gets `tags` back while its tags are still `expect`. */
  'runs.restoreTags': spec<TagResult[]>()(
    z
      .object({
        ...where,
        runs: z
          .array(z.object({ run_id: runId, tags, expect: tags }).strict())
          .min(1)
          .max(100_000),
        includeRunning: z.boolean().default(false),
        operation: z.string().max(100).default(''),
      })
      .strict(),
    true,
  ),
  /** RUN/notes.md; an empty text and a null version when there is none. */
  'notes.get': spec<RunNote>()(z.object({ ...where, run_id: runId }).strict()),
  /** Replaces the note (at most 256 KiB); with `expect` (a version from notes.get, null for none), a note changed since is refused with `conflict`. */
  'notes.set': spec<RunNote>()(
    z
      .object({
        ...where,
        run_id: runId,
        text: z.string().max(262_144),
        expect: z.string().max(100).nullable().optional(),
      })
      .strict(),
    true,
  ),
  /** The resume command with placeholders filled in, shown before it runs ({run_id} shows as <new-run-id>); null when none is set for this folder; refused on a read-only serve. `notes` say which values were shell-quoted and why. */
  'resume.preview': spec<{ command: string; cwd: string; notes?: string[] } | null>()(
    z.object({ ...where, run_id: runId, checkpoint: z.string().max(500).optional() }).strict(),
  ),
  /** Creates the child (like run.resume) and starts the user's command for it. */
  'resume.launch': spec<ResumeLaunch>()(
    z
      .object({
        ...where,
        run_id: runId,
        checkpoint: z.string().max(500).optional(),
        description: z.string().max(2000).optional(),
        tags: tags.optional(),
        overrides: overrides.optional(),
      })
      .strict(),
    true,
  ),
  'prune.plan': spec<PrunePreview>()(z.object({ ...where, policy: prunePolicy }).strict()),
  /** Executes the plan for `policy`; only the runs in `expect` are removed; progress comes as `prune.progress`. */
  'prune.execute': spec<PruneExecuted>()(
    z
      .object({ ...where, policy: prunePolicy, expect: z.array(runId).max(100_000), operation: z.string().max(100) })
      .strict(),
    true,
  ),
  'trash.list': spec<TrashItem[]>()(inFolder),
  /** `run_id` is a trash entry (TrashItem.entry) or a run id that only one entry holds. `warnings`: e.g. the parent is still in the trash. */
  'trash.restore': spec<TrashRestoreResult>()(z.object({ ...where, run_id: runId }).strict(), true),
  'trash.empty': spec<{ deleted: string[] }>()(
    z.object({ ...where, olderThanDays: z.number().min(0).optional() }).strict(),
    true,
  ),
  'index.check': spec<IndexCheck>()(inFolder),
  'index.repair': spec<{ before: IndexCheck; after: IndexCheck }>()(inFolder, true),
  'du.get': spec<DiskUsage[]>()(z.object({ ...where, run_ids: z.array(runId).max(100_000).optional() }).strict()),
  /**
   * The value columns: every key of the runs' config.yaml, run_params.json, metadata.json and the last row of
   * their results/*.csv, per source, the keys that differ between runs first, with how many runs have each
   * (models.ts ValueColumns). `run_ids` limits it to those runs. Each file is read once, then only statted.
   */
  'values.columns': spec<ValueColumns>()(
    z.object({ ...where, run_ids: z.array(runId).max(100_000).optional() }).strict(),
  ),
  /**
   * The values of `paths` (config.KEY, params.KEY, meta.KEY, results.FILE.COLUMN) for `run_ids`, or every run;
   * per-file problems name the file; a path no run has comes back in `missing` (models.ts RunValues). A filter
   * asks for requiredPaths(parseFilter(text)) (shared/filter-parse.ts) and judges with the answer.
   */
  'values.get': spec<RunValues>()(
    z
      .object({ ...where, paths: z.array(valuePath).min(1).max(100), run_ids: z.array(runId).max(100_000).optional() })
      .strict(),
  ),
  /** One column of a results CSV (`file` under results/) per run, to overlay (models.ts ValueSeries); without `file` or `column`, the most common file and its first numeric column. */
  'values.series': spec<ValueSeries>()(
    z
      .object({
        ...where,
        run_ids: z.array(runId).min(1).max(MAX_SERIES_RUNS),
        file: relPath.optional(),
        column: z.string().max(500).optional(),
      })
      .strict(),
  ),
  'settings.get': spec<Settings>()(none),
  'settings.set': spec<Settings>()(settingsPatch, true),
  /** ssh's questions waiting for the user (electron/api/ssh-questions.ts), oldest first; also pushed as `ssh.questions`. */
  'ssh.questions': spec<PendingSshQuestion[]>()(none),
  /** The user's answer: "yes" to a host key or a confirm, the text of a secret; null is no. `answered` is false once it no longer waits. */
  'ssh.answer': spec<{ answered: boolean }>()(
    z.object({ id: z.string().max(100), answer: z.string().max(4096).nullable() }).strict(),
    true,
  ),
  /** Desktop only: open a file with the OS, or reveal it in the file manager. */
  'shell.open': spec<null>()(
    z.object({ ...where, run_id: runId, path: relPath.default(''), reveal: z.boolean().default(false) }).strict(),
  ),
} as const;

export type Contract = typeof contract;
export type RequestName = keyof Contract;
export type Params<N extends RequestName> = z.input<Contract[N]['params']>;
export type ParsedParams<N extends RequestName> = z.output<Contract[N]['params']>;
export type Result<N extends RequestName> = Exclude<Contract[N]['result'], undefined>;
export const requestNames = Object.keys(contract) as RequestName[];
/** The requests that act on one runs folder: they take `dir`, and a remote folder's go to its agent. */
export const folderRequests: ReadonlySet<string> = new Set(
  requestNames.filter((n) => !n.startsWith('dir.') && 'dir' in (contract[n].params as z.ZodObject).shape),
);

/** Everything the backend pushes without being asked. */
export interface ApiEvents {
  /** `dir`: the folder whose runs changed (absent only from an agent speaking for its one folder). */
  'runs.delta': RunDelta & { dir?: string };
  'runs.progress': { scanned: number; total: number; done: boolean; dir?: string };
  /** Another directory was opened (menu, recent list, other window). */
  'dir.opened': DirSnapshot;
  /** The open folders changed: one opened or closed, or a remote one lost or regained its connection. */
  'dir.list': FolderInfo[];
  /** `truncated`: the file was truncated or replaced (rotation), or grew faster than is sent; `text` does not continue the previous text. */
  'log.data': { subscription: string; offset: number; text: string; truncated: boolean };
  'run.fileEvent': { subscription: string; run_id: string; path: string; kind: 'add' | 'change' | 'unlink' };
  'prune.progress': { operation: string; done: number; total: number; run_id: string | null };
  'runs.editProgress': { operation: string; done: number; total: number };
  /** A watched run completed or failed (desktop shows an OS notification too). */
  'run.finished': { run_id: string; status: string; description: string; dir?: string };
  /** The questions ssh waits on changed: one was asked, answered, or given up. */
  'ssh.questions': PendingSshQuestion[];
  /** The menu asked the UI to do something (desktop only). */
  'ui.command': { command: 'open-folder' | 'open-remote' | 'find' | 'prune' | 'refresh' | 'undo' };
}
export type EventName = keyof ApiEvents;
export const eventNames: EventName[] = [
  'runs.delta',
  'runs.progress',
  'dir.opened',
  'dir.list',
  'log.data',
  'run.fileEvent',
  'prune.progress',
  'runs.editProgress',
  'run.finished',
  'ssh.questions',
  'ui.command',
];
