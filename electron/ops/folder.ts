// Opening a runs folder, and the store's types and errors the front doors need. The CLI
// and the API handlers reach electron/store/ only through electron/ops/ (eslint.config.mjs).
import { headOf } from '../store/git-commit';
import { RunsDir, type StoreOptions } from '../store/runs-dir';

export { ioError, StoreError, type StoreErrorCode } from '../store/errors';
export type { RunsDir, StoreOptions };

export function openRunsFolder(dir: string, opts: StoreOptions = {}): RunsDir {
  return new RunsDir(dir, opts);
}

/** Why REPO is not a git repository with a commit, or null when it is. */
export function gitRepoProblem(repo: string): string | null {
  const head = headOf(repo);
  return 'why' in head ? head.why : null;
}
