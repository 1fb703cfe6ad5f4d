// Tags of many runs at once (add, remove, pin = the tag `keep`), and the undo that puts
// back each run's tags as they were. Each run's metadata.json is read, changed and
// replaced atomically under the index lock, as store.edit does for one run; the runs go
// in batches, one transaction and one index write per batch, so 10k runs cost 50 index
// writes instead of 10k, and other Runyard writers get the lock between batches.
import path from 'node:path';
import type { TagResult } from '../../shared/api/models';
import { indexEntryOf, recordFromMetadata } from '../../shared/metadata';
import { metadataFieldsProblem } from '../../shared/metadata-rules';
import { ACTIVE_STATUSES } from '../../shared/types';
import { isLeftoverOf, writeJsonAtomicSync } from '../store/atomic';
import { ioError, StoreError } from '../store/errors';
import { currentIndex, removeWhere, writeIndexUnlocked } from '../store/index-files';
import { METADATA_FILE } from '../store/paths';
import { readRawMetadataSettled, runFolderOf, type Raw } from '../store/raw-metadata';
import type { RunsDir } from '../store/runs-dir';
import { transaction } from '../store/transaction';

export interface BulkOptions {
  /**
   * Also rewrite runs whose metadata says initialising or running. Off by default: the
   * module keeps its metadata in memory and writes all of it on its next status change
   * or checkpoint, so a tag written meanwhile may silently disappear.
   */
  includeRunning?: boolean;
  onProgress?: (done: number, total: number) => void;
}

const BATCH = 200;

export const runningReason = (status: string) =>
  `its metadata says ${status}: a simulation may be writing it and would drop the change on its next write; not changed (include running runs to change it anyway)`;

/** Decides one run's new tags from its current ones: a list to write, or a reason to leave it. */
type Decide = (id: string, tags: string[]) => string[] | { skip: string };

function checkTags(what: string, tags: readonly string[]): void {
  const bad = metadataFieldsProblem({ tags }, what);
  if (bad) throw new StoreError('invalid', bad);
}

export async function editTags(
  store: RunsDir,
  refs: readonly string[],
  change: { add?: string[]; remove?: string[] },
  o: BulkOptions = {},
): Promise<TagResult[]> {
  const add = [...new Set(change.add ?? [])];
  const remove = new Set(change.remove ?? []);
  checkTags('tags to add', add);
  checkTags('tags to remove', [...remove]);
  const both = add.find((t) => remove.has(t));
  if (both !== undefined) throw new StoreError('invalid', `the tag ${JSON.stringify(both)} is both added and removed`);
  if (add.length === 0 && remove.size === 0)
    throw new StoreError('invalid', 'nothing to change: give tags to add or to remove');
  return rewriteTags(
    store,
    refs,
    (_id, tags) => {
      const kept = tags.filter((t) => !remove.has(t));
      return [...kept, ...add.filter((t) => !kept.includes(t))];
    },
    o,
  );
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  new Set(a).size === new Set(b).size && a.every((t) => b.includes(t));

/**
 * The undo of editTags: each run gets `tags` back, but only while its tags are still
 * `expect` (what the edit left); a run changed since is left alone, with the reason.
 */
export async function restoreTags(
  store: RunsDir,
  items: readonly { run_id: string; tags: string[]; expect: string[] }[],
  o: BulkOptions = {},
): Promise<TagResult[]> {
  const want = new Map(items.map((i) => [i.run_id, i]));
  for (const i of items) checkTags(`tags of ${i.run_id}`, i.tags);
  return rewriteTags(
    store,
    items.map((i) => i.run_id),
    (id, tags) => {
      const i = want.get(id)!;
      if (!sameSet(tags, i.expect))
        return { skip: `its tags changed since (now ${tags.join(', ') || 'none'}); left as they are` };
      return i.tags;
    },
    o,
  );
}

async function rewriteTags(
  store: RunsDir,
  refs: readonly string[],
  decide: Decide,
  o: BulkOptions,
): Promise<TagResult[]> {
  const results: TagResult[] = [];
  const ids: string[] = [];
  for (const ref of new Set(refs)) {
    try {
      ids.push(store.resolve(ref));
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      results.push({ run_id: ref, outcome: 'skipped', reason: e.message });
    }
  }
  const total = results.length + ids.length;
  o.onProgress?.(results.length, total);
  for (let at = 0; at < ids.length; at += BATCH) {
    const batch = ids.slice(at, at + BATCH);
    results.push(...(await transaction(store.dir, () => rewriteBatch(store.dir, batch, decide, o))));
    o.onProgress?.(results.length, total);
  }
  return results;
}

async function rewriteBatch(
  base: string,
  ids: readonly string[],
  decide: Decide,
  o: BulkOptions,
): Promise<TagResult[]> {
  const out: TagResult[] = [];
  const entries = new Map<string, ReturnType<typeof indexEntryOf>>();
  for (const id of ids) {
    let raw: Raw;
    try {
      runFolderOf(base, id);
      raw = await readRawMetadataSettled(base, id);
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      out.push({ run_id: id, outcome: 'skipped', reason: e.message });
      continue;
    }
    const r = decideOne(id, raw, decide, o);
    if (r.outcome === 'done') {
      raw.tags = r.after;
      const folder = path.join(base, id);
      // Only Runyard names files so, and only under this lock: any found is from a killed write.
      removeWhere(folder, (n) => isLeftoverOf(n, METADATA_FILE));
      const file = path.join(folder, METADATA_FILE);
      try {
        writeJsonAtomicSync(file, raw);
      } catch (e) {
        out.push({ run_id: id, outcome: 'skipped', reason: ioError('write', file, e).message });
        continue;
      }
      entries.set(id, indexEntryOf(recordFromMetadata(id, raw, `${id}/${METADATA_FILE}`)));
    }
    out.push(r);
  }
  if (entries.size) {
    // `latest` stays: the module means by it the run a simulation touched last.
    const index = currentIndex(base);
    writeIndexUnlocked(base, {
      runs: [...index.runs.filter((e) => !entries.has(e.run_id)), ...entries.values()],
      latest: index.latest,
    });
  }
  return out;
}

function decideOne(id: string, raw: Raw, decide: Decide, o: BulkOptions): TagResult {
  const tags = raw.tags === undefined || raw.tags === null ? [] : raw.tags;
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) {
    return {
      run_id: id,
      outcome: 'skipped',
      reason: 'its "tags" in metadata.json is not a list of strings; fix it with `runyard edit --tags` first',
    };
  }
  const status = typeof raw.status === 'string' ? raw.status : '';
  const next = decide(id, tags);
  if (!Array.isArray(next)) return { run_id: id, outcome: 'skipped', reason: next.skip };
  const after = [...new Set(next)];
  if (after.length === tags.length && after.every((t, i) => t === tags[i]))
    return { run_id: id, outcome: 'unchanged', before: tags, after };
  if (ACTIVE_STATUSES.includes(status) && !o.includeRunning)
    return { run_id: id, outcome: 'skipped', reason: runningReason(status), running: true, before: tags };
  return { run_id: id, outcome: 'done', before: tags, after };
}
