// .run_index.json against the run folders: check (reads only) and repair (rewrites it from them).
import type { IndexCheck } from '../../shared/types';
import { checkIndex, repairIndex } from '../store/index-maintenance';
import type { RunsDir } from '../store/runs-dir';

export const indexCheck = (store: RunsDir): IndexCheck => checkIndex(store);

export const indexRepair = (store: RunsDir): Promise<{ before: IndexCheck; after: IndexCheck }> => repairIndex(store);

/** True when the index is readable and lists exactly the folders, as they are. */
export const indexAgrees = (c: IndexCheck): boolean =>
  c.readable && !c.missing.length && !c.stale.length && !c.mismatched.length;
