// Fetches the values the table needs (filter paths, value columns, the sort column) for
// every run that has no answer yet, in batches, one request at a time: a delta or
// another column only changes what the running loop asks for next.
import type { ApiClient } from '../../shared/api/client';
import type { RunStore } from './runStore';
import type { ValueStore } from './valueStore';

/** Runs per values.get: small enough that progress moves, large enough that 10k runs take a few requests. */
export const VALUE_BATCH = 1000;
/** values.get takes at most this many paths. */
const MAX_PATHS = 100;

export class ValueLoader {
  private paths: string[] = [];
  private running = false;

  constructor(
    private readonly client: ApiClient,
    private readonly runs: RunStore,
    private readonly values: ValueStore,
  ) {}

  /** What is wanted now; starts the loop when something is unanswered. */
  want(paths: readonly string[]): void {
    this.paths = paths.slice(0, MAX_PATHS);
    if (!this.running && this.paths.length) void this.run();
  }

  private pending(): string[] {
    const ids: string[] = [];
    for (const e of this.runs.values()) ids.push(e.id);
    return this.values.unanswered(ids, this.paths);
  }

  private async run(): Promise<void> {
    this.running = true;
    let done = 0;
    try {
      for (;;) {
        const paths = this.paths;
        const todo = paths.length ? this.pending() : [];
        if (todo.length === 0) break;
        this.values.setLoading({ done, total: done + todo.length });
        const batch = todo.slice(0, VALUE_BATCH);
        const stamp = this.values.stamp();
        const r = await this.client.call('values.get', { paths, run_ids: batch });
        if (!r.ok) {
          this.values.fail(`Could not read the values of ${paths.join(', ')}: ${r.error.message}`);
          return;
        }
        this.values.accept(batch, r.value, stamp);
        done += batch.length;
      }
      this.values.setLoading(null);
    } finally {
      this.running = false;
    }
  }
}
