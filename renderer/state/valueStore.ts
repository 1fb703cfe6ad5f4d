// Run values (config.beta, results.summary.infected) as the renderer knows them: asked
// for with values.get, kept per path and run, and forgotten for a run when its record
// changes (a delta), so the next look asks again. Value filters, value columns, the sort
// by a value column and the CSV export all read the same cache through `lookup`.
// Same pattern as the other stores: a plain class with one state object, replaced on
// every change, read with useSyncExternalStore.
import type { RunValues } from '../../shared/api/value-models';
import type { RunValue, ValueLookup } from '../../shared/values';

export interface ValueLoading {
  /** Run × path answers still to come, and how many were asked for in this round. */
  done: number;
  total: number;
}

export interface ValueStoreState {
  /** Bumped whenever a value arrives or is forgotten. */
  version: number;
  /** Set while values are being fetched. */
  loading: ValueLoading | null;
  /** The last failure to fetch, as a sentence; cleared by the next good answer. */
  error: string | null;
}

export class ValueStore {
  /** path → run id → value; a run with no value for the path has no entry. */
  private byPath = new Map<string, Map<string, RunValue>>();
  /** path → the runs whose answer for it is in (with or without a value). */
  private answered = new Map<string, Set<string>>();
  /** path → the sentence values.get gave for it when a batch had no run with it. */
  private missingText = new Map<string, string>();
  /** Counts invalidations; an answer asked for before a run's last one is stale for that run. */
  private generation = 0;
  private forgotAt = new Map<string, number>();
  private cleared = 0;
  private listeners = new Set<() => void>();
  private state: ValueStoreState = { version: 0, loading: null, error: null };

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getState = (): ValueStoreState => this.state;

  lookup: ValueLookup = (runId, path) => this.byPath.get(path)?.get(runId);

  /** Whether the answer for this run and path is in (a missing value is an answer too). */
  has(runId: string, path: string): boolean {
    return this.answered.get(path)?.has(runId) ?? false;
  }

  /** The runs among `ids` with no answer yet for at least one of `paths`. */
  unanswered(ids: Iterable<string>, paths: readonly string[]): string[] {
    const out: string[] = [];
    const sets = paths.map((p) => this.answered.get(p));
    for (const id of ids) if (sets.some((s) => !s?.has(id))) out.push(id);
    return out;
  }

  /** How many runs have a value for `path`, of those answered. */
  count(path: string): number {
    return this.byPath.get(path)?.size ?? 0;
  }

  /**
   * Sentences for the paths no answered run has a value for (a typo such as config.bta),
   * naming close paths when the backend knew some.
   */
  missing(paths: readonly string[]): string[] {
    return paths
      .filter((p) => (this.answered.get(p)?.size ?? 0) > 0 && this.count(p) === 0)
      .map((p) => this.missingText.get(p) ?? `No run has a value for ${p}.`);
  }

  /** Stamp an ask with this, and hand it back to accept(). */
  stamp(): number {
    return this.generation;
  }

  /** Takes one values.get answer for the runs `asked`; runs forgotten since `stamp` are left out (their files changed meanwhile). */
  accept(asked: readonly string[], answer: RunValues, stamp = this.generation): void {
    if (stamp < this.cleared) return;
    if (stamp < this.generation) asked = asked.filter((id) => (this.forgotAt.get(id) ?? -1) < stamp);
    for (const path of answer.paths) {
      let values = this.byPath.get(path);
      if (!values) this.byPath.set(path, (values = new Map()));
      let answered = this.answered.get(path);
      if (!answered) this.answered.set(path, (answered = new Set()));
      for (const id of asked) {
        answered.add(id);
        const v = answer.values[id]?.[path];
        if (v === undefined) values.delete(id);
        else values.set(id, v);
      }
    }
    for (const text of answer.missing) {
      const path = answer.paths.find((p) => text.includes(` ${p} `) || text.includes(` ${p}.`));
      if (path) this.missingText.set(path, text);
    }
    this.update({ version: this.state.version + 1, error: null });
  }

  /** Forgets what is known of these runs: their records changed, so their files may have too. */
  invalidate(ids: Iterable<string>): void {
    let any = false;
    this.generation++;
    for (const id of ids) {
      this.forgotAt.set(id, this.generation);
      for (const set of this.answered.values()) any = set.delete(id) || any;
      for (const values of this.byPath.values()) values.delete(id);
    }
    if (any) this.update({ version: this.state.version + 1 });
  }

  /** Another folder or a new snapshot: nothing known still holds. */
  clear(): void {
    this.byPath.clear();
    this.answered.clear();
    this.missingText.clear();
    this.forgotAt.clear();
    // Every answer asked for before now belongs to the old folder or snapshot.
    this.cleared = ++this.generation;
    this.update({ version: this.state.version + 1, loading: null, error: null });
  }

  setLoading(loading: ValueLoading | null): void {
    this.update({ loading });
  }

  fail(message: string): void {
    this.update({ error: message, loading: null });
  }

  private update(patch: Partial<ValueStoreState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }
}
