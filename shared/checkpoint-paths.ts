// Checkpoint paths in metadata are relative to the simulation's working directory or
// absolute on another machine (FORMAT.md quirk 3). These helpers turn them into
// candidates inside the runs directory; the Node side checks which exist.

export interface CheckpointLocation {
  /** `<run_id>/checkpoints/<file>` relative to the runs directory, or null. */
  insideRuns: string | null;
  /** The file name the metadata names, e.g. checkpoint_2020-04-01.hdf5. */
  fileName: string | null;
}

export function locateCheckpoint(path: string | null): CheckpointLocation {
  if (!path) return { insideRuns: null, fileName: null };
  const parts = path.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
  const fileName = parts[parts.length - 1] ?? null;
  for (let i = parts.length - 2; i >= 1; i--) {
    if (parts[i] === 'checkpoints' && parts[i - 1] !== '..') {
      const rest = parts.slice(i + 1);
      if (rest.some((p) => p === '..')) break;
      return { insideRuns: [parts[i - 1], 'checkpoints', ...rest].join('/'), fileName };
    }
  }
  return { insideRuns: null, fileName };
}

// `s`: a file name may hold a line break (a colleague's checkpoint name); without it EXT does not match and reading the run fails.
const RANK = /^(.*)\.(\d+)(\.[^.]+)$/s;
const EXT = /^(.*?)(\.[^.]+)?$/s;

/** The stem a file belongs to: `checkpoint_2020-04-01.3.hdf5` → checkpoint_2020-04-01, rank 3. */
export function checkpointStem(fileName: string): { stem: string; rank: number | null } {
  const r = RANK.exec(fileName);
  if (r) return { stem: r[1]!, rank: Number(r[2]) };
  return { stem: EXT.exec(fileName)![1]!, rank: null };
}

/**
 * The files of one checkpoint among the names in a checkpoints/ folder: the file
 * itself, or its per-rank siblings `stem.<rank>.ext`.
 */
export function filesOfCheckpoint(name: string, fileName: string | null, folderFiles: readonly string[]): { files: string[]; ranks: number[] } {
  const stems = new Set([name, fileName ? checkpointStem(fileName).stem : name]);
  const files: string[] = [];
  const ranks: number[] = [];
  for (const f of folderFiles) {
    if (f === fileName) {
      files.push(f);
      continue;
    }
    const { stem, rank } = checkpointStem(f);
    if (!stems.has(stem)) continue;
    if (rank !== null) ranks.push(rank);
    files.push(f);
  }
  return { files: files.sort(), ranks: ranks.sort((a, b) => a - b) };
}
