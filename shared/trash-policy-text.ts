// A trash record's policy (as electron/store/prune.ts policyRecord and checkpoint
// retention write it) in words for the Trash view and the API: "pruned: keep newest 10
// failed runs, except tagged keep" or "removed by hand", never `exclude-tag=keep run=<uuid>`.
// Run ids read as the run's description when the caller knows it, else as a short id.

export interface PolicyWordsOptions {
  /** The run the record is for: a removal by hand of only that run reads "removed by hand". */
  runId?: string;
  /** A run's description, when known, so the other runs chosen with it read as what they are. */
  describe?(runId: string): string | undefined;
}

const KNOWN = new Set([
  'command',
  'keep',
  'older_than_days',
  'status',
  'exclude_tag',
  'run',
  'include_stale',
  'stale_after_hours',
]);
const NAMED = 2;
const DESCRIPTION_MAX = 40;

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined || v === null || v === '' ? [] : [String(v)];
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const short = (id: string) => (id.length > 8 ? id.slice(0, 8) : id);
const or = (xs: string[]) => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs.at(-1)!}`);

/**
 * The record as an object. A policy written as option text (`exclude-tag=keep run=<uuid>`,
 * as some older records and hand-made ones have it) is read into the same keys.
 */
export function policyObject(policy: unknown): Record<string, unknown> {
  if (policy && typeof policy === 'object' && !Array.isArray(policy)) return policy as Record<string, unknown>;
  if (typeof policy !== 'string') return {};
  const out: Record<string, unknown> = {};
  for (const token of policy.trim().split(/\s+/).filter(Boolean)) {
    const at = token.indexOf('=');
    const key = (at < 0 ? token : token.slice(0, at)).replace(/^-+/, '').replace(/-/g, '_');
    const raw = at < 0 ? true : token.slice(at + 1);
    const value = typeof raw === 'string' && raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    if (!key) continue;
    if (key === 'run' || key === 'status' || key === 'exclude_tag') out[key] = [...list(out[key]), String(value)];
    else out[key] = value;
  }
  if (!('command' in out) && Object.keys(out).length) out.command = 'prune';
  return out;
}

function runName(id: string, describe: PolicyWordsOptions['describe']): string {
  const d = describe?.(id)?.trim();
  if (!d) return short(id);
  return `“${d.length > DESCRIPTION_MAX ? `${d.slice(0, DESCRIPTION_MAX - 1)}…` : d}”`;
}

/** "“Baseline” and 5e6f7a8b", "“Baseline”, 5e6f7a8b and 3 more runs". */
function runNames(ids: string[], describe: PolicyWordsOptions['describe']): string {
  const named = ids.slice(0, NAMED).map((id) => runName(id, describe));
  const rest = ids.length - named.length;
  if (rest > 0) return `${named.join(', ')} and ${plural(rest, 'more run')}`;
  return named.length < 2 ? named.join('') : `${named[0]!} and ${named[1]!}`;
}

function keepWords(keep: unknown, statuses: string[]): string {
  const n = Number(keep);
  const what = statuses.length ? `${or(statuses)} runs` : 'runs';
  if (n === 0) return `keep none of the ${what}`;
  if (n === 1) return `keep the newest ${what.replace(/runs$/, 'run')}`;
  return `keep newest ${String(keep)} ${what}`;
}

function byHand(runs: string[], tags: string[], o: PolicyWordsOptions): string {
  const others = o.runId === undefined ? runs : runs.filter((r) => r !== o.runId);
  if (o.runId === undefined) return `removed by hand: ${plural(runs.length, 'run')}`;
  if (others.length === 0) return 'removed by hand';
  const except = tags.length ? `, except tagged ${or(tags)}` : '';
  return `removed by hand, together with ${runNames(others, o.describe)}${except}`;
}

export function policyWords(policy: unknown, o: PolicyWordsOptions = {}): string {
  const p = policyObject(policy);
  if (p.command === 'checkpoints prune') {
    const every = p.keep_every === undefined ? '' : ` and every ${String(p.keep_every)}th`;
    return `checkpoint retention: kept the last ${String(p.keep_last ?? '?')}${every}`;
  }
  const runs = list(p.run);
  const statuses = list(p.status);
  const tags = list(p.exclude_tag);
  const ruled = p.keep !== undefined || p.older_than_days !== undefined || statuses.length > 0;
  const extra = Object.entries(p)
    .filter(([k]) => !KNOWN.has(k))
    .map(([k, v]) => `${k.replace(/_/g, ' ')} ${list(v).join(', ')}`);
  if (runs.length && !ruled) return [byHand(runs, tags, o), ...extra].join(', ');

  const parts: string[] = [];
  const age = p.older_than_days === undefined ? null : `older than ${plural(Number(p.older_than_days), 'day')}`;
  if (p.keep !== undefined) {
    parts.push(keepWords(p.keep, statuses));
    if (age) parts.push(`only those ${age}`);
  } else if (statuses.length || age) {
    parts.push([statuses.length ? `${or(statuses)} runs` : 'runs', age].filter(Boolean).join(' '));
  }
  if (runs.length) {
    const only = o.runId !== undefined && runs.length === 1 && runs[0] === o.runId;
    parts.push(only ? 'among the runs chosen by hand' : `among ${plural(runs.length, 'run')} chosen by hand`);
  }
  if (tags.length) parts.push(`except tagged ${or(tags)}`);
  if (p.include_stale)
    parts.push(
      p.stale_after_hours === undefined
        ? 'stale runs included'
        : `stale runs included (unchanged for ${String(p.stale_after_hours)} h)`,
    );
  parts.push(...extra);
  if (parts.length) return `pruned: ${parts.join(', ')}`;
  return typeof p.command === 'string' && p.command !== 'prune' ? p.command : 'pruned (no rule recorded)';
}
