// Reads .run_index.json for what it is good for: hints for a run whose metadata cannot
// be read, and its own problems. The run folders are the truth, so an unusable index is
// a problem to show, never a reason to stop.
import path from 'node:path';
import { parseRunIndex } from '../../shared/run-index';
import type { Problem, RunIndex } from '../../shared/types';
import { errnoWords } from './errors';
import { readBoundedText } from './bounded-read';
import { INDEX_FILE } from './paths';
import { formatBytes } from '../../shared/format';

export interface IndexRead {
  index: RunIndex | null;
  problem: Problem | null;
}

/** The index of 100k runs is about 20 MB. */
const MAX_INDEX_BYTES = 256 * 1024 * 1024;

export function readIndex(base: string): IndexRead {
  let text: string;
  try {
    const read = readBoundedText(path.join(base, INDEX_FILE), base, MAX_INDEX_BYTES);
    if (read.kind === 'escapes')
      return {
        index: null,
        problem: {
          file: INDEX_FILE,
          message:
            "the index is a link that leads out of the runs directory; it was not read (Runyard's next write replaces the link with a real index)",
        },
      };
    if (read.kind === 'too-large')
      return {
        index: null,
        problem: {
          file: INDEX_FILE,
          message: `the index is ${formatBytes(read.bytes)}, more than the ${formatBytes(MAX_INDEX_BYTES)} Runyard reads`,
        },
      };
    text = read.text;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      index: null,
      problem: {
        file: INDEX_FILE,
        message: code === 'ENOENT' ? 'the index is missing' : `cannot read the index: ${errnoWords(code) ?? code}`,
      },
    };
  }
  const parsed = parseRunIndex(text);
  if (!parsed.ok)
    return { index: null, problem: { file: INDEX_FILE, message: `the index is unusable: ${parsed.reason}` } };
  const problem = parsed.skipped
    ? { file: INDEX_FILE, message: `${parsed.skipped} index entries have no run_id and were ignored` }
    : null;
  return { index: parsed.index, problem };
}
