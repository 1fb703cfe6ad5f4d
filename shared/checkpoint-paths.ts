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
  const parts = path
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
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
 * itself, or its per-rank siblings `stem.<rank>.ext`. The recorded path may name a
 * rank's file itself (the module records rank 0's); that file counts as its rank too.
 */
export function filesOfCheckpoint(
  name: string,
  fileName: string | null,
  folderFiles: readonly string[],
): { files: string[]; ranks: number[] } {
  const stems = new Set([name, fileName ? checkpointStem(fileName).stem : name]);
  const files: string[] = [];
  const ranks: number[] = [];
  for (const f of folderFiles) {
    const { stem, rank } = checkpointStem(f);
    if (f !== fileName && !stems.has(stem)) continue;
    if (rank !== null && stems.has(stem)) ranks.push(rank);
    files.push(f);
  }
  return { files: files.sort(), ranks: ranks.sort((a, b) => a - b) };
}

/** Ranks absent from 0..max, which a restart across all ranks would need. */
export function missingRanks(ranks: readonly number[]): number[] {
  if (ranks.length === 0) return [];
  const have = new Set(ranks);
  const out: number[] = [];
  for (let r = 0; r <= Math.max(...ranks); r++) if (!have.has(r)) out.push(r);
  return out;
}

export interface CheckpointHealth {
  state: 'present' | 'incomplete' | 'missing';
  /** Ranks found (0 for a single-file checkpoint). */
  ranks: number;
  missingRanks: number[];
  /** One line a person reads: "2 ranks", "1 file", "missing rank 1 of 3", "no files found". */
  text: string;
}

/**
 * The one rule for whether a checkpoint's files are all there, used by the CLI, the
 * API and the UI alike, so a good checkpoint never looks broken in one of them.
 */
export function checkpointHealth(cp: { files: readonly unknown[]; ranks: readonly number[] }): CheckpointHealth {
  if (cp.files.length === 0) return { state: 'missing', ranks: 0, missingRanks: [], text: 'no files found' };
  const gaps = missingRanks(cp.ranks);
  const ranks = new Set(cp.ranks).size;
  if (gaps.length) {
    const of = Math.max(...cp.ranks) + 1;
    return {
      state: 'incomplete',
      ranks,
      missingRanks: gaps,
      text: `missing rank${gaps.length > 1 ? 's' : ''} ${gaps.join(', ')} of ${of}`,
    };
  }
  const text =
    ranks > 1 ? `${ranks} ranks` : ranks === 1 ? '1 rank' : `${cp.files.length} file${cp.files.length > 1 ? 's' : ''}`;
  return { state: 'present', ranks, missingRanks: [], text };
}
