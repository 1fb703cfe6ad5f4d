// The client the views use in All folders. There the run store's ids are keys (folder and
// id, ../state/allFolders.ts) and no folder is "the" folder, so a request about runs goes
// to each run's own folder with its own ids, and the answers come back under the keys
// (./folderAnswers.ts). A request about a whole folder (its trash, lineage, prune plan)
// is refused with a sentence: the shell asks the user to choose a folder for those instead
// of letting them land on whichever folder the backend calls current.
import type { ApiClient } from '../../shared/api/client';
import type { Params, RequestName, Result } from '../../shared/api/contract';
import { takesFolder } from '../../shared/api/folder-requests';
import { fail, ok, type ApiResult } from '../../shared/api/result';
import type { ValueSeries } from '../../shared/api/value-models';
import { byFolder, splitRunKey } from '../state/allFolders';
import { commonFile, mergeColumns, mergeSeries, mergeUsage, mergeValues, type FolderAnswer } from './folderAnswers';

type Group = { dir: string; keys: string[]; ids: string[] };
type Loose = Record<string, unknown>;
type Answer<N extends RequestName> = Promise<ApiResult<Result<N>>>;

/** The sentence a whole-folder request gets in All folders. */
export const CHOOSE_FOLDER =
  'All folders shows the runs of several folders: choose one folder (in the folder bar) for this.';

export function allFoldersClient(client: ApiClient): ApiClient {
  return {
    call: (name, params) => route(client, name, params),
    on: (event, listener) => client.on(event, listener),
  };
}

function route<N extends RequestName>(client: ApiClient, name: N, params: Params<N>): Answer<N> {
  const p = params as Loose;
  // Named already (the value loader, the column picker, the run store) or a subscription the backend knows.
  if (!takesFolder(name) || 'dir' in p || 'subscription' in p) return client.call(name, params);
  if (typeof p.run_id === 'string') {
    const at = splitRunKey(p.run_id);
    if (!at)
      return Promise.resolve(fail('not-found', `Run ${p.run_id}: open it from its own folder. ${CHOOSE_FOLDER}`));
    return client.call(name, { ...p, dir: at.dir, run_id: at.run_id } as Params<N>);
  }
  if (!Array.isArray(p.run_ids)) return Promise.resolve(fail('unsupported', CHOOSE_FOLDER));
  const groups = byFolder(p.run_ids as string[]);
  if (groups.some((g) => g.dir === undefined))
    return Promise.resolve(fail('not-found', `Some runs have no folder. ${CHOOSE_FOLDER}`));
  const asked = groups as Group[];
  const answers = (): Answer<N> => {
    switch (name) {
      case 'du.get':
        return each(client, 'du.get', p, asked).then((r) => (r.ok ? ok(mergeUsage(r.value)) : r)) as Answer<N>;
      case 'values.get':
        return each(client, 'values.get', p, asked).then((r) =>
          r.ok ? ok(mergeValues(p.paths as string[], r.value)) : r,
        ) as Answer<N>;
      case 'values.columns':
        return each(client, 'values.columns', p, asked).then((r) =>
          r.ok ? ok(mergeColumns(r.value)) : r,
        ) as Answer<N>;
      case 'values.series':
        return seriesAcross(client, p, asked) as Answer<N>;
      default:
        // runs.editTags: All folders is read-only; a folder's own table changes its runs.
        return Promise.resolve(fail('read-only', `${CHOOSE_FOLDER} Changes are made in a run's own folder.`));
    }
  };
  return answers();
}

/** The same request of each folder, with its own ids; the first failure names its folder. */
async function each<N extends 'du.get' | 'values.get' | 'values.columns' | 'values.series'>(
  client: ApiClient,
  name: N,
  p: Loose,
  groups: readonly Group[],
): Promise<ApiResult<FolderAnswer<Result<N>>[]>> {
  const got = await Promise.all(
    groups.map((g) => client.call(name, { ...p, dir: g.dir, run_ids: g.ids } as Params<N>)),
  );
  const out: FolderAnswer<Result<N>>[] = [];
  for (const [i, r] of got.entries()) {
    const g = groups[i]!;
    if (!r.ok) return fail(r.error.code, `${g.dir}: ${r.error.message}`, r.error.file);
    out.push({ ...g, value: r.value as Result<N> });
  }
  return ok(out);
}

/**
 * Each folder would pick its own most common file and first numeric column; an overlay
 * across folders plots one: the file most runs have altogether, and the column the
 * folder with the most of those runs picks. Folders that chose otherwise are asked again.
 */
async function seriesAcross(client: ApiClient, p: Loose, groups: readonly Group[]): Promise<ApiResult<ValueSeries>> {
  const first = await each(client, 'values.series', p, groups);
  if (!first.ok || groups.length < 2 || (p.file && p.column)) return first.ok ? ok(mergeSeries(first.value)) : first;
  const file = (p.file as string | undefined) ?? commonFile(first.value);
  if (file === null) return ok(mergeSeries(first.value));
  const byRuns = first.value
    .filter((a) => a.value.file === file && a.value.column !== null)
    .sort((x, y) => y.value.runs.filter((r) => r.x.length).length - x.value.runs.filter((r) => r.x.length).length);
  const column = (p.column as string | undefined) ?? byRuns[0]?.value.column ?? undefined;
  const again = first.value.filter((a) => a.value.file !== file || (column !== undefined && a.value.column !== column));
  if (again.length === 0) return ok(mergeSeries(first.value));
  const redo = await each(client, 'values.series', { ...p, file, ...(column ? { column } : {}) }, again);
  if (!redo.ok) return redo;
  const replaced = new Map(redo.value.map((a) => [a.dir, a]));
  return ok(mergeSeries(first.value.map((a) => replaced.get(a.dir) ?? a)));
}
