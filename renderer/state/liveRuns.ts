// The live wiring of a run store to the backend: a snapshot, then runs.delta /
// runs.progress / dir.opened events. Plain code, not a hook, so that start-up can ask for
// the snapshot the moment the connection opens, alongside app.info, instead of after
// app.info has answered and the shell has rendered (one round trip and one render
// earlier to the first rows).
import type { ApiClient } from '../../shared/api/client';
import type { ApiError } from '../../shared/api/result';
import type { RunDelta } from '../../shared/types';
import type { RunStore } from './runStore';

export class LiveRuns {
  /** Deltas that arrive while a snapshot is on its way: applied after it, so none is lost. */
  private inFlight: RunDelta[] | null = null;
  private prefetched: Promise<ApiError | null> | null = null;

  constructor(
    private readonly client: ApiClient,
    readonly store: RunStore,
  ) {}

  /** Subscribes to the live events; returns the unsubscribe. */
  start(): () => void {
    const { client, store } = this;
    const offs = [
      client.on('runs.delta', (d) => {
        if (this.inFlight) this.inFlight.push(d);
        else store.applyDelta(d);
      }),
      client.on('runs.progress', (p) => store.setProgress(p)),
      client.on('dir.opened', (snap) => store.loadSnapshot(snap)),
    ];
    return () => {
      for (const off of offs) off();
    };
  }

  /** Fetches a fresh snapshot into the store; the first call takes the one `prefetch()` started. */
  reload = (): Promise<ApiError | null> => {
    const p = this.prefetched;
    this.prefetched = null;
    return p ?? this.load();
  };

  /** Starts loading now, for the first `reload()` to pick up. */
  prefetch(): void {
    this.prefetched = this.load();
  }

  /** A prefetch nobody will ask for (no folder is open): a later reload must fetch afresh. */
  dropPrefetch(): void {
    this.prefetched = null;
  }

  private async load(): Promise<ApiError | null> {
    const buffered: RunDelta[] = [];
    this.inFlight = buffered;
    const r = await this.client.call('runs.snapshot', {});
    if (this.inFlight === buffered) this.inFlight = null;
    if (!r.ok) return r.error;
    this.store.loadSnapshot(r.value);
    for (const d of buffered) this.store.applyDelta(d);
    return null;
  }
}
