// Simulations create children of runs while a prune moves them, and the Python module
// takes no lock, so the plan made under Runyard's lock can be out of date by the time a
// run is moved. The module's create_child_run checks that the parent folder exists,
// reads its metadata.json, makes the child folder (then results/, checkpoints/, logs/),
// writes the child's metadata.json with a plain open-and-write (empty, then whole), and
// only then the index. So a child exists from its mkdir on, and for a moment is a folder
// without metadata or with an empty one; and a resumed child writes its checkpoints into
// the parent's folder (FORMAT.md). Hence, right before each move, the guard looks for run
// folders the plan did not know (new ones, and those it could not read) and reads whose
// child each one is (waiting a moment for one being written; one that stays unreadable
// may be a child of any run still to move), and compares the run's metadata.json and its status in the index with
// the snapshot. After the batch it looks again for the runs already moved: a child made
// between a check and its move, or by a module that saw the parent just before the move,
// sends its parent back.
import fs from 'node:fs';
import path from 'node:path';
import { buildLineage, type LineageInput } from '../../shared/lineage';
import { isPlainObject } from '../../shared/metadata';
import { changedReason, nearestKeptDescendant, neededByReason } from '../../shared/prune-plan';
import { MAX_METADATA_BYTES, readBoundedText } from './bounded-read';
import { INDEX_FILE, METADATA_FILE } from './paths';
import { classifyEntry } from './base-entries';
import { readIndex } from './index-read';

/** How long a new folder may stay without readable metadata before it counts as a possible child. */
const SETTLE_MS = 250;
/**
 * A folder without readable metadata that has not changed for this long is not a child
 * in the making (the module writes the metadata within moments of the mkdir), but a
 * stray or broken folder; it must not hold up every prune.
 */
const QUIET_MS = 10_000;
const POLL_MS = 10;
const PARENT = /"parent_run_id"\s*:\s*"((?:[^"\\]|\\.)*)"/;

/** Inode, size, mtime and ctime (ns): any write or replacement changes one of them. */
function statKey(file: string): string | null {
  try {
    const s = fs.lstatSync(file, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    return null;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export interface Snapshot {
  meta: ReadonlyMap<string, string | null>;
  indexKey: string | null;
  status: ReadonlyMap<string, string>;
}

/** Taken before the scan that the plan is made from, so that a change during the scan counts as a change. */
export function takeSnapshot(base: string): Snapshot {
  const meta = new Map<string, string | null>();
  for (const n of fs.readdirSync(base)) if (!n.startsWith('.')) meta.set(n, statKey(path.join(base, n, METADATA_FILE)));
  const indexKey = statKey(path.join(base, INDEX_FILE));
  const status = new Map((readIndex(base).index?.runs ?? []).map((e) => [e.run_id, e.status]));
  return { meta, indexKey, status };
}

/**
 * The parent a new run folder names: null for a root run or a folder gone again,
 * undefined while that cannot be told (no metadata.json yet, or half of one).
 */
function parentOfNew(base: string, name: string): string | null | undefined {
  let text: string;
  try {
    const r = readBoundedText(path.join(base, name, METADATA_FILE), base, MAX_METADATA_BYTES);
    if (r.kind !== 'text') return undefined;
    text = r.text;
  } catch {
    return fs.existsSync(path.join(base, name)) ? undefined : null;
  }
  try {
    const raw: unknown = JSON.parse(text);
    if (isPlainObject(raw))
      return typeof raw.parent_run_id === 'string' && raw.parent_run_id ? raw.parent_run_id : null;
  } catch {
    // half-written: the parent comes early in the module's key order
  }
  return PARENT.exec(text)?.[1] ?? (quiet(base, name) ? null : undefined);
}

/** Neither the folder nor its metadata.json has changed for QUIET_MS (a folder gone counts as quiet). */
function quiet(base: string, name: string): boolean {
  const newest = Math.max(
    ...[path.join(base, name), path.join(base, name, METADATA_FILE)].map((p) => {
      try {
        const s = fs.lstatSync(p);
        return Math.max(s.mtimeMs, s.ctimeMs);
      } catch {
        return 0;
      }
    }),
  );
  return Date.now() - newest > QUIET_MS;
}

export class PruneGuard {
  /** Run folders whose parent the plan knows: readable runs, or unreadable ones with a parent found in their text. */
  private readonly planned: ReadonlySet<string>;
  /** Other run folders whose parent is known since (null: none). */
  private readonly parents = new Map<string, string | null>();
  /** New run folders whose metadata could not be read after waiting; they may be children of anything. */
  private readonly doubtful = new Set<string>();
  private readonly going: Set<string>;
  private indexKey: string | null;
  private status: ReadonlyMap<string, string>;
  private lineage: ReturnType<typeof buildLineage> | null = null;

  /**
   * `known`: the runs the plan was made from; `going`: the runs the batch moves. Any
   * other run folder (new, or one the plan could not read: a child whose metadata the
   * module had not written yet) is read again before each move.
   */
  constructor(
    private readonly base: string,
    private readonly snap: Snapshot,
    private readonly known: readonly (LineageInput & { unreadable?: boolean })[],
    going: Iterable<string>,
  ) {
    this.planned = new Set(known.filter((r) => !r.unreadable || r.parent_run_id).map((r) => r.run_id));
    this.going = new Set(going);
    this.indexKey = snap.indexKey;
    this.status = snap.status;
  }

  /** Why `id` must not move now, or null. Called right before its move. */
  beforeMove(id: string): string | null {
    this.lookForNewRuns();
    const why = this.changed(id) ?? this.doubt() ?? this.neededBy(id);
    if (why !== null) this.going.delete(id);
    return why;
  }

  /** Runs of `moved` (already in the trash) that must come back, and why. */
  afterBatch(moved: readonly string[]): { run_id: string; reason: string }[] {
    this.lookForNewRuns();
    const doubt = this.doubt();
    const back: { run_id: string; reason: string }[] = [];
    for (let found = true; found;) {
      found = false;
      for (const id of moved) {
        if (!this.going.has(id)) continue;
        const why = doubt ?? this.neededBy(id);
        if (why === null) continue;
        this.going.delete(id);
        back.push({ run_id: id, reason: why });
        found = true;
      }
    }
    return back;
  }

  private lookForNewRuns(): void {
    const pending: string[] = [...this.doubtful];
    for (const d of fs.readdirSync(this.base, { withFileTypes: true })) {
      if (this.planned.has(d.name) || this.parents.has(d.name) || this.doubtful.has(d.name)) continue;
      if (classifyEntry(this.base, d.name, d).run) pending.push(d.name);
    }
    const deadline = Date.now() + SETTLE_MS;
    for (let left = this.resolve(pending); left.length; left = this.resolve(left)) {
      // Only a folder seen for the first time is waited for; one already in doubt stays so.
      if (left.every((n) => this.doubtful.has(n)) || Date.now() >= deadline) {
        left.forEach((n) => this.doubtful.add(n));
        return;
      }
      sleepSync(POLL_MS);
    }
  }

  /** Records the parents that can be read; returns the names still unknown. */
  private resolve(names: readonly string[]): string[] {
    const left: string[] = [];
    for (const n of names) {
      const p = parentOfNew(this.base, n);
      if (p === undefined) {
        left.push(n);
        continue;
      }
      this.doubtful.delete(n);
      this.parents.set(n, p);
      this.lineage = null;
    }
    return left;
  }

  private doubt(): string | null {
    const first = [...this.doubtful][0];
    return first === undefined ? null : changedReason.maybeChild(first);
  }

  private changed(id: string): string | null {
    if (statKey(path.join(this.base, id, METADATA_FILE)) !== this.snap.meta.get(id)) return changedReason.metadata;
    const key = statKey(path.join(this.base, INDEX_FILE));
    if (key !== this.indexKey) {
      // An index caught half-written keeps the last good copy and is read again next time.
      const index = readIndex(this.base).index;
      if (index) {
        this.indexKey = key;
        this.status = new Map(index.runs.map((e) => [e.run_id, e.status]));
      }
    }
    const was = this.snap.status.get(id);
    const now = this.status.get(id);
    return was !== undefined && now !== undefined && was !== now ? changedReason.status(was, now) : null;
  }

  private neededBy(id: string): string | null {
    this.lineage ??= buildLineage([
      ...this.known,
      ...[...this.parents].map(([run_id, parent_run_id]) => ({ run_id, parent_run_id })),
    ]);
    const kept = nearestKeptDescendant(this.lineage.children, id, this.going);
    return kept === null ? null : neededByReason(kept);
  }
}
