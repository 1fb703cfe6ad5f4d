// Which runs a prune removes and why every other run stays. Pure, so the CLI, the
// server and the UI's live preview all show the same decisions. The Python module's
// cleanup_old_runs deletes running runs and parents that children still need
// (FORMAT.md quirk 7); the rules here exist to never do either.
import { buildLineage } from './lineage';
import { DEFAULT_STALE_AFTER_MS, isStale } from './staleness';
import { ACTIVE_STATUSES } from './types';
import { shortId } from './format';

export const PINNED_TAG = 'keep';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface PruneCandidate {
  run_id: string;
  status: string;
  tags: readonly string[];
  /** Parsed created_at; null sorts as oldest and is never "older than D days". */
  created_ms: number | null;
  parent_run_id: string | null;
  /** Bytes in the run's folder, when known. */
  bytes?: number | null;
  /** Newest mtime of anything in the run's folder; needed only for --include-stale. */
  last_change_ms?: number | null;
  /** metadata.json could not be read, so status and lineage are guesses. */
  unreadable?: boolean;
}

export interface PrunePolicy {
  /** Keep the N newest runs among those the status and tag filters let through. */
  keep?: number;
  olderThanDays?: number;
  statuses?: string[];
  excludeTags?: string[];
  /** An explicit list of run ids; a listed run that a rule protects is refused. */
  runs?: string[];
  includeStale?: boolean;
  /** How long an active run's folder must be unchanged to count as stale (default 24, as in the live index). */
  staleAfterHours?: number;
}

export type KeepCode =
  'newest' | 'too-recent' | 'active' | 'pinned' | 'needed-by-descendant' | 'not-selected' | 'unreadable';

export interface KeepDecision {
  run_id: string;
  code: KeepCode;
  /** One line for people, e.g. "needed by descendant 3f2a1b9c". */
  reason: string;
  /** For needed-by-descendant: the kept run that descends from this one. */
  descendant?: string;
}

export interface RemoveDecision {
  run_id: string;
  bytes: number | null;
}

export interface RefusedRun {
  run_id: string;
  code: KeepCode | 'unknown-run';
  reason: string;
}

export interface PrunePlan {
  remove: RemoveDecision[];
  keep: KeepDecision[];
  /** Sum of the known sizes in `remove`. */
  bytes_freed: number;
  /** How many runs in `remove` have no known size yet. */
  bytes_unknown: number;
  /** Runs of the explicit list that a rule keeps; a CLI prune refuses while this is non-empty. */
  refused: RefusedRun[];
}

// The words for why a run stays, from one place, so that a dry run, the plan made again
// under the lock and the checks during the moves explain a run alike.
export const neededByReason = (kept: string) => `needed by descendant ${shortId(kept)}, which stays`;
export const UNREADABLE_REASON = 'its metadata.json cannot be read (possibly being written), so its status is unknown';

/**
 * Why a run the plan chose was left in place after all: it changed between the plan and
 * its move. Simulations do not take Runyard's lock, so these are checked right before
 * each move (electron/store/prune-guard.ts).
 */
export const changedReason = {
  metadata: 'its metadata.json changed since the plan (a simulation may be writing it); prune again to decide anew',
  status: (was: string, now: string) =>
    `its status in .run_index.json changed from ${was} to ${now} since the plan; prune again to decide anew`,
  maybeChild: (folder: string) =>
    `a new run folder ${shortId(folder)} appeared while pruning and its metadata.json cannot be read yet; it may be a child of this run`,
};

export function hoursText(ms: number): string {
  const h = ms / HOUR_MS;
  return h >= 48 ? `${Math.floor(h / 24)} days` : `${Math.floor(h)} h`;
}

/** True when a policy names something to prune; an empty policy selects nothing. */
export function policySelects(p: PrunePolicy): boolean {
  return (
    p.keep !== undefined || p.olderThanDays !== undefined || Boolean(p.statuses?.length) || Boolean(p.runs?.length)
  );
}

function isActive(status: string): boolean {
  return ACTIVE_STATUSES.includes(status);
}

/** Why an active run stays, or null when --include-stale lets it go. */
function activeReason(r: PruneCandidate, p: PrunePolicy, now: number): string | null {
  const after = p.staleAfterHours !== undefined ? p.staleAfterHours * 3_600_000 : DEFAULT_STALE_AFTER_MS;
  const quiet = r.last_change_ms == null ? null : now - r.last_change_ms;
  if (p.includeStale && r.last_change_ms != null && isStale(r.status, r.last_change_ms, now, after)) return null;
  const base = `${r.status}: a simulation may still be writing it`;
  if (quiet === null) return p.includeStale ? `${base} (when it last changed is unknown)` : base;
  if (!p.includeStale)
    return quiet > after ? `${base} (unchanged for ${hoursText(quiet)}; --include-stale would take it)` : base;
  return `${base} (changed ${hoursText(quiet)} ago; stale only after ${hoursText(after)})`;
}

export function planPrune(runs: readonly PruneCandidate[], policy: PrunePolicy, now: number): PrunePlan {
  const listed = policy.runs?.length ? new Set(policy.runs) : null;
  const statuses = policy.statuses?.length ? new Set(policy.statuses) : null;
  const excluded = new Set(policy.excludeTags ?? []);
  const selects = policySelects(policy);
  const decided = new Map<string, KeepDecision>();
  const keepAs = (r: PruneCandidate, code: KeepCode, reason: string) =>
    decided.set(r.run_id, { run_id: r.run_id, code, reason });

  // The population that "the N newest" counts: runs the status and tag filters let through.
  const population: PruneCandidate[] = [];
  for (const r of runs) {
    const tag = r.tags.find((t) => excluded.has(t));
    if (!selects) keepAs(r, 'not-selected', 'no rule selects it (give --keep, --older-than, --status or --run)');
    else if (statuses && !statuses.has(r.status))
      keepAs(r, 'not-selected', `status is ${r.status}, not ${[...statuses].join(' or ')}`);
    else if (tag !== undefined) keepAs(r, 'not-selected', `tagged ${tag}, which is excluded`);
    else population.push(r);
  }
  population.sort(
    (a, b) => (b.created_ms ?? -Infinity) - (a.created_ms ?? -Infinity) || (a.run_id < b.run_id ? -1 : 1),
  );
  const cutoff = policy.olderThanDays === undefined ? null : now - policy.olderThanDays * DAY_MS;

  const candidates: PruneCandidate[] = [];
  population.forEach((r, rank) => {
    if (listed && !listed.has(r.run_id)) return keepAs(r, 'not-selected', 'not in the list of runs to prune');
    if (policy.keep !== undefined && rank < policy.keep) return keepAs(r, 'newest', `among the ${policy.keep} newest`);
    if (cutoff !== null && (r.created_ms === null || r.created_ms > cutoff)) {
      const age =
        r.created_ms === null
          ? 'its creation date is unknown'
          : `created ${hoursText(Math.max(0, now - r.created_ms))} ago`;
      return keepAs(r, 'too-recent', `too recent: ${age}; only runs older than ${policy.olderThanDays} days go`);
    }
    if (r.tags.includes(PINNED_TAG)) return keepAs(r, 'pinned', `pinned (tagged ${PINNED_TAG})`);
    if (r.unreadable) return keepAs(r, 'unreadable', UNREADABLE_REASON);
    const active = isActive(r.status) ? activeReason(r, policy, now) : null;
    if (active !== null) return keepAs(r, 'active', active);
    candidates.push(r);
  });

  // A run stays while anything that stays descends from it: children write their
  // checkpoints into their parent's folder and resume from its files.
  const going = new Set(candidates.map((r) => r.run_id));
  const lineage = buildLineage(runs);
  const nearest = nearestKeptDescendants(lineage.children, going);
  for (const r of candidates) {
    const kept = nearest(r.run_id);
    if (kept === null) continue;
    decided.set(r.run_id, {
      run_id: r.run_id,
      code: 'needed-by-descendant',
      reason: neededByReason(kept),
      descendant: kept,
    });
  }

  const remove = candidates
    .filter((r) => !decided.has(r.run_id))
    .map((r) => ({ run_id: r.run_id, bytes: r.bytes ?? null }));
  const keep = runs.map((r) => decided.get(r.run_id)).filter((d): d is KeepDecision => d !== undefined);
  const known = new Set(runs.map((r) => r.run_id));
  const refused: RefusedRun[] = [];
  for (const id of policy.runs ?? []) {
    if (!known.has(id)) refused.push({ run_id: id, code: 'unknown-run', reason: 'no such run in this directory' });
    else if (decided.has(id))
      refused.push({ run_id: id, code: decided.get(id)!.code, reason: decided.get(id)!.reason });
  }
  return {
    remove,
    keep,
    bytes_freed: remove.reduce((s, r) => s + (r.bytes ?? 0), 0),
    bytes_unknown: remove.filter((r) => r.bytes === null).length,
    refused,
  };
}

/** Breadth first, so the reason names the closest run that stays. */
export function nearestKeptDescendant(
  children: ReadonlyMap<string, string[]>,
  id: string,
  going: ReadonlySet<string>,
): string | null {
  const seen = new Set([id]);
  let level = children.get(id) ?? [];
  while (level.length) {
    const next: string[] = [];
    for (const c of level) {
      if (seen.has(c)) continue;
      seen.add(c);
      if (!going.has(c)) return c;
      next.push(...(children.get(c) ?? []));
    }
    level = next;
  }
  return null;
}

/**
 * nearestKeptDescendant for every run that goes, in one pass: a breadth-first search from
 * each run of a long chain that all goes made the planner quadratic. A run's answer is the
 * first of its children, in order, at the least depth, as the breadth-first search finds.
 */
export function nearestKeptDescendants(
  children: ReadonlyMap<string, string[]>,
  going: ReadonlySet<string>,
): (id: string) => string | null {
  const memo = new Map<string, { kept: string; depth: number } | null>();
  // Runs whose answer passed through a run still open (a parent cycle): their memo may be
  // wrong, so they are answered by the breadth-first search. Cycles are rare and small.
  const tainted = new Set<string>();
  const open = new Set<string>();
  const solve = (root: string) => {
    // Iterative post-order, so a chain of 100k runs does not overflow the stack.
    const stack: { id: string; entered: boolean }[] = [{ id: root, entered: false }];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const kids = children.get(top.id) ?? [];
      if (!top.entered) {
        if (memo.has(top.id) || open.has(top.id)) {
          stack.pop();
          continue;
        }
        top.entered = true;
        open.add(top.id);
        for (const c of kids) if (going.has(c) && !memo.has(c) && !open.has(c)) stack.push({ id: c, entered: false });
        continue;
      }
      stack.pop();
      let best: { kept: string; depth: number } | null = null;
      for (const c of kids) {
        if (going.has(c) && (open.has(c) || tainted.has(c))) tainted.add(top.id);
        const sub = going.has(c) ? memo.get(c) : undefined;
        const here = !going.has(c) ? { kept: c, depth: 1 } : sub ? { kept: sub.kept, depth: sub.depth + 1 } : null;
        if (here && (best === null || here.depth < best.depth)) best = here;
      }
      open.delete(top.id);
      memo.set(top.id, best);
    }
  };
  return (id) => {
    if (!memo.has(id)) solve(id);
    return tainted.has(id) ? nearestKeptDescendant(children, id, going) : (memo.get(id)?.kept ?? null);
  };
}

/** The same plan with sizes filled in once they are measured. */
export function withSizes(plan: PrunePlan, bytes: ReadonlyMap<string, number>): PrunePlan {
  const remove = plan.remove.map((r) => ({ run_id: r.run_id, bytes: bytes.get(r.run_id) ?? r.bytes }));
  return {
    ...plan,
    remove,
    bytes_freed: remove.reduce((s, r) => s + (r.bytes ?? 0), 0),
    bytes_unknown: remove.filter((r) => r.bytes === null).length,
  };
}
