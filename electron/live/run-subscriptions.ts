// Watching one run's checkpoints, logs and the top level of its results, only while
// something (a detail view) subscribes. These folders can hold hundreds of files, so
// they are never part of the always-on watches; a subscription adds a chokidar watcher
// at depth 0 on them and the last unsubscribe closes it. For a resumed run the
// checkpoints folder is its parent's, where the module keeps writing them.
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { RunRecord } from '../../shared/types';
import { checkpointsDirOf } from '../store/checkpoint-files';

export interface RunFileEvent {
  run_id: string;
  /** Relative to the runs directory, like Problem.file. */
  path: string;
  kind: 'add' | 'change' | 'unlink';
}

/** The folders a subscription to run `id` follows; `run` is its record when it is known. */
export function followedFolders(base: string, id: string, run: RunRecord | undefined): string[] {
  const own = path.join(base, id);
  const folders = [path.join(own, 'checkpoints'), path.join(own, 'logs'), path.join(own, 'results')];
  const shared = run ? checkpointsDirOf(base, run) : folders[0]!;
  if (!folders.includes(shared)) folders.push(shared);
  return folders;
}

type Listener = (e: RunFileEvent) => void;

interface Subscription {
  watcher: FSWatcher;
  listeners: Set<Listener>;
  ready: Promise<void>;
}

/** A subscription: `ready` settles once its watches are in place, so nothing written after it goes unseen. */
export interface RunWatch {
  stop(): void;
  ready: Promise<void>;
}

/** chokidar on a slow or hung filesystem may never say ready; a subscriber is not held longer than this. */
const READY_WAIT_MS = 5000;

export interface SubscriptionOptions {
  poll: boolean;
  pollIntervalMs: number;
}

export class RunSubscriptions {
  private readonly subs = new Map<string, Subscription>();

  constructor(
    private readonly base: string,
    private readonly opts: SubscriptionOptions,
  ) {}

  /** `folders` are absolute paths of the folders to follow for this run. */
  subscribe(id: string, folders: string[], cb: Listener): RunWatch {
    let sub = this.subs.get(id);
    if (!sub) {
      const watcher = watch(folders, {
        depth: 0,
        ignoreInitial: true,
        persistent: false,
        usePolling: this.opts.poll,
        interval: this.opts.pollIntervalMs,
        binaryInterval: this.opts.pollIntervalMs,
      });
      const listeners = new Set<Listener>();
      const emit = (kind: RunFileEvent['kind']) => (p: string) => {
        const e: RunFileEvent = { run_id: id, path: path.relative(this.base, p).split(path.sep).join('/'), kind };
        for (const l of listeners) l(e);
      };
      // A folder missing at subscribe time is reported when it appears, but chokidar
      // does not then follow its files: watch it afresh so the files that follow show.
      const roots = new Set(folders);
      watcher.on('addDir', (p) => {
        if (roots.has(p)) {
          watcher.unwatch(p);
          watcher.add(p);
        }
      });
      watcher
        .on('add', emit('add'))
        .on('addDir', emit('add'))
        .on('change', emit('change'))
        .on('unlink', emit('unlink'))
        .on('unlinkDir', emit('unlink'));
      watcher.on('error', () => undefined);
      const ready = new Promise<void>((resolve) => {
        watcher.once('ready', resolve);
        setTimeout(resolve, READY_WAIT_MS).unref();
      });
      sub = { watcher, listeners, ready };
      this.subs.set(id, sub);
    }
    const s = sub;
    s.listeners.add(cb);
    let done = false;
    const stop = () => {
      if (done) return;
      done = true;
      s.listeners.delete(cb);
      if (s.listeners.size === 0 && this.subs.get(id) === s) {
        this.subs.delete(id);
        void s.watcher.close();
      }
    };
    return { stop, ready: s.ready };
  }

  subscribed(id: string): boolean {
    return this.subs.has(id);
  }

  async close(): Promise<void> {
    const all = [...this.subs.values()];
    this.subs.clear();
    await Promise.all(all.map((s) => s.watcher.close()));
  }
}
