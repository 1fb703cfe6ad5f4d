// The actions the table, the context menu, the detail view and the keyboard share.
// Every failure ends in a notice with the backend's message.
import { useCallback, useMemo, useRef } from 'react';
import type { ApiClient } from '../../shared/api/client';
import type { DirSnapshot } from '../../shared/api/models';
import type { ApiResult } from '../../shared/api/result';
import type { TagResult } from '../../shared/api/models';
import type { RunRecord } from '../../shared/types';
import { bulkSummary, undoTags, type TagEdit } from '../features/bulk/undoTags';
import { restoreFromTrash, warningText } from '../features/trash/restore';
import { plainId, splitRunKey } from '../state/allFolders';
import type { RunStore } from '../state/runStore';
import { useCopy } from '../ui/useCopy';
import { runPath } from './appState';
import type { Notify } from './notices';
import { shortId } from '../../shared/format';

export interface RunActions {
  copyId(id: string): void;
  copyPath(id: string): void;
  togglePin(run: RunRecord): void;
  reveal(id: string): void;
  /** After a prune: remembers the ids for Ctrl+Z and offers Undo. */
  removed(ids: string[]): void;
  /** After a bulk tag edit: says what changed, remembers it for Ctrl+Z and offers Undo. */
  tagged(results: TagResult[], includeRunning: boolean): void;
  /** Ctrl+Z: undoes the last trash move or bulk tag edit of this session. */
  restoreLast(): void;
  /**
   * Runs that came back from the trash another way (the Trash view, the prune dialog's
   * Undo) or were deleted with it: the last move's Undo no longer offers them, and its
   * toast goes once it offers nothing.
   */
  settled(runIds: readonly string[], how: 'restored' | 'deleted'): void;
  openDir(dir: string): Promise<void>;
  pickDir(): Promise<void>;
  createDemo(dir: string): Promise<void>;
}

const NO_MOVE = 'Nothing to restore: no runs were moved to the trash in this session.';
const ALREADY_UNDONE = 'Already undone: the runs last moved to the trash are back.';
const EMPTIED = 'The runs last moved to the trash were deleted for good when the trash was emptied.';

/** `onOpened`: a folder was opened (or made current); the caller decides whether to show it. */
export function useRunActions(
  client: ApiClient,
  store: RunStore,
  notify: Notify,
  onOpened: (snap: DirSnapshot) => void,
): RunActions {
  const copy = useCopy();
  const lastRemoved = useRef<string[]>([]);
  const lastTags = useRef<TagEdit | null>(null);
  /** Which of the two Ctrl+Z undoes: the most recent. */
  const lastKind = useRef<'trash' | 'tags' | null>(null);
  /** The "Moved … Undo" toast: once the removal is undone (Ctrl+Z, its button or the Trash view) it goes. */
  const trashToast = useRef<number | null>(null);
  /** The bulk tag edit's Undo toast, on its own: undoing one must not leave the other's offer up. */
  const tagsToast = useRef<number | null>(null);
  /** What Ctrl+Z says with no move left to undo: an undo already done is not "nothing to restore". */
  const noMove = useRef(NO_MOVE);

  const dismiss = useCallback(
    (toast: { current: number | null }) => {
      if (toast.current !== null) notify.dismiss(toast.current);
      toast.current = null;
    },
    [notify],
  );

  const opened = useCallback(
    (r: ApiResult<DirSnapshot | null>) => {
      if (!r.ok) {
        notify.error(r.error);
        return;
      }
      if (r.value !== null) onOpened(r.value);
    },
    [notify, onOpened],
  );

  const undoLastTags = useCallback(async () => {
    const edit = lastTags.current;
    if (!edit) return;
    lastTags.current = null;
    lastKind.current = lastRemoved.current.length ? 'trash' : null;
    dismiss(tagsToast);
    const r = await undoTags(client, edit);
    if ('error' in r) {
      notify.error(r.error);
      return;
    }
    notify.info(`Put back the previous tags of ${r.restored} run${r.restored === 1 ? '' : 's'}.`);
    if (r.left.length)
      notify.error(
        `${r.left.length} run${r.left.length === 1 ? '' : 's'} kept the new tags: ${shortId(r.left[0]!.run_id)}: ${r.left[0]!.reason ?? ''}`,
      );
  }, [client, notify, dismiss]);

  const restoreLast = useCallback(async () => {
    if (lastKind.current === 'tags') {
      await undoLastTags();
      return;
    }
    const ids = lastRemoved.current;
    if (ids.length === 0) {
      notify.info(noMove.current);
      return;
    }
    lastRemoved.current = [];
    lastKind.current = lastTags.current ? 'tags' : null;
    noMove.current = ALREADY_UNDONE;
    dismiss(trashToast);
    const { restored: back, warnings } = await restoreFromTrash(client, ids, (step) => {
      if (!step.ok) notify.error(step.error);
    });
    const restored = back.length;
    if (restored) notify.info(`Restored ${restored} run${restored === 1 ? '' : 's'} from the trash.`);
    // A warning asks for something to be done, so it stays until dismissed, like an error.
    for (const w of warnings) notify.error(warningText(w));
  }, [client, notify, undoLastTags, dismiss]);

  const settled = useCallback(
    (runIds: readonly string[], how: 'restored' | 'deleted') => {
      const before = lastRemoved.current;
      if (before.length === 0) return;
      const gone = new Set(runIds);
      lastRemoved.current = before.filter((id) => !gone.has(id));
      if (lastRemoved.current.length > 0 || before.length === lastRemoved.current.length) return;
      if (lastKind.current === 'trash') lastKind.current = lastTags.current ? 'tags' : null;
      noMove.current = how === 'restored' ? ALREADY_UNDONE : EMPTIED;
      dismiss(trashToast);
    },
    [dismiss],
  );

  return useMemo<RunActions>(
    () => ({
      // In All folders `id` is a key: the run's own id, and its path in its own folder.
      copyId: (id) => copy(plainId(id), 'the run id'),
      copyPath: (id) => {
        const at = splitRunKey(id);
        copy(at ? runPath(at.dir, at.run_id) : runPath(store.getState().dir, id), 'the run folder path');
      },
      togglePin: (run) => {
        const pinned = run.tags.includes('keep');
        const tags = pinned ? run.tags.filter((t) => t !== 'keep') : [...run.tags, 'keep'];
        void client.call('run.edit', { run_id: run.run_id, tags }).then((r) => {
          if (!r.ok) notify.error(r.error);
          else
            notify.info(
              pinned
                ? 'Unpinned: pruning may remove this run again.'
                : 'Pinned with the tag "keep": pruning will keep this run.',
            );
        });
      },
      reveal: (id) => {
        void client.call('shell.open', { run_id: id, path: '', reveal: true }).then((r) => {
          if (!r.ok) notify.error(r.error);
        });
      },
      removed: (ids) => {
        if (ids.length === 0) return;
        lastRemoved.current = ids;
        lastKind.current = 'trash';
        dismiss(trashToast);
        trashToast.current = notify.info(`Moved ${ids.length} run${ids.length === 1 ? '' : 's'} to the trash.`, {
          label: 'Undo',
          run: () => void restoreLast(),
        });
      },
      tagged: (results, includeRunning) => {
        const changed = results.some((r) => r.outcome === 'done');
        if (changed) {
          lastTags.current = { results, includeRunning };
          lastKind.current = 'tags';
        }
        dismiss(tagsToast);
        tagsToast.current = notify.info(
          bulkSummary(results),
          changed ? { label: 'Undo', run: () => void undoLastTags() } : undefined,
        );
      },
      restoreLast: () => void restoreLast(),
      settled,
      openDir: async (dir) => opened(await client.call('dir.open', { dir })),
      pickDir: async () => opened(await client.call('dir.pick', {})),
      createDemo: async (dir) => opened(await client.call('dir.createDemo', { dir })),
    }),
    [client, copy, notify, opened, restoreLast, settled, store, undoLastTags, dismiss],
  );
}
