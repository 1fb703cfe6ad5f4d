// Fetches the values the table needs (filter paths, value columns, the sort column) for
// every run that has no answer yet, in batches, one request at a time: a delta or
// another column only changes what the running loop asks for next. In All folders a
// batch is asked of each run's own folder by its own id, and kept under its key.
import type { ApiClient } from '../../shared/api/client';
import type { RunValues } from '../../shared/api/value-models';
import { byFolder } from './allFolders';
import type { RunStore } from './runStore';
import type { ValueStore } from './valueStore';

/** Runs per values.get: small enough that progress moves, large enough that 10k runs take a few requests. */
export const VALUE_BATCH = 1000;
/** values.get takes at most this many paths. */
const MAX_PATHS = 100;

/** A folder's answer with its runs under their All folders keys. */
function keyed(answer: RunValues, group: { keys: string[]; ids: string[] }): RunValues {
  const values: RunValues['values'] = {};
  group.ids.forEach((id, i) => {
    const v = answer.values[id];
    if (v) values[group.keys[i]!] = v;
  });
  return { ...answer, values };
}

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
        for (const group of byFolder(batch)) {
          const stamp = this.values.stamp();
          const where = group.dir === undefined ? {} : { dir: group.dir };
          const r = await this.client.call('values.get', { paths, run_ids: group.ids, ...where });
          if (!r.ok) {
            const from = group.dir === undefined ? '' : ` in ${group.dir}`;
            this.values.fail(`Could not read the values of ${paths.join(', ')}${from}: ${r.error.message}`);
            return;
          }
          this.values.accept(group.keys, group.dir === undefined ? r.value : keyed(r.value, group), stamp);
          done += group.keys.length;
        }
      }
      this.values.setLoading(null);
    } finally {
      this.running = false;
    }
  }
}
