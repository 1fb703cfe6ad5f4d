// Helpers for the live index tests: run folders written the way the Python module
// writes them, polling for a condition, and counting this process's inotify watches.
import fs from 'node:fs';
import path from 'node:path';

export function metadataOf(
  id: string,
  status = 'completed',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    run_id: id,
    created_at: '2026-10-28T08:30:00.654321Z',
    description: `Simulation run ${id.slice(0, 8)}`,
    status,
    tags: ['test'],
    hostname: 'node0001',
    user: 'tester',
    git_commit: null,
    parent_run_id: null,
    checkpoints: [],
    started_at: null,
    completed_at: null,
    ...extra,
  };
}

/** mkdir + subfolders + a plain (non-atomic) metadata.json, like RunManager.create_run. */
export function makeRun(base: string, id: string, status = 'completed', extra: Record<string, unknown> = {}): string {
  const dir = path.join(base, id);
  fs.mkdirSync(dir, { recursive: true });
  for (const sub of ['results', 'checkpoints', 'logs']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  fs.writeFileSync(path.join(dir, 'metadata.json'), JSON.stringify(metadataOf(id, status, extra), null, 2));
  return dir;
}

/** `bare`: only the folder and metadata.json, for tests that need many runs quickly. */
export function makeRuns(base: string, n: number, { prefix = 'run', bare = false } = {}): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${prefix}-${String(i).padStart(5, '0')}`;
    const status = i % 4 === 0 ? 'running' : 'completed';
    if (bare) {
      fs.mkdirSync(path.join(base, id));
      fs.writeFileSync(path.join(base, id, 'metadata.json'), JSON.stringify(metadataOf(id, status), null, 2));
    } else makeRun(base, id, status);
    ids.push(id);
  }
  return ids;
}

/** Rewrites metadata.json in place, as the module's open(..., 'w') + json.dump does. */
export function rewriteMetadata(base: string, id: string, change: (m: Record<string, unknown>) => void): void {
  const file = path.join(base, id, 'metadata.json');
  const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  change(m);
  fs.writeFileSync(file, JSON.stringify(m, null, 2));
}

/** inotify watches held by this process: the "inotify wd:" lines of each inotify fd's fdinfo. */
export function inotifyWatchCount(): number {
  let n = 0;
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    let target = '';
    try {
      target = fs.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue;
    }
    if (!target.includes('inotify')) continue;
    try {
      n += fs
        .readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('inotify wd:')).length;
    } catch {
      // the fd closed meanwhile
    }
  }
  return n;
}

/** Every path under `dir` with its mtime and size: reading must leave this unchanged. */
export function treeSnapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = fs.lstatSync(p);
      out.push(`${path.relative(dir, p)} ${st.mtimeMs} ${st.size}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}
