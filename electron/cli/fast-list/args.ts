// Which command lines the fast path answers: `[--dir D] [--json] list [--json]` and the
// list options, in their plain spellings (`--tag T`, not `--tag=T`). The spellings come
// from the option table the full CLI gives commander (../options.ts); anything else,
// --git-repo included, is left to the full CLI, which answers or says what is wrong.
import type { RunQuery } from '../../../shared/run-query';
import { GLOBAL_OPTIONS, LIST_OPTIONS } from '../options';

type ListOption = keyof typeof LIST_OPTIONS;

/** What each list option adds to the query; false for a value the full CLI should judge. */
const APPLY: Record<ListOption, (q: RunQuery, v: string) => boolean> = {
  status: (q, v) => Boolean((q.statuses ??= []).push(v)),
  tag: (q, v) => Boolean((q.tags ??= []).push(v)),
  search: (q, v) => q.search === undefined && Boolean((q.search = v) || true),
  limit: (q, v) => q.limit === undefined && /^[1-9]\d{0,8}$/.test(v) && Boolean((q.limit = Number(v))),
};

const BY_FLAG = new Map<string, ListOption>(
  Object.entries(LIST_OPTIONS).map(([key, o]) => [o.flag, key as ListOption]),
);

/** The runs directory given and the query, or null when the full CLI should answer. */
export function plainListJson(args: readonly string[]): { dir: string | undefined; query: RunQuery } | null {
  let dir: string | undefined;
  let json = false;
  let listed = false;
  const query: RunQuery = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = args[i + 1];
    const option = listed ? BY_FLAG.get(a) : undefined;
    if (a === GLOBAL_OPTIONS.json.flag) json = true;
    else if (a === 'list' && !listed) listed = true;
    // An empty --dir is the full CLI's usage error to report.
    else if (!listed && a === GLOBAL_OPTIONS.dir.flag && dir === undefined && value && !value.startsWith('-')) {
      dir = value;
      i++;
    } else if (option && value !== undefined && !value.startsWith('-') && APPLY[option](query, value)) i++;
    else return null;
  }
  return json && listed ? { dir, query } : null;
}
