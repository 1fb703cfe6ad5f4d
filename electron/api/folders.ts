// The runs folders a backend holds open at once, local and remote, each under one id:
// a local folder's absolute path, a remote one as the user would write it again
// (shared/remote-dir.ts). One of them is current: the one requests without a `dir` act
// on, which is the one opened (or chosen) last, so a client that knows of one folder
// behaves as when the backend held only that one.
import path from 'node:path';
import type { DirSnapshot, FolderInfo } from '../../shared/api/models';
import { formatRemoteDir, parseRemoteDir, RemoteDirError, sshDestination } from '../../shared/remote-dir';
import { StoreError } from '../store/errors';
import { ApiFailure } from './errors';
import type { OpenDir } from './open-dir';
import type { RemoteFolder } from './remote-folder';

export type HeldFolder =
  { kind: 'local'; id: string; open: OpenDir } | { kind: 'remote'; id: string; remote: RemoteFolder };

/** The id a folder is held under. Throws an `invalid` ApiFailure for a remote folder written wrong. */
export function folderId(text: string): string {
  try {
    const remote = parseRemoteDir(text);
    return remote ? formatRemoteDir(remote) : path.resolve(text);
  } catch (e) {
    if (e instanceof RemoteDirError) throw new ApiFailure('invalid', e.message);
    throw e;
  }
}

export class Folders {
  private readonly held = new Map<string, HeldFolder>();
  private currentId: string | null = null;

  get current(): HeldFolder | null {
    return this.currentId === null ? null : (this.held.get(this.currentId) ?? null);
  }

  get size(): number {
    return this.held.size;
  }

  byId(id: string): HeldFolder | undefined {
    return this.held.get(id);
  }

  all(): HeldFolder[] {
    return [...this.held.values()];
  }

  /** Holds `f` and makes it current. */
  add(f: HeldFolder): void {
    this.held.set(f.id, f);
    this.currentId = f.id;
  }

  makeCurrent(id: string): void {
    if (this.held.has(id)) this.currentId = id;
  }

  /** Lets go of a folder; the current one passes to the first still held. */
  remove(id: string): HeldFolder | undefined {
    const f = this.held.get(id);
    this.held.delete(id);
    if (this.currentId === id) this.currentId = this.held.keys().next().value ?? null;
    return f;
  }

  /** The folder a request acts on: the one its `dir` names (which must be open), else the current one. */
  pick(dir: unknown): HeldFolder | null {
    if (typeof dir !== 'string' || dir === '') return this.current;
    const f = this.held.get(folderId(dir));
    if (!f)
      throw new StoreError('not-found', `${dir} is not one of the runs folders open here; open it first (dir.open)`);
    return f;
  }

  list(): FolderInfo[] {
    return this.all().map((f) => infoOf(f, f.id === this.currentId));
  }
}

function infoOf(f: HeldFolder, current: boolean): FolderInfo {
  if (f.kind === 'local') return { dir: f.id, kind: 'local', state: 'live', runs: f.open.runCount(), current };
  const r = f.remote;
  return {
    dir: f.id,
    kind: 'remote',
    state: r.state,
    host: sshDestination(r.where),
    runs: r.runCount,
    current,
    ...(r.message ? { message: r.message } : {}),
  };
}

/** What dir.open answers and dir.opened carries for a folder already held. */
export async function snapshotOf(f: HeldFolder): Promise<DirSnapshot> {
  return f.kind === 'local' ? f.open.snapshot() : f.remote.snapshot();
}
