// The live wiring of a run store to the backend: a snapshot, then runs.delta /
// runs.progress / dir.opened events. Plain code, not a hook, so that start-up can ask for
// the snapshot the moment the connection opens, alongside app.info, instead of after
// app.info has answered and the shell has rendered (one round trip and one render
// earlier to the first rows).
//
// The backend may hold several folders; the store shows one of them (`folder`; null is
// whichever the backend calls current, as with one folder) or all of them
// (ALL_FOLDERS, ./allFolders.ts), and takes only the events of what it shows.
import type { ApiClient } from '../../shared/api/client';
import type { DirSnapshot } from '../../shared/api/models';
import type { ApiError } from '../../shared/api/result';
import type { RunDelta } from '../../shared/types';
import { ALL_FOLDERS, keyedDelta, mergedSnapshot } from './allFolders';
import type { RunStore } from './runStore';

type Tagged = RunDelta & { dir?: string };
type Loaded = { ok: true; value: { snap: DirSnapshot; folders: string[] } } | { ok: false; error: ApiError };

export class LiveRuns {
  /** Deltas that arrive while a snapshot is on its way: applied after it, so none is lost. */
  private inFlight: Tagged[] | null = null;
  private prefetched: Promise<ApiError | null> | null = null;
  /** What the store shows: a folder's id, ALL_FOLDERS, or null for the backend's current folder. */
  private folder: string | null = null;
  /** With ALL_FOLDERS: the folders in the store. */
  private shown = new Set<string>();
  private states = new Map<string, string>();

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
        else this.apply(d);
      }),
      client.on('runs.progress', (p) => {
        if (this.mine(p.dir)) store.setProgress(p);
      }),
      client.on('dir.opened', (snap) => {
        if (this.folder === null) store.loadSnapshot(snap);
        else if (this.folder === ALL_FOLDERS && !this.shown.has(snap.dir)) void this.reload();
      }),
      client.on('dir.list', (list) => {
        const was = this.states;
        this.states = new Map(list.map((f) => [f.dir, f.state]));
        // A remote folder back after a dropped connection: what changed meanwhile was not seen.
        const back = [...this.states].some(([d, st]) => st === 'live' && was.get(d) === 'reconnecting' && this.mine(d));
        const now = new Set(list.map((f) => f.dir));
        const { dir, loaded } = store.getState();
        // All folders follows folders opened and closed; one folder, its closing.
        const changed =
          this.folder === ALL_FOLDERS
            ? now.size !== this.shown.size || [...now].some((d) => !this.shown.has(d))
            : this.folder === null && loaded && dir !== null && !now.has(dir);
        if (back || changed) void this.reload();
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }

  /** Shows another folder (or all of them, or the backend's current one) and loads its runs. */
  setFolder(folder: string | null): Promise<ApiError | null> {
    if (folder === this.folder) return Promise.resolve(null);
    this.folder = folder;
    this.prefetched = null;
    return this.load();
  }

  /** Shows the folder whose snapshot is in hand (one just opened), without asking for it again. */
  adopt(snap: DirSnapshot): void {
    this.folder = snap.dir;
    this.prefetched = null;
    this.store.loadSnapshot(snap);
  }

  get showing(): string | null {
    return this.folder;
  }

  private mine(dir: string | undefined): boolean {
    if (this.folder === ALL_FOLDERS) return dir !== undefined && this.shown.has(dir);
    // Untagged events come from a backend that holds one folder.
    return dir === undefined || dir === this.store.getState().dir;
  }

  private apply(d: Tagged): void {
    if (!this.mine(d.dir)) return;
    this.store.applyDelta(this.folder === ALL_FOLDERS ? keyedDelta(d, d.dir!) : d);
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
    const buffered: Tagged[] = [];
    this.inFlight = buffered;
    const folder = this.folder;
    const r = folder === ALL_FOLDERS ? await this.loadAll() : await this.loadOne(folder);
    if (this.inFlight === buffered) this.inFlight = null;
    // Another folder was chosen meanwhile: its own load fills the store.
    if (folder !== this.folder) return null;
    if (!r.ok) return r.error;
    this.shown = new Set(folder === ALL_FOLDERS ? r.value.folders : []);
    this.store.loadSnapshot(r.value.snap);
    for (const d of buffered) this.apply(d);
    return null;
  }

  private async loadOne(folder: string | null): Promise<Loaded> {
    const r = await this.client.call('runs.snapshot', folder ? { dir: folder } : {});
    return r.ok ? { ok: true, value: { snap: r.value, folders: [] } } : r;
  }

  private async loadAll(): Promise<Loaded> {
    const list = await this.client.call('dir.list', {});
    if (!list.ok) return list;
    const snaps = await Promise.all(list.value.map((f) => this.client.call('runs.snapshot', { dir: f.dir })));
    // A folder that cannot answer now (a remote one reconnecting) is left out, not the whole view.
    const got = snaps.flatMap((s) => (s.ok ? [s.value] : []));
    const folders = list.value.filter((_, i) => snaps[i]!.ok).map((f) => f.dir);
    return { ok: true, value: { snap: mergedSnapshot(got), folders } };
  }
}
