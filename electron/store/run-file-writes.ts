// Writing an existing run's files in place: its metadata.json (read, changed, written
// whole, the index entry kept in step) and its config.yaml or run_params.json. Each is
// an atomic rename under the index lock, so a leftover temporary file beside the target
// can only be a killed writer's, and is removed.
import path from 'node:path';
import { indexEntryOf, recordFromMetadata } from '../../shared/metadata';
import { withEntry } from '../../shared/run-index';
import type { RunRecord } from '../../shared/types';
import { isLeftoverOf, writeFileAtomicSync, writeJsonAtomicSync } from './atomic';
import { ioError } from './errors';
import { currentIndex, removeWhere, writeIndexUnlocked } from './index-files';
import { withIndexLock } from './index-lock';
import { METADATA_FILE, runDir } from './paths';
import { readRawMetadataSettled, runFolderOf, type Raw } from './raw-metadata';
import { transaction } from './transaction';

function atomic(file: string, write: () => void): void {
  try {
    write();
  } catch (e) {
    throw ioError('write', file, e);
  }
}

/**
 * The lock only, not a transaction (docs/architecture-store.md says why). A link in the
 * run's place is refused, so nothing is written through it.
 */
export async function saveRunFile(base: string, id: string, name: string, text: string): Promise<void> {
  await withIndexLock(base, () => {
    const folder = runFolderOf(base, id);
    removeWhere(folder, (n) => isLeftoverOf(n, name));
    const file = path.join(folder, name);
    atomic(file, () => writeFileAtomicSync(file, text));
  });
}

/** Read-modify-write of one run's metadata, keeping unknown keys and their order. */
export async function rewriteMetadata(
  base: string,
  id: string,
  change: (m: Raw, id: string) => void,
): Promise<RunRecord> {
  return transaction(base, async () => {
    const raw = await readRawMetadataSettled(base, id);
    change(raw, id);
    const folder = runDir(base, id);
    // Only Runyard names files so, and only under this lock: any found is from a killed write.
    removeWhere(folder, (n) => isLeftoverOf(n, METADATA_FILE));
    const file = path.join(folder, METADATA_FILE);
    atomic(file, () => writeJsonAtomicSync(file, raw));
    const rec = recordFromMetadata(id, raw, `${id}/${METADATA_FILE}`);
    writeIndexUnlocked(base, withEntry(currentIndex(base), indexEntryOf(rec)));
    return rec;
  });
}
