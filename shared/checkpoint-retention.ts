// Checkpoint retention inside one run, in the style of Orbax's max_to_keep (keep the
// last K) and keep_period (keep every N-th). "Last" follows the order of the metadata
// list, which the module appends to, so missing or odd timestamps cannot reorder it.
// A checkpoint that any run resumed from is never removed, and neither is an entry
// copied from the parent (the files are the parent's; prune them there).
import { timestampMs } from './timestamps';
import type { CheckpointEntry } from './types';
import { shortId } from './format';

export interface RetentionRun {
  run_id: string;
  parent_run_id: string | null;
  created_ms: number | null;
  checkpoints: readonly CheckpointEntry[];
  /** Runyard records the parent's checkpoint a child resumed from; the module does not. */
  resumed_from_checkpoint?: string | null;
}

export interface RetentionFile {
  /** Relative to the runs directory, `/`-separated. */
  path: string;
  bytes: number;
}

/** One entry of the run's checkpoints list with the files found for it (per-rank files together). */
export interface ResolvedEntry extends CheckpointEntry {
  files: readonly RetentionFile[];
}

export interface RetentionPolicy {
  keepLast: number;
  keepEvery?: number;
}

export type CheckpointKeepCode = 'last' | 'every' | 'resumed-from' | 'inherited' | 'elsewhere';

export interface CheckpointKeep {
  /** Position in the metadata list. */
  index: number;
  name: string;
  code: CheckpointKeepCode;
  reason: string;
  /** For resumed-from: the run that resumed from it. */
  child?: string;
}

export interface CheckpointRemove {
  index: number;
  name: string;
  /** The files that go; a file that a kept entry also names stays. */
  files: RetentionFile[];
  bytes: number;
}

export interface RetentionPlan {
  run_id: string;
  remove: CheckpointRemove[];
  keep: CheckpointKeep[];
  bytes_freed: number;
}

const sameEntry = (a: CheckpointEntry, b: CheckpointEntry) => a.name === b.name && a.path === b.path;

/**
 * The entry of `parent` that `child` resumed from. The module does not record it, so
 * without resumed_from_checkpoint the newest entry the child copied stands in, else
 * the parent's newest entry made before the child; null means "cannot tell".
 */
export function resumedEntry(
  child: RetentionRun,
  parent: RetentionRun,
): { entry: CheckpointEntry; presumed: boolean } | null {
  const named = child.resumed_from_checkpoint;
  if (named) {
    const entry = [...parent.checkpoints].reverse().find((c) => c.name === named);
    return entry ? { entry, presumed: false } : null;
  }
  const copied = [...child.checkpoints].reverse().find((c) => parent.checkpoints.some((p) => sameEntry(p, c)));
  if (copied) return { entry: copied, presumed: true };
  const made = child.created_ms;
  if (made === null) return null;
  let best: { entry: CheckpointEntry; ms: number } | null = null;
  for (const entry of parent.checkpoints) {
    const ms = timestampMs(entry.created_at);
    if (ms !== null && ms <= made && (!best || ms >= best.ms)) best = { entry, ms };
  }
  return best ? { entry: best.entry, presumed: true } : null;
}

/** Entries of `target` (by index) that some run resumed from, directly or through copied entries. */
export function resumeProtection(
  target: RetentionRun,
  runs: readonly RetentionRun[],
): Map<number, { child: string; presumed: boolean }> {
  const byId = new Map(runs.map((r) => [r.run_id, r]));
  byId.set(target.run_id, target);
  const out = new Map<number, { child: string; presumed: boolean }>();
  const protect = (holder: RetentionRun, key: CheckpointEntry | null, child: string, presumed: boolean) => {
    holder.checkpoints.forEach((c, i) => {
      if ((key === null || sameEntry(c, key)) && !out.has(i)) out.set(i, { child, presumed });
    });
  };
  for (const child of byId.values()) {
    const parentId = child.parent_run_id;
    if (!parentId || parentId === child.run_id) continue;
    let holder = byId.get(parentId);
    if (!holder) continue;
    const found = resumedEntry(child, holder);
    // A run that cannot say what it resumed from keeps all of its parent's checkpoints.
    if (!found) {
      if (holder.run_id === target.run_id) protect(target, null, child.run_id, true);
      continue;
    }
    // Copied entries point at the ancestor's files, so the protection travels up the copies.
    const seen = new Set<string>();
    while (holder && !seen.has(holder.run_id)) {
      seen.add(holder.run_id);
      if (holder.run_id === target.run_id) protect(target, found.entry, child.run_id, found.presumed);
      const up: RetentionRun | undefined = holder.parent_run_id ? byId.get(holder.parent_run_id) : undefined;
      holder = up && up.checkpoints.some((c) => sameEntry(c, found.entry)) ? up : undefined;
    }
  }
  return out;
}

/**
 * `ownDirs` are the folders (relative to the runs directory) whose files this run may
 * remove: its own checkpoints/ and, for a child, the parent's, where the module writes.
 */
export function planCheckpointRetention(
  target: RetentionRun,
  resolved: readonly ResolvedEntry[],
  runs: readonly RetentionRun[],
  policy: RetentionPolicy,
  ownDirs: readonly string[],
): RetentionPlan {
  const parent = target.parent_run_id ? runs.find((r) => r.run_id === target.parent_run_id) : undefined;
  const resumed = resumeProtection(target, runs);
  const keep: CheckpointKeep[] = [];
  const own: number[] = [];
  resolved.forEach((c, index) => {
    if (parent && parent.checkpoints.some((p) => sameEntry(p, c))) {
      keep.push({
        index,
        name: c.name,
        code: 'inherited',
        reason: `copied from parent ${shortId(parent.run_id)}; prune it there`,
      });
      return;
    }
    const outside = c.files.find((f) => !ownDirs.some((d) => f.path.startsWith(`${d}/`)));
    if (outside) {
      keep.push({
        index,
        name: c.name,
        code: 'elsewhere',
        reason: `its files are outside this run's checkpoint folders (${outside.path})`,
      });
      return;
    }
    own.push(index);
  });

  const removeIdx: number[] = [];
  own.forEach((index, position) => {
    const c = resolved[index]!;
    const fromEnd = own.length - position;
    const protectedBy = resumed.get(index);
    if (fromEnd <= policy.keepLast)
      keep.push({ index, name: c.name, code: 'last', reason: `among the last ${policy.keepLast}` });
    else if (protectedBy) {
      const how = protectedBy.presumed
        ? 'presumably resumed from it (it does not record which checkpoint it used)'
        : 'resumed from it';
      keep.push({
        index,
        name: c.name,
        code: 'resumed-from',
        reason: `run ${shortId(protectedBy.child)} ${how}`,
        child: protectedBy.child,
      });
    } else if (policy.keepEvery && policy.keepEvery > 0 && position % policy.keepEvery === 0) {
      keep.push({
        index,
        name: c.name,
        code: 'every',
        reason: `every ${policy.keepEvery}th checkpoint is kept (this is #${position + 1})`,
      });
    } else removeIdx.push(index);
  });

  const keptFiles = new Set(keep.flatMap((k) => resolved[k.index]!.files.map((f) => f.path)));
  const claimed = new Set<string>();
  const remove = removeIdx.map((index) => {
    const c = resolved[index]!;
    const files = c.files.filter((f) => !keptFiles.has(f.path) && !claimed.has(f.path));
    files.forEach((f) => claimed.add(f.path));
    return { index, name: c.name, files, bytes: files.reduce((s, f) => s + f.bytes, 0) };
  });
  keep.sort((a, b) => a.index - b.index);
  return { run_id: target.run_id, remove, keep, bytes_freed: remove.reduce((s, r) => s + r.bytes, 0) };
}
