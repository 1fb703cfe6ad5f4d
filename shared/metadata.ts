// Turns whatever JSON a metadata.json holds into a RunRecord. Wrong types become
// problems on the record, never exceptions, so one bad run cannot stop a scan.
import { parseTimestamp } from './timestamps';
import type { CheckpointEntry, IndexEntry, Problem, RunRecord } from './types';

export const MODULE_KEYS = new Set([
  'run_id',
  'created_at',
  'description',
  'status',
  'tags',
  'hostname',
  'user',
  'git_commit',
  'parent_run_id',
  'resumed_from',
  'checkpoints',
  'started_at',
  'completed_at',
]);

type Raw = Record<string, unknown>;

function str(raw: Raw, key: string, file: string, problems: Problem[]): string | null {
  const v = raw[key];
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  problems.push({ file, message: `"${key}" should be a string, found ${describe(v)}` });
  return null;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)?.slice(0, 40)}`;
}

function time(raw: Raw, key: string, file: string, problems: Problem[]): [string | null, number | null] {
  const text = str(raw, key, file, problems);
  if (text === null) return [null, null];
  const parsed = parseTimestamp(text);
  if (!parsed) {
    problems.push({ file, message: `"${key}" is not a timestamp: ${JSON.stringify(text).slice(0, 60)}` });
    return [text, null];
  }
  if (parsed.assumedUtc) problems.push({ file, message: `"${key}" has no timezone; read as UTC` });
  return [text, parsed.ms];
}

function tags(raw: Raw, file: string, problems: Problem[]): string[] {
  const v = raw.tags;
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') {
    problems.push({ file, message: '"tags" is a string, not a list; read as one tag' });
    return v ? [v] : [];
  }
  if (!Array.isArray(v)) {
    problems.push({ file, message: `"tags" should be a list of strings, found ${describe(v)}` });
    return [];
  }
  const out = v.filter((t): t is string => typeof t === 'string');
  if (out.length !== v.length)
    problems.push({ file, message: '"tags" holds values that are not strings; they were left out' });
  return out;
}

function checkpoints(raw: Raw, file: string, problems: Problem[]): CheckpointEntry[] {
  const v = raw.checkpoints;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    problems.push({ file, message: `"checkpoints" should be a list, found ${describe(v)}` });
    return [];
  }
  const out: CheckpointEntry[] = [];
  v.forEach((c, i) => {
    if (!c || typeof c !== 'object' || Array.isArray(c) || typeof (c as Raw).name !== 'string') {
      problems.push({ file, message: `checkpoint #${i + 1} has no "name"; it was left out` });
      return;
    }
    const e = c as Raw;
    out.push({
      name: e.name as string,
      created_at: typeof e.created_at === 'string' ? e.created_at : null,
      path: typeof e.path === 'string' ? e.path : null,
    });
  });
  return out;
}

export function isPlainObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `folderId` is the folder's name, which wins over a run_id key that disagrees. */
export function recordFromMetadata(folderId: string, raw: unknown, file: string, mtimeMs = 0): RunRecord {
  if (!isPlainObject(raw)) {
    return unreadableRecord(
      folderId,
      { file, message: `metadata is ${describe(raw)}, not a JSON object` },
      undefined,
      mtimeMs,
    );
  }
  const problems: Problem[] = [];
  const declared = str(raw, 'run_id', file, problems);
  if (declared !== null && declared !== folderId) {
    problems.push({
      file,
      message: `"run_id" says ${JSON.stringify(declared)} but the folder is ${JSON.stringify(folderId)}; the folder name is used`,
    });
  }
  const [created_at, created_ms] = time(raw, 'created_at', file, problems);
  const [started_at, started_ms] = time(raw, 'started_at', file, problems);
  const [completed_at, completed_ms] = time(raw, 'completed_at', file, problems);
  let status = str(raw, 'status', file, problems);
  if (status === null) {
    if (raw.status === undefined) problems.push({ file, message: '"status" is missing' });
    status = 'unknown';
  }
  // Not kept on the record (parent_run_id says the same), but a wrong type is still a problem to show.
  str(raw, 'resumed_from', file, problems);
  const extra: Raw = {};
  for (const [k, v] of Object.entries(raw)) if (!MODULE_KEYS.has(k)) extra[k] = v;
  return {
    run_id: folderId,
    description: str(raw, 'description', file, problems) ?? '',
    status,
    tags: tags(raw, file, problems),
    created_at,
    started_at,
    completed_at,
    created_ms,
    started_ms,
    completed_ms,
    parent_run_id: str(raw, 'parent_run_id', file, problems),
    user: str(raw, 'user', file, problems),
    hostname: str(raw, 'hostname', file, problems),
    git_commit: str(raw, 'git_commit', file, problems),
    checkpoints: checkpoints(raw, file, problems),
    extra,
    problems,
    unreadable: false,
    mtime_ms: mtimeMs,
  };
}

/** A run whose metadata cannot be used; the index entry, when there is one, fills in what it can. */
export function unreadableRecord(folderId: string, problem: Problem, hint?: IndexEntry, mtimeMs = 0): RunRecord {
  const created = hint ? parseTimestamp(hint.created_at) : null;
  return {
    run_id: folderId,
    description: hint?.description ?? '',
    status: hint?.status ?? 'unknown',
    tags: hint?.tags ?? [],
    created_at: hint?.created_at ?? null,
    started_at: null,
    completed_at: null,
    created_ms: created?.ms ?? null,
    started_ms: null,
    completed_ms: null,
    parent_run_id: null,
    user: null,
    hostname: null,
    git_commit: null,
    checkpoints: [],
    extra: {},
    problems: [problem],
    unreadable: true,
    mtime_ms: mtimeMs,
  };
}

/** What the module puts into .run_index.json for a run. */
export function indexEntryOf(
  r: Pick<RunRecord, 'run_id' | 'description' | 'created_at' | 'status' | 'tags'>,
): IndexEntry {
  return {
    run_id: r.run_id,
    description: r.description,
    created_at: r.created_at ?? '',
    status: r.status,
    tags: [...r.tags],
  };
}

export function sameIndexEntry(a: IndexEntry, b: IndexEntry): boolean {
  return (
    a.run_id === b.run_id &&
    a.description === b.description &&
    a.created_at === b.created_at &&
    a.status === b.status &&
    a.tags.length === b.tags.length &&
    a.tags.every((t, i) => t === b.tags[i])
  );
}
