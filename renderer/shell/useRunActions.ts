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
  openDir(dir: string): Promise<void>;
  pickDir(): Promise<void>;
  createDemo(dir: string): Promise<void>;
}

export function useRunActions(client: ApiClient, store: RunStore, notify: Notify, onOpened: () => void): RunActions {
  const copy = useCopy();
  const lastRemoved = useRef<string[]>([]);
  const lastTags = useRef<TagEdit | null>(null);
  /** Which of the two Ctrl+Z undoes: the most recent. */
  const lastKind = useRef<'trash' | 'tags' | null>(null);
  /** The "Moved … Undo" toast: once the removal is undone (Ctrl+Z or its button) it offers nothing. */
  const undoToast = useRef<number | null>(null);

  const opened = useCallback(
    (r: ApiResult<DirSnapshot | null>) => {
      if (!r.ok) {
        notify.error(r.error);
        return;
      }
      if (r.value === null) return;
      store.loadSnapshot(r.value);
      onOpened();
    },
    [notify, store, onOpened],
  );

  const undoLastTags = useCallback(async () => {
    const edit = lastTags.current;
    if (!edit) return;
    lastTags.current = null;
    lastKind.current = lastRemoved.current.length ? 'trash' : null;
    if (undoToast.current !== null) {
      notify.dismiss(undoToast.current);
      undoToast.current = null;
    }
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
  }, [client, notify]);

  const restoreLast = useCallback(async () => {
    if (lastKind.current === 'tags') {
      await undoLastTags();
      return;
    }
    const ids = lastRemoved.current;
    if (ids.length === 0) {
      notify.info('Nothing to restore: no runs were moved to the trash in this session.');
      return;
    }
    lastRemoved.current = [];
    lastKind.current = lastTags.current ? 'tags' : null;
    if (undoToast.current !== null) {
      notify.dismiss(undoToast.current);
      undoToast.current = null;
    }
    const { restored: back, warnings } = await restoreFromTrash(client, ids, (step) => {
      if (!step.ok) notify.error(step.error);
    });
    const restored = back.length;
    if (restored) notify.info(`Restored ${restored} run${restored === 1 ? '' : 's'} from the trash.`);
    // A warning asks for something to be done, so it stays until dismissed, like an error.
    for (const w of warnings) notify.error(warningText(w));
  }, [client, notify, undoLastTags]);

  return useMemo<RunActions>(
    () => ({
      copyId: (id) => copy(id, 'the run id'),
      copyPath: (id) => copy(runPath(store.getState().dir, id), 'the run folder path'),
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
        undoToast.current = notify.info(`Moved ${ids.length} run${ids.length === 1 ? '' : 's'} to the trash.`, {
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
        undoToast.current = notify.info(
          bulkSummary(results),
          changed ? { label: 'Undo', run: () => void undoLastTags() } : undefined,
        );
      },
      restoreLast: () => void restoreLast(),
      openDir: async (dir) => opened(await client.call('dir.open', { dir })),
      pickDir: async () => opened(await client.call('dir.pick', {})),
      createDemo: async (dir) => opened(await client.call('dir.createDemo', { dir })),
    }),
    [client, copy, notify, opened, restoreLast, store, undoLastTags],
  );
}
