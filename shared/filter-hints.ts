// Why a filter that parses may still show nothing: a status or tag that no run in the
// folder has (`status:initializing` where the module writes "initialising"). Said as a
// hint naming what is there, so an empty answer is never silent.
import type { ParsedFilter } from './filter-parse';

interface Described {
  status: string;
  tags: readonly string[];
}

const listed = (xs: Iterable<string>, max = 8): string => {
  const all = [...xs].sort();
  return all.length > max ? `${all.slice(0, max).join(', ')}, …` : all.join(', ');
};

/** One sentence per status or tag the filter asks for that no run has. */
export function absentValueHints(filter: ParsedFilter, runs: readonly Described[]): string[] {
  if (!runs.length) return [];
  const statuses = new Set(runs.map((r) => r.status.toLowerCase()));
  const tags = new Set(runs.flatMap((r) => r.tags.map((t) => t.toLowerCase())));
  const hints: string[] = [];
  for (const s of new Set([...filter.statuses, ...filter.not.statuses]))
    if (!statuses.has(s)) hints.push(`no run has status "${s}" (statuses here: ${listed(statuses)})`);
  for (const t of new Set([...filter.tags, ...filter.not.tags]))
    if (!tags.has(t)) hints.push(`no run is tagged "${t}"${tags.size ? ` (tags here: ${listed(tags)})` : ''}`);
  return hints;
}
