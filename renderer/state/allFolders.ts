// The All folders view: every open folder's runs in one table. Run ids are unique only
// within a folder (a folder copied from the cluster holds the same ids), so there each
// run's `run_id` becomes a key made of its folder and id, and `origin` keeps both; the
// table, selection and sorting work on the key unchanged, and opening a row opens the
// run in its own folder.
import type { DirSnapshot } from '../../shared/api/models';
import type { RunDelta, RunRecord } from '../../shared/types';

/** The folder choice that shows every open folder. */
export const ALL_FOLDERS = '*';

const SEP = '\u001f';

export const runKey = (dir: string, runId: string): string => `${dir}${SEP}${runId}`;

/** The folder and id a key names, or null for a plain run id. */
export function splitRunKey(key: string): { dir: string; run_id: string } | null {
  const at = key.lastIndexOf(SEP);
  return at < 0 ? null : { dir: key.slice(0, at), run_id: key.slice(at + 1) };
}

/** A run's own id, for showing: a key's id part, a plain id as it is. */
export const plainId = (id: string): string => splitRunKey(id)?.run_id ?? id;

/**
 * Run ids grouped by the folder they are in, for a request that takes one folder's ids:
 * keys by their folder (`dir`), plain ids in one group without one. `ids[i]` is `keys[i]`'s own id.
 */
export function byFolder(keys: readonly string[]): { dir?: string; keys: string[]; ids: string[] }[] {
  const groups = new Map<string | undefined, { dir?: string; keys: string[]; ids: string[] }>();
  for (const key of keys) {
    const inFolder = splitRunKey(key);
    const dir = inFolder?.dir;
    let g = groups.get(dir);
    if (!g) groups.set(dir, (g = { ...(dir === undefined ? {} : { dir }), keys: [], ids: [] }));
    g.keys.push(key);
    g.ids.push(inFolder?.run_id ?? key);
  }
  return [...groups.values()];
}

/** A run in the All folders view: `origin` is the folder it is in and its own id there. */
export type KeyedRun = RunRecord & { origin?: { dir: string; run_id: string } };

export const originOf = (r: RunRecord): { dir: string; run_id: string } | undefined => (r as KeyedRun).origin;

/** The id to show for a run: its own, not the All folders key. */
export const shownId = (r: RunRecord): string => originOf(r)?.run_id ?? r.run_id;
export const shownParent = (r: RunRecord): string | null =>
  originOf(r) && r.parent_run_id ? (splitRunKey(r.parent_run_id)?.run_id ?? r.parent_run_id) : r.parent_run_id;

function keyed(dir: string, r: RunRecord): KeyedRun {
  return {
    ...r,
    run_id: runKey(dir, r.run_id),
    parent_run_id: r.parent_run_id === null ? null : runKey(dir, r.parent_run_id),
    origin: { dir, run_id: r.run_id },
  };
}

export function keyedDelta(d: RunDelta, dir: string): RunDelta {
  return {
    added: d.added.map((r) => keyed(dir, r)),
    changed: d.changed.map((r) => keyed(dir, r)),
    removed: d.removed.map((id) => runKey(dir, id)),
    // A folder's problems would replace every folder's; All folders shows runs only.
    problems: [],
  };
}

/** One snapshot holding every folder's runs, keyed. */
export function mergedSnapshot(snaps: readonly DirSnapshot[]): DirSnapshot {
  return {
    dir: ALL_FOLDERS,
    runs: snaps.flatMap((s) => s.runs.map((r) => keyed(s.dir, r))),
    entries: [],
    problems: [],
    scanning: snaps.some((s) => s.scanning),
    watchMode: snaps[0]?.watchMode ?? 'native',
  };
}

/** A folder's last part: how the folder bar names it (beside the host of a remote one). */
export const folderTail = (dir: string): string =>
  dir
    .replace(/[\\/]+$/, '')
    .split(/[\\/]/)
    .pop() || dir;

/** How a folder is named in the Folder column: its last part, with the host for a remote one. */
export function folderLabel(dir: string): string {
  const m = /^(?:ssh:\/\/)?(?:[^@/]+@)?(\[[^\]]+\]|[^:/]+)(?::\d+)?(?::|\/)(.*)$/.exec(dir);
  const remote = dir.startsWith('ssh://') || (/^[^/\\]+:/.test(dir) && !/^[A-Za-z]:[\\/]/.test(dir));
  return remote && m ? `${m[1]}:${folderTail(m[2]!)}` : folderTail(dir);
}
