// The trash: list, restore, empty, and finishing an operation a killed process left
// half-done. The CLI's `trash …` and the API's trash.* come through here, so both say the
// same warnings.
import type { TrashItem as TrashItemModel, TrashRestoreResult } from '../../shared/api/models';
import { policyObject, policyWords } from '../../shared/trash-policy-text';
import { pendingWork } from '../store/journal';
import { recoverPending } from '../store/journal-recovery';
import type { RunsDir } from '../store/runs-dir';
import { listTrash, trashProblems, type TrashEntry, type TrashRecord } from '../store/trash';
import {
  emptyTrash,
  entriesToEmpty,
  restoreFromTrash,
  type EmptyOptions,
  type RestoreResult,
} from '../store/trash-ops';

export type { EmptyOptions, RestoreResult, TrashEntry, TrashRecord };

const DAY_MS = 24 * 3_600_000;

/** What the trash holds, newest first (reads only). */
export const trashEntries = (dir: string): TrashEntry[] => listTrash(dir);

/** What is wrong in the trash folder itself (unreadable records, strays), to warn about. */
export const trashWarnings = (dir: string): string[] => trashProblems(dir);

/** The trash as the contract's model. */
export function trashList(dir: string): TrashItemModel[] {
  const items = listTrash(dir);
  // Runs trashed together name each other by description.
  const described = new Map(items.map(({ record }) => [record.run_id, record.description]));
  const describe = (id: string) => described.get(id);
  return items.map(({ record, complete }) => ({
    run_id: record.run_id,
    entry: record.entry,
    kind: record.kind,
    complete,
    trashed_at: record.trashed_at,
    by: record.trashed_by,
    policy: policyWords(record.policy, { runId: record.run_id, describe }),
    policy_options: policyObject(record.policy),
    description: record.description,
    ...(record.index_entry?.status ? { status: record.index_entry.status } : {}),
    bytes: record.bytes,
  }));
}

/** Puts an entry (or the one entry holding a run id) back; `warnings` say what the user should do next. */
export const trashRestore = (store: RunsDir, ref: string): Promise<RestoreResult> => restoreFromTrash(store, ref);

/** trashRestore as the API answers it: the run as it is now, with the warnings. */
export async function trashRestoreRun(store: RunsDir, ref: string): Promise<TrashRestoreResult> {
  const { record, warnings } = await restoreFromTrash(store, ref);
  return { ...store.get(record.run_id), warnings };
}

/** The entries trashEmpty would delete (reads only). */
export const trashToEmpty = (dir: string, o: EmptyOptions = {}): TrashEntry[] => entriesToEmpty(dir, o);

/** Deletes entries for good; returns their records. */
export const trashEmpty = (store: RunsDir, o: EmptyOptions = {}): Promise<TrashRecord[]> => emptyTrash(store, o);

export const daysToMs = (days: number | undefined): number | undefined =>
  days === undefined ? undefined : days * DAY_MS;

/** Finishes an operation a killed process left half-done; the notes say what was finished. */
export const finishPendingWork = (store: RunsDir): Promise<string[]> => recoverPending(store);

/** What a killed process left half-done, in words, or null (reads only). */
export const pendingWorkNote = (dir: string): string | null => pendingWork(dir);
