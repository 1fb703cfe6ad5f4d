// The {checkpoint_path} given to the user's resume command. It comes from metadata.json,
// which anyone who can write to a shared runs folder can edit: `/etc/shadow`, `../../x`
// or a link inside the folder that leads out would otherwise be handed to the command
// (which may read, overwrite or upload it). Only a path inside the runs folder, links
// followed, is ever passed; anything else is refused with the path named.
import fs from 'node:fs';
import path from 'node:path';
import { locateCheckpoint } from '../../shared/checkpoint-paths';
import { runIdProblem } from '../../shared/run-id';
import type { CheckpointEntry, RunRecord } from '../../shared/types';
import { resolveCheckpoint } from '../store/checkpoint-files';
import { StoreError } from '../store/errors';
import { isInside } from '../store/paths';

/** True when the deepest existing part of `p` (links followed) is inside `base`. */
function existingPartInside(base: string, p: string): boolean {
  let realBase: string;
  try {
    realBase = fs.realpathSync(base);
  } catch {
    return false;
  }
  for (let at = p; ; at = path.dirname(at)) {
    try {
      return isInside(realBase, fs.realpathSync(at));
    } catch {
      if (path.dirname(at) === at) return false;
    }
  }
}

/** An absolute path inside `base` for the checkpoint, or a StoreError('refused') naming the recorded path. */
export function confinedCheckpointPath(base: string, run: RunRecord, entry: CheckpointEntry): string {
  // Found files: resolveCheckpoint keeps only those whose real path is inside the runs folder.
  const found = resolveCheckpoint(base, run, entry).resolved_path;
  if (found && existingPartInside(base, found)) return found;
  const where = `checkpoint ${JSON.stringify(entry.name)} of run ${run.run_id}`;
  const p = entry.path;
  if (!p)
    throw new StoreError(
      'refused',
      `${where} has no path in metadata.json and no file in its checkpoints folder, so {checkpoint_path} has no value; the resume command was not run`,
    );
  // Not written yet, or from another machine: where it would be inside this runs folder.
  // A relative path is relative to the simulation's working folder, the one above the runs folder.
  const candidates = [path.isAbsolute(p) ? p : path.resolve(path.dirname(base), p)];
  const loc = locateCheckpoint(p);
  const runSeg = loc.insideRuns?.split('/')[0];
  if (loc.insideRuns && runSeg && !runIdProblem(runSeg)) candidates.push(path.join(base, ...loc.insideRuns.split('/')));
  const inside = candidates.find((c) => isInside(base, c) && existingPartInside(base, c));
  if (inside) return inside;
  throw new StoreError(
    'refused',
    `the checkpoint path ${JSON.stringify(p.length > 200 ? `${p.slice(0, 200)}…` : p)} recorded for ${where} is outside the runs folder ${base} (or leads out of it through a link). Runyard passes only checkpoints inside the runs folder to your resume command, so it was not run; resume from another checkpoint, or run your command by hand if you trust this path`,
  );
}
