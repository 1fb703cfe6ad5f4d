// Putting a new run's folder in place, for RunsDir.createRun and createChild: the
// metadata is already built; this makes the folder, the index entry and `current`.
import fs from 'node:fs';
import path from 'node:path';
import { indexEntryOf, recordFromMetadata } from '../../shared/metadata';
import { metadataFieldsProblem } from '../../shared/metadata-rules';
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
