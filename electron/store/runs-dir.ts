// The run store: every RunManager operation with the same result on disk, plus the
// fixes FORMAT.md asks for (atomic writes, a locked index, started_at, safe ids).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { v4 as uuidv4 } from 'uuid';
import { isPlainObject, recordFromMetadata } from '../../shared/metadata';
import { metadataFieldsProblem, OWNED_KEYS } from '../../shared/metadata-rules';
import { carryNumbers, dumpPyJson } from '../../shared/py-json';
import { assertRunId, InvalidRunIdError, runIdProblem } from '../../shared/run-id';
import { queryRuns, resolveRunRef, type RunQuery } from '../../shared/run-query';
import { formatTimestamp } from '../../shared/timestamps';
import type { RunIndex, RunRecord, ScanResult } from '../../shared/types';
import { checkpointsDirOf } from './checkpoint-files';
import { StoreError } from './errors';
import { childFiles } from './child-overrides';
import { gitCommitOf } from './git-commit';
import { currentIndex, scanDir, writeIndexUnlocked } from './index-files';
import { METADATA_FILE, runDir } from './paths';
import { readRawMetadata, readRawMetadataSettled, runFolderOf, type Raw } from './raw-metadata';
import {
  assertHasCheckpoint,
  checkedExtra,
  childRunMetadata,
  newRunMetadata,
  writeNewRun,
  type ChildOptions,
  type CreateOptions,
  type RunOrigin,
} from './run-create';
import { readIndex } from './index-read';
import { readRun } from './run-read';
import type { ScanOptions } from './scan';
// Every write but saveRunFile's goes through transaction(): it first finishes a prune,
// restore or checkpoint removal that a killed process left half-done.
import { transaction } from './transaction';
import { rewriteMetadata, saveRunFile } from './run-file-writes';

export interface StoreOptions {
  /** The simulation code's repository, whose HEAD goes into git_commit. */
  gitRepo?: string | null;
  user?: string;
  hostname?: string;
  now?: () => number;
}

/** Keys the store itself maintains; --set may not overwrite them (shared/metadata-rules.ts says which command does). */
export const RESERVED_KEYS = Object.keys(OWNED_KEYS);

/** The statuses the module's RunStatus defines. */
export const MODULE_STATUSES = ['initialising', 'running', 'completed', 'failed', 'checkpointed', 'resumed'];

export class RunsDir {
  readonly dir: string;
  private readonly opts: StoreOptions;

  constructor(dir: string, opts: StoreOptions = {}) {
    this.dir = path.resolve(dir);
    this.opts = opts;
  }

  // ---- reading (never writes) ----

  scan(opts?: ScanOptions): ScanResult {
    return scanDir(this.dir, opts);
  }

  list(q: RunQuery = {}): RunRecord[] {
    return queryRuns(this.scan().runs, q);
  }

  get(id: string): RunRecord {
    this.runFolder(id);
    const run = readRun(this.dir, id, () => readIndex(this.dir).index?.runs.find((e) => e.run_id === id), true);
    if (!run) throw new StoreError('not-found', `no run ${id} in ${this.dir}`);
    return run;
  }

  /** A real folder with a metadata.json; a link in a run's place is not a run (as in the scan). */
  exists(id: string): boolean {
    const dir = runDir(this.dir, id);
    try {
      return fs.lstatSync(dir).isDirectory() && fs.existsSync(path.join(dir, METADATA_FILE));
    } catch {
      return false;
    }
  }

  /** A full id or a unique prefix of at least 4 characters. */
  resolve(ref: string): string {
    this.checkedId(ref);
    if (this.exists(ref)) return ref;
    const r = resolveRunRef(
      this.scan().runs.map((x) => x.run_id),
      ref,
    );
    if ('id' in r) return r.id;
    throw new StoreError('not-found', r.error);
  }

  /** The index's latest run when it still exists, else the newest created. */
  latest(): string | null {
    const idx = readIndex(this.dir).index;
    if (idx?.latest && !runIdProblem(idx.latest) && this.exists(idx.latest)) return idx.latest;
    return this.list({ limit: 1 })[0]?.run_id ?? null;
  }

  paths(id: string) {
    const run = this.get(id);
    const dir = runDir(this.dir, run.run_id);
    return {
      run: dir,
      results: path.join(dir, 'results'),
      checkpoints: checkpointsDirOf(this.dir, run),
      logs: path.join(dir, 'logs'),
    };
  }

  children(id: string): string[] {
    return this.list()
      .filter((r) => r.parent_run_id === id)
      .map((r) => r.run_id);
  }

  // ---- writing ----

  async createRun(o: CreateOptions = {}): Promise<RunRecord> {
    const id = o.runId ?? uuidv4();
    this.checkedId(id);
    return writeNewRun(this.dir, id, newRunMetadata(id, o, this.origin()));
  }

  async createChild(parentRef: string, o: ChildOptions = {}): Promise<RunRecord> {
    const parentId = this.resolve(parentRef);
    const parentRaw = await this.readRawSettled(parentId);
    const parent = recordFromMetadata(parentId, parentRaw, `${parentId}/${METADATA_FILE}`);
    assertHasCheckpoint(parentId, parent, o.checkpoint);
    const id = uuidv4();
    const meta = childRunMetadata(parentId, parent, parentRaw, id, o, this.origin());
    const files = childFiles(this.dir, parentId, o.overrides);
    const run = await writeNewRun(this.dir, id, meta);
    for (const f of files) await this.saveRunFile(id, f.name, f.text);
    return run;
  }

  async updateStatus(ref: string, status: string, extra: Record<string, unknown> = {}): Promise<RunRecord> {
    if (!status.trim()) throw new StoreError('invalid', 'a status cannot be empty');
    return this.rewrite(ref, (m) => {
      m.status = status;
      if (status === 'running' && (m.started_at === null || m.started_at === undefined))
        m.started_at = this.timestamp();
      if (status === 'completed' || status === 'failed') m.completed_at = this.timestamp();
      Object.assign(m, checkedExtra(extra));
      carryNumbers(extra, m);
    });
  }

  /** A name recorded twice would make "resume from NAME" ambiguous: refused unless `allowDuplicate`. */
  async addCheckpoint(
    ref: string,
    name: string,
    checkpointPath: string | null = null,
    o: { allowDuplicate?: boolean } = {},
  ): Promise<RunRecord> {
    if (!name.trim()) throw new StoreError('invalid', 'a checkpoint needs a name');
    return this.rewrite(ref, (m, id) => {
      if (!Array.isArray(m.checkpoints)) m.checkpoints = [];
      const twice = (m.checkpoints as unknown[]).some((c) => isPlainObject(c) && c.name === name);
      if (twice && !o.allowDuplicate)
        throw new StoreError(
          'conflict',
          `run ${id} already has a checkpoint ${JSON.stringify(name)}; nothing was written (use --force to record it again)`,
        );
      (m.checkpoints as unknown[]).push({ name, created_at: this.timestamp(), path: checkpointPath });
    });
  }

  /** Edits that the module has no call for (tags, description); same file, same index. */
  async edit(ref: string, changes: { tags?: string[]; description?: string }): Promise<RunRecord> {
    const fields: Record<string, unknown> = {};
    if (changes.tags !== undefined) fields.tags = changes.tags;
    if (changes.description !== undefined) fields.description = changes.description;
    const bad = metadataFieldsProblem(fields);
    if (bad) throw new StoreError('invalid', bad);
    return this.rewrite(ref, (m) => {
      if (changes.tags) m.tags = [...new Set(changes.tags)];
      if (changes.description !== undefined) m.description = changes.description;
    });
  }

  /** The module writes JSON into config.yaml for a dict or list, and text as is. */
  async saveConfig(ref: string, data: unknown): Promise<void> {
    await this.saveRunFile(ref, 'config.yaml', typeof data === 'string' ? data : dumpPyJson(data));
  }

  async saveParams(ref: string, params: unknown): Promise<void> {
    if (!isPlainObject(params)) throw new StoreError('invalid', 'run params must be a JSON object');
    await this.saveRunFile(ref, 'run_params.json', dumpPyJson(params));
  }

  /** Rewrites the index and `current` under the lock; for repair and for later issues' writers. */
  async updateIndex(fn: (index: RunIndex) => RunIndex): Promise<void> {
    await transaction(this.dir, () => writeIndexUnlocked(this.dir, fn(currentIndex(this.dir))));
  }

  // ---- internals ----

  private checkedId(id: string): string {
    try {
      return assertRunId(id);
    } catch (e) {
      if (e instanceof InvalidRunIdError) throw new StoreError('invalid', e.message);
      throw e;
    }
  }

  /** Filled in on every new run, in the module's key order. */
  private origin(): RunOrigin {
    return {
      created_at: this.timestamp(),
      hostname: this.opts.hostname ?? os.hostname(),
      user: this.opts.user ?? process.env.USER ?? 'unknown',
      git_commit: gitCommitOf(this.opts.gitRepo),
    };
  }

  private timestamp(): string {
    const ms = this.opts.now ? this.opts.now() : Date.now();
    return formatTimestamp(ms, this.opts.now ? 0 : Number(process.hrtime.bigint() % 1000n));
  }

  /** The metadata object as it is on disk, every key in its order. */
  readMetadata(ref: string): Raw {
    return this.readRaw(this.resolve(ref));
  }

  /** The run's folder. A link in its place is refused, so nothing is read or written through it. */
  private runFolder(id: string): string {
    return runFolderOf(this.dir, this.checkedId(id));
  }

  private readRaw(id: string): Raw {
    return readRawMetadata(this.dir, this.checkedId(id));
  }

  private async readRawSettled(id: string): Promise<Raw> {
    return readRawMetadataSettled(this.dir, this.checkedId(id));
  }

  private async saveRunFile(ref: string, name: string, text: string): Promise<void> {
    await saveRunFile(this.dir, this.checkedId(this.resolve(ref)), name, text);
  }

  private async rewrite(ref: string, change: (m: Raw, id: string) => void): Promise<RunRecord> {
    return rewriteMetadata(this.dir, this.checkedId(this.resolve(ref)), change);
  }
}
