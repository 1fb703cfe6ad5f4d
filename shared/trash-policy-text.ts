// A trash record's policy (as electron/store/prune.ts policyRecord and checkpoint
// retention write it) in words for the Trash view: "older than 30 days, status failed,
// except tag keep" or "chosen by hand: 3 runs", never `exclude-tag=keep run=<uuid>`.

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)];
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function policyWords(policy: Record<string, unknown> | null | undefined): string {
  const p = policy ?? {};
  if (p.command === 'checkpoints prune') {
    const every = p.keep_every === undefined ? '' : ` and every ${String(p.keep_every)}th`;
    return `checkpoint retention: kept the last ${String(p.keep_last ?? '?')}${every}`;
  }
  const parts: string[] = [];
  const runs = list(p.run);
  const statuses = list(p.status);
  const tags = list(p.exclude_tag);
  const ruled = p.keep !== undefined || p.older_than_days !== undefined || statuses.length > 0;
  if (runs.length && !ruled) parts.push(`chosen by hand: ${plural(runs.length, 'run')}`);
  if (p.keep !== undefined)
    parts.push(`all but the ${String(p.keep)} newest${statuses.length ? ` ${statuses.join(' or ')}` : ''}`);
  if (p.older_than_days !== undefined) parts.push(`older than ${plural(Number(p.older_than_days), 'day')}`);
  if (statuses.length) parts.push(`status ${statuses.join(' or ')}`);
  if (runs.length && ruled) parts.push(`among ${plural(runs.length, 'chosen run')}`);
  if (tags.length) parts.push(`except ${tags.length === 1 ? 'tag' : 'tags'} ${tags.join(', ')}`);
  if (p.include_stale)
    parts.push(
      p.stale_after_hours === undefined
        ? 'stale runs included'
        : `stale runs included (unchanged for ${String(p.stale_after_hours)} h)`,
    );
  const known = new Set([
    'command',
    'keep',
    'older_than_days',
    'status',
    'exclude_tag',
    'run',
    'include_stale',
    'stale_after_hours',
  ]);
  for (const [k, v] of Object.entries(p))
    if (!known.has(k)) parts.push(`${k.replace(/_/g, ' ')} ${list(v).join(', ')}`);
  return parts.join(', ') || (typeof p.command === 'string' ? p.command : 'unknown');
}
