// How the live index hears about changes: native watches (the base folder and each run
// folder's top level) or polling, chosen once per folder from its filesystem, and the
// fall back to polling for the runs the OS refuses to watch. Both report the same
// events, so the index above has one code path for either.
import { detectFs } from './mounts';
import { NativeWatches } from './native-watch';
import { Poller, type PollSink } from './poller';
import type { Problem } from '../../shared/types';

export type WatchMode = 'native' | 'poll';

export interface RunWatchersOptions {
  watch: 'auto' | WatchMode;
  pollIntervalMs: number;
  /** Where the mount table is read from (tests point it at a fake one). */
  mountsFile?: string;
}

export interface RunWatchersSink extends PollSink {
  /** Whether a polled run's folder mtime is worth a stat (active runs, for staleness). */
  isActive(id: string): boolean;
  /** The watching problem of the folder, or null when there is none. */
  watchProblem(p: Problem | null): void;
}

export class RunWatchers {
  private watchMode: WatchMode;
  /** The filesystem type found in the mount table, when there is one. */
  fsType: string | null = null;
  private readonly native: NativeWatches;
  private poller: Poller | null = null;

  constructor(
    private readonly dir: string,
    private readonly opts: RunWatchersOptions,
    private readonly sink: RunWatchersSink,
  ) {
    this.watchMode = opts.watch === 'poll' ? 'poll' : 'native';
    this.native = new NativeWatches(dir, {
      baseEvent: (name) => sink.baseEvent(name),
      runEvent: (id, file) => sink.runEvent(id, file),
      runWatchLost: (id) => sink.baseEvent(id),
      baseWatchLost: () => sink.baseEvent(null),
    });
  }

  /** 'poll' on network filesystems (or when asked); settled by start(). */
  get mode(): WatchMode {
    return this.watchMode;
  }

  /** inotify watches held (base + run folders). */
  get count(): number {
    return this.native.count;
  }

  /** Settles the mode and starts watching the base folder; call before listing it. */
  start(): void {
    const fsInfo = detectFs(this.dir, this.opts.mountsFile);
    this.fsType = fsInfo.type;
    const { watch } = this.opts;
    this.watchMode = watch === 'native' ? 'native' : watch === 'poll' || fsInfo.network ? 'poll' : 'native';
    if (this.watchMode === 'native') {
      try {
        this.native.startBase();
      } catch (e) {
        this.watchMode = 'poll';
        this.sink.watchProblem({
          file: '.',
          message: `cannot watch the runs directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); polling it instead`,
        });
      }
    }
    if (this.watchMode === 'poll') this.startPoller(this.sink);
  }

  /** Follows one run folder; false when the folder is already gone. */
  watch(id: string): boolean {
    if (this.watchMode === 'poll') {
      this.poller!.add(id);
      return true;
    }
    try {
      this.native.watchRun(id);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return false;
      this.fallBackToPolling(id, code ?? String(e));
    }
    return true;
  }

  unwatch(id: string): void {
    this.native.unwatchRun(id);
    this.poller?.remove(id);
  }

  close(): void {
    this.native.close();
    this.poller?.close();
  }

  private startPoller(sink: PollSink): Poller {
    this.poller = new Poller(this.dir, this.opts.pollIntervalMs, sink, (id) => this.sink.isActive(id));
    this.poller.start();
    return this.poller;
  }

  /** The OS refused another watch (fs.inotify.max_user_watches): poll this run instead. */
  private fallBackToPolling(id: string, code: string): void {
    // The base folder keeps its native watch; this poller only looks at runs.
    const poller =
      this.poller ?? this.startPoller({ baseEvent: () => undefined, runEvent: (rid, f) => this.sink.runEvent(rid, f) });
    poller.add(id);
    this.sink.watchProblem({
      file: '.',
      message: `the system refused more file watches (${code}); the run folders beyond the limit are polled every ${this.opts.pollIntervalMs} ms instead (raise fs.inotify.max_user_watches to watch them all)`,
    });
  }
}
