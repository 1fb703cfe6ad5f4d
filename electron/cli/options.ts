// The options `list --json` can be given, as data: the full CLI declares them to
// commander from here, and the fast path (fast-list/args.ts) recognises them from here
// without loading commander. Only data: this file is part of the small bundle.

export interface OptionSpec {
  /** As typed: `--dir`. */
  flag: string;
  /** The value's placeholder in help (`<dir>`); absent for a switch. */
  value?: string;
  description: string;
}

/** Options before the command word. */
export const GLOBAL_OPTIONS = {
  dir: { flag: '--dir', value: '<dir>', description: 'the runs directory (default: $RUNYARD_DIR, else ./runs)' },
  json: { flag: '--json', description: 'machine-readable output' },
  gitRepo: {
    flag: '--git-repo',
    value: '<dir>',
    description:
      'simulation repository whose HEAD is recorded as git_commit (default: $RUNYARD_GIT_REPO, else the current folder)',
  },
} as const satisfies Record<string, OptionSpec>;

/** Options of `list`. */
export const LIST_OPTIONS = {
  status: { flag: '--status', value: '<status>', description: 'only runs with this status (repeatable)' },
  tag: { flag: '--tag', value: '<tag>', description: 'only runs with this tag (repeatable; all must match)' },
  search: {
    flag: '--search',
    value: '<text>',
    description: 'only runs whose id, description, tags, user or host contain TEXT',
  },
  limit: { flag: '--limit', value: '<n>', description: 'at most N runs' },
} as const satisfies Record<string, OptionSpec>;

/**
 * Options of `list` that read run values. The fast path does not know them, so a command
 * line with any of them goes to the full CLI, and `list --json` alone stays as it was.
 */
export const LIST_VALUE_OPTIONS = {
  filter: {
    flag: '--filter',
    value: '<expr>',
    description:
      "the run table's filter: words, status:X tag:X user:X host:X parent:X after:7d before:DATE, and KEY OP VALUE on run values (config.KEY, params.KEY, meta.KEY, results.FILE.COLUMN; OP one of : = != > >= < <=), e.g. 'tag:sweep config.beta>0.3'",
  },
  columns: {
    flag: '--columns',
    value: '<cols>',
    description:
      'comma-separated columns: run_id, status, description, tags, created_at, … or value paths such as config.beta, results.summary.infected',
  },
  format: {
    flag: '--format',
    value: '<format>',
    description: 'table (default), json (dotted column names as keys) or csv (RFC 4180, with a header row)',
  },
} as const satisfies Record<string, OptionSpec>;

/** How commander is told the option: `--dir <dir>`. */
export function spelling(o: OptionSpec): string {
  return o.value ? `${o.flag} ${o.value}` : o.flag;
}

/** The global option spelled `flag`, if any. */
export function globalOption(flag: string): OptionSpec | undefined {
  return Object.values<OptionSpec>(GLOBAL_OPTIONS).find((o) => o.flag === flag);
}
