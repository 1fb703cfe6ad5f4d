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
  gitRepo: { flag: '--git-repo', value: '<dir>', description: 'simulation repository whose HEAD is recorded as git_commit (default: $RUNYARD_GIT_REPO, else the current folder)' },
} as const satisfies Record<string, OptionSpec>;

/** Options of `list`. */
export const LIST_OPTIONS = {
  status: { flag: '--status', value: '<status>', description: 'only runs with this status (repeatable)' },
  tag: { flag: '--tag', value: '<tag>', description: 'only runs with this tag (repeatable; all must match)' },
  search: { flag: '--search', value: '<text>', description: 'only runs whose id, description, tags, user or host contain TEXT' },
  limit: { flag: '--limit', value: '<n>', description: 'at most N runs' },
} as const satisfies Record<string, OptionSpec>;

/** How commander is told the option: `--dir <dir>`. */
export function spelling(o: OptionSpec): string {
  return o.value ? `${o.flag} ${o.value}` : o.flag;
}

/** The global option spelled `flag`, if any. */
export function globalOption(flag: string): OptionSpec | undefined {
  return Object.values<OptionSpec>(GLOBAL_OPTIONS).find((o) => o.flag === flag);
}
