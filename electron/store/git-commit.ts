// The module records the simulation code's HEAD. Runyard reads .git itself instead
// of running git: a repository's config can name programs for git to run, and
// nothing a user points Runyard at may make it run a command.
import fs from 'node:fs';
import path from 'node:path';

function gitDir(repo: string): string | null {
  let dir = path.resolve(repo);
  for (;;) {
    const dotGit = path.join(dir, '.git');
    try {
      const st = fs.statSync(dotGit);
      if (st.isDirectory()) return dotGit;
      const m = /^gitdir:\s*(.+)\s*$/m.exec(fs.readFileSync(dotGit, 'utf8'));
      if (m) return path.resolve(dir, m[1]!);
    } catch {
      // not here; try the parent
    }
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

function readRef(gd: string, ref: string): string | null {
  try {
    return fs.readFileSync(path.join(gd, ref), 'utf8').trim();
  } catch {
    // fall through to packed-refs
  }
  const common = commonDir(gd);
  for (const dir of new Set([gd, common])) {
    try {
      return fs.readFileSync(path.join(dir, ref), 'utf8').trim();
    } catch {
      // try packed-refs
    }
    try {
      const packed = fs.readFileSync(path.join(dir, 'packed-refs'), 'utf8');
      const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
      if (line) return line.split(' ')[0]!;
    } catch {
      // no packed-refs
    }
  }
  return null;
}

function commonDir(gd: string): string {
  try {
    return path.resolve(gd, fs.readFileSync(path.join(gd, 'commondir'), 'utf8').trim());
  } catch {
    return gd;
  }
}

/** First 12 hex characters of HEAD, as the module stores it, or null. */
export function gitCommitOf(repo: string | null | undefined): string | null {
  const r = headOf(repo);
  return 'commit' in r ? r.commit : null;
}

/**
 * For a repository the user named (--git-repo): its commit, or why there is none, so
 * that a typo in the path is said rather than recorded as a run without a commit.
 */
export function headOf(repo: string | null | undefined): { commit: string } | { why: string } {
  if (!repo) return { why: 'no repository was given' };
  const abs = path.resolve(repo);
  if (!fs.existsSync(abs)) return { why: `${abs} does not exist` };
  const gd = gitDir(abs);
  if (!gd) return { why: `${abs} is not inside a git repository (no .git found in it or above it)` };
  let head: string;
  try {
    head = fs.readFileSync(path.join(gd, 'HEAD'), 'utf8').trim();
  } catch {
    return { why: `${gd}/HEAD cannot be read` };
  }
  const sha = head.startsWith('ref: ') ? readRef(gd, head.slice(5).trim()) : head;
  if (!sha) return { why: `the repository at ${abs} has no commit yet (${head.slice(5).trim() || 'HEAD'} is unborn)` };
  return /^[0-9a-f]{40,64}$/.test(sha)
    ? { commit: sha.slice(0, 12) }
    : { why: `HEAD of the repository at ${abs} is not a commit id` };
}
