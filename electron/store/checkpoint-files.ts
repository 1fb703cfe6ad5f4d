// Finds the files behind each checkpoint entry (FORMAT.md quirk 3): by its path when
// that exists inside the runs directory, else by the `<run_id>/checkpoints/...` tail,
// else by name in the run's checkpoints folder. Per-rank files join their checkpoint.
import fs from 'node:fs';
import path from 'node:path';
import { filesOfCheckpoint, locateCheckpoint } from '../../shared/checkpoint-paths';
import { runIdProblem } from '../../shared/run-id';
import type { CheckpointEntry, ResolvedCheckpoint, RunRecord } from '../../shared/types';
import { isInside } from './paths';

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function realInside(base: string, p: string): boolean {
  try {
    return isInside(fs.realpathSync(base), fs.realpathSync(p));
  } catch {
    return false;
  }
}

/** The checkpoints folder the module would use: a child's parent's, when that folder exists. */
export function checkpointsDirOf(base: string, run: Pick<RunRecord, 'run_id' | 'parent_run_id'>): string {
  const parent = run.parent_run_id;
  if (parent && !runIdProblem(parent) && fs.existsSync(path.join(base, parent)))
    return path.join(base, parent, 'checkpoints');
  return path.join(base, run.run_id, 'checkpoints');
}

function candidates(base: string, run: RunRecord, entry: CheckpointEntry): string[] {
  const out: string[] = [];
  const p = entry.path;
  if (p) {
    if (path.isAbsolute(p)) out.push(p);
    else out.push(path.resolve(path.dirname(base), p), path.resolve(base, p), path.resolve(p));
    const loc = locateCheckpoint(p);
    const runSeg = loc.insideRuns?.split('/')[0];
    if (loc.insideRuns && runSeg && !runIdProblem(runSeg)) out.push(path.join(base, loc.insideRuns));
  }
  const fileName = p ? path.basename(p) : `${entry.name}.hdf5`;
  out.push(path.join(checkpointsDirOf(base, run), fileName), path.join(base, run.run_id, 'checkpoints', fileName));
  return [...new Set(out)].filter((c) => isInside(base, c) || realInside(base, c));
}

export function resolveCheckpoint(base: string, run: RunRecord, entry: CheckpointEntry): ResolvedCheckpoint {
  for (const c of candidates(base, run, entry)) {
    const dir = path.dirname(c);
    if (!realInside(base, dir)) continue;
    const { files, ranks } = filesOfCheckpoint(entry.name, path.basename(c), listDir(dir));
    if (!files.length) continue;
    const withSizes = files.flatMap((f) => {
      const full = path.join(dir, f);
      try {
        const st = fs.statSync(full);
        return st.isFile() && realInside(base, full) ? [{ path: full, bytes: st.size }] : [];
      } catch {
        return [];
      }
    });
    if (!withSizes.length) continue;
    return { ...entry, resolved_path: c, files: withSizes, ranks };
  }
  return { ...entry, resolved_path: null, files: [], ranks: [] };
}

export function resolveCheckpoints(base: string, run: RunRecord): ResolvedCheckpoint[] {
  return run.checkpoints.map((c) => resolveCheckpoint(base, run, c));
}
