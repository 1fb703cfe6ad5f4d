// A new run, for RunsDir.createRun and createChild: its metadata, with the keys in the
// order the module writes them, and putting its folder in place with the index entry
// and `current`.
import fs from 'node:fs';
import path from 'node:path';
import { indexEntryOf, recordFromMetadata } from '../../shared/metadata';
import { metadataFieldsProblem } from '../../shared/metadata-rules';
import { carryNumbers } from '../../shared/py-json';
import { shortId } from '../../shared/format';
import { withEntry } from '../../shared/run-index';
import type { RunRecord } from '../../shared/types';
import { writeJsonAtomicSync } from './atomic';
import { ioError, StoreError } from './errors';
import { currentIndex, NEW_RUN_PREFIX, pointCurrentAt, sweepLeftovers, writeIndexUnlocked } from './index-files';
import { METADATA_FILE, RUN_SUBDIRS, runDir } from './paths';
import type { Raw } from './raw-metadata';
import { transaction } from './transaction';

function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The same rules as the CLI's --set and the API's edit (shared/metadata-rules.ts). */
export function checkedExtra(extra: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!extra) return {};
  const bad = metadataFieldsProblem(extra);
  if (bad) throw new StoreError('invalid', bad);
  return extra;
}

export interface CreateOptions {
  description?: string;
  tags?: string[];
  runId?: string;
  extra?: Record<string, unknown>;
}

export interface ChildOptions {
  description?: string;
  tags?: string[];
  copyCheckpoints?: boolean;
  /** Name of the parent's checkpoint the child resumes from; recorded as resumed_from_checkpoint. */
  checkpoint?: string;
  extra?: Record<string, unknown>;
  /** `config.KEY` / `params.KEY` (dotted) → value: the child gets the parent's config.yaml / run_params.json with these set. */
  overrides?: Record<string, unknown>;
}

/** When, where and from which commit a run is made. */
export interface RunOrigin {
  created_at: string;
  hostname: string;
  user: string;
  git_commit: string | null;
}

export function newRunMetadata(id: string, o: CreateOptions, at: RunOrigin): Raw {
  const meta: Raw = {
    run_id: id,
    created_at: at.created_at,
    description: o.description || `Simulation run ${id.slice(0, 8)}`,
    status: 'initialising',
    tags: o.tags ?? [],
    hostname: at.hostname,
    user: at.user,
    git_commit: at.git_commit,
    parent_run_id: null,
    checkpoints: [],
    started_at: null,
    completed_at: null,
    ...checkedExtra(o.extra),
  };
  if (o.extra) carryNumbers(o.extra, meta);
  return meta;
}

/** A child resumed from a checkpoint its parent does not have would point at nothing. */
export function assertHasCheckpoint(parentId: string, parent: RunRecord, checkpoint: string | undefined): void {
  if (checkpoint === undefined || parent.checkpoints.some((c) => c.name === checkpoint)) return;
  const names = parent.checkpoints.map((c) => c.name);
  throw new StoreError(
    'invalid',
    `run ${parentId} has no checkpoint ${JSON.stringify(checkpoint)}${names.length ? ` (it has: ${names.join(', ')})` : ' (it has none)'}`,
  );
}

/** The child keeps the parent's tags (adding "resumed") and, unless told otherwise, copies its checkpoint list. */
export function childRunMetadata(
  parentId: string,
  parent: RunRecord,
  parentRaw: Raw,
  id: string,
  o: ChildOptions,
  at: RunOrigin,
): Raw {
  const copy = o.copyCheckpoints ?? true;
  const tags = o.tags ?? (parent.tags.includes('resumed') ? parent.tags : [...parent.tags, 'resumed']);
  const parentCheckpoints = Array.isArray(parentRaw.checkpoints) ? parentRaw.checkpoints : [];
  const meta: Raw = {
    run_id: id,
    created_at: at.created_at,
    description: o.description || `Resumed from ${shortId(parentId)}`,
    status: 'initialising',
    tags,
    hostname: at.hostname,
    user: at.user,
    git_commit: at.git_commit,
    parent_run_id: parentId,
    checkpoints: copy ? structuredClone(parentCheckpoints) : [],
    started_at: null,
    completed_at: null,
    resumed_from: parentId,
    ...(o.checkpoint !== undefined ? { resumed_from_checkpoint: o.checkpoint } : {}),
    ...checkedExtra(o.extra),
  };
  if (o.extra) carryNumbers(o.extra, meta);
  return meta;
}

/**
 * The run is made under a hidden name and renamed into place, so that a reader (or a
 * kill -9, or a full disk) leaves either no run or a whole one, never a folder
 * without metadata.
 */
export async function writeNewRun(base: string, id: string, meta: Raw): Promise<RunRecord> {
  const dir = runDir(base, id);
  return transaction(base, () => {
    sweepLeftovers(base);
    if (fs.existsSync(dir) || isSymlink(dir)) throw new StoreError('conflict', `a run ${id} already exists in ${base}`);
    const tmp = path.join(base, `${NEW_RUN_PREFIX}${process.pid}-${Date.now().toString(36)}`);
    try {
      fs.mkdirSync(tmp);
      for (const sub of RUN_SUBDIRS) fs.mkdirSync(path.join(tmp, sub));
      writeJsonAtomicSync(path.join(tmp, METADATA_FILE), meta);
      fs.renameSync(tmp, dir);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw ioError('create', dir, e);
    }
    const rec = recordFromMetadata(id, meta, `${id}/${METADATA_FILE}`);
    try {
      writeIndexUnlocked(base, withEntry(currentIndex(base), indexEntryOf(rec)));
    } catch (e) {
      // A run the index does not list would be made again by a retry: the creation is
      // undone, back under the hidden name first so that no reader sees it half removed.
      undoNewRun(dir, tmp);
      throw e;
    }
    pointCurrentAt(base, id);
    return rec;
  });
}

/** Best effort; what cannot be removed now keeps its hidden name, which the next write sweeps. */
function undoNewRun(dir: string, tmp: string): void {
  try {
    fs.renameSync(dir, tmp);
  } catch {
    return;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}
