// What a writer (CLI --set, the API's edit) may put under a key the module defines.
// A wrong type there reads back as a problem at best, and at worst makes the module
// itself crash (create_child_run does `tags + ["resumed"]`), so it is refused before
// anything is written. Keys the module does not know stay free.

/** The module's timestamp: isoformat() of a UTC time plus "Z"; microseconds are dropped when zero. */
const MODULE_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{6})?Z$/;

export function isModuleTimestamp(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const m = MODULE_TIMESTAMP.exec(v);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return (
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    h < 24 &&
    mi < 60 &&
    s < 60
  );
}

/** Keys Runyard keeps itself, and the command that sets each. */
export const OWNED_KEYS: Readonly<Record<string, string>> = {
  run_id: "it is the run folder's name; choose it with `runyard create --id ID`",
  created_at: 'it is set when the run is created',
  status: 'set it with `runyard status RUN STATUS`',
  parent_run_id: 'it is set by `runyard resume PARENT`',
  resumed_from: 'it is set by `runyard resume PARENT`',
  checkpoints: 'add one with `runyard checkpoint RUN NAME`',
};

type Check = { ok: (v: unknown) => boolean; expected: string };

const isString = (v: unknown) => typeof v === 'string';

/** The module's keys a writer may set, each with the type the module writes. */
export const TYPED_KEYS: Readonly<Record<string, Check>> = {
  description: { ok: isString, expected: 'a string' },
  tags: { ok: (v) => Array.isArray(v) && v.every(isString), expected: 'a list of strings, e.g. ["a","b"]' },
  hostname: { ok: isString, expected: 'a string' },
  user: { ok: isString, expected: 'a string' },
  git_commit: { ok: (v) => v === null || isString(v), expected: 'a string or null' },
  started_at: {
    ok: (v) => v === null || isModuleTimestamp(v),
    expected: 'null or a UTC timestamp as the module writes it, e.g. "2026-10-28T08:30:00.654321Z"',
  },
  completed_at: {
    ok: (v) => v === null || isModuleTimestamp(v),
    expected: 'null or a UTC timestamp as the module writes it, e.g. "2026-10-28T08:30:00.654321Z"',
  },
};

function shown(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `the list ${JSON.stringify(v).slice(0, 60)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)?.slice(0, 60)}`;
}

/**
 * The first reason these fields cannot be written, or null. `label` names where they
 * came from ("--set" on the command line), so the message points at what to fix.
 */
export function metadataFieldsProblem(fields: Record<string, unknown>, label = ''): string | null {
  const at = (k: string) => (label ? `${label} ${k}` : `"${k}"`);
  for (const [k, v] of Object.entries(fields)) {
    const owner = OWNED_KEYS[k];
    if (owner !== undefined) return `${at(k)}: "${k}" is kept by Runyard and cannot be set directly; ${owner}`;
    const check = TYPED_KEYS[k];
    if (check && !check.ok(v)) return `${at(k)}: expected ${check.expected}, got ${shown(v)}`;
  }
  return null;
}
