// Coalescing of run changes into one RunDelta per batch, and applying a delta to a
// list. A batch reports each run once, by comparing where it ends up with what the
// receiver saw at the start of the batch: removed-then-added becomes "changed",
// added-then-removed disappears, and only the last record of a run is sent.
import type { Problem, RunDelta, RunRecord } from './types';

export function emptyDelta(): RunDelta {
  return { added: [], changed: [], removed: [], problems: [] };
}

export function isEmptyDelta(d: RunDelta): boolean {
  return !d.added.length && !d.changed.length && !d.removed.length && !d.problems.length;
}

interface Pending {
  /** Whether the receiver had this run when the batch began. */
  existedBefore: boolean;
  record: RunRecord | null;
}

export class DeltaAccumulator {
  private readonly pending = new Map<string, Pending>();
  private problems: Problem[] = [];

  get empty(): boolean {
    return this.pending.size === 0 && this.problems.length === 0;
  }

  /** `existed` is whether the receiver had the run before this change. */
  put(id: string, record: RunRecord | null, existed: boolean): void {
    const p = this.pending.get(id);
    if (p) p.record = record;
    else this.pending.set(id, { existedBefore: existed, record });
  }

  problem(p: Problem): void {
    this.problems.push(p);
  }

  /** The batch as a delta; the accumulator starts empty again. */
  take(): RunDelta {
    const d = emptyDelta();
    for (const [id, p] of this.pending) {
      if (p.record) (p.existedBefore ? d.changed : d.added).push(p.record);
      else if (p.existedBefore) d.removed.push(id);
    }
    d.problems = this.problems;
    this.pending.clear();
    this.problems = [];
    return d;
  }
}

/** The list after a delta, in the same order, with additions at the end. */
export function applyDelta(runs: readonly RunRecord[], d: RunDelta): RunRecord[] {
  const gone = new Set(d.removed);
  const changed = new Map(d.changed.map((r) => [r.run_id, r]));
  const out = runs.filter((r) => !gone.has(r.run_id)).map((r) => changed.get(r.run_id) ?? r);
  const have = new Set(out.map((r) => r.run_id));
  for (const r of d.added) if (!have.has(r.run_id)) out.push(r);
  return out;
}

export function sameProblem(a: Problem, b: Problem): boolean {
  return a.file === b.file && a.message === b.message;
}
