// `runyard list` keeps parsed metadata in the user's cache folder. What the user
// must never notice: a different answer, a change missed, or a file in the runs folder.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from './helpers/cli';
import { sampleRuns, tempDir } from './helpers/dirs';
import { makeRun, treeSnapshot } from './helpers/live-runs';

function lister(dir: string) {
  const cacheHome = tempDir('runyard-cache-');
  const list = (...extra: string[]) => {
    const r = runCli(['--dir', dir, 'list', '--json', ...extra], { env: { XDG_CACHE_HOME: cacheHome } });
    expect(r.stderr).toBe('');
    return r.stdout;
  };
  const uncached = () => runCli(['--dir', dir, 'list', '--json'], { env: { RUNYARD_NO_CACHE: '1' } }).stdout;
  return { cacheHome, list, uncached };
}

/** Files older than the cache's settle time are cached; these tests age them by hand. */
function age(dir: string, seconds = 60): void {
  const t = new Date(Date.now() - seconds * 1000);
  for (const e of fs.readdirSync(dir)) {
    const p = path.join(dir, e, 'metadata.json');
    if (fs.existsSync(p)) fs.utimesSync(p, t, t);
  }
  // A settled directory lets list --json skip reading its entries (until one changes).
  fs.utimesSync(dir, t, t);
}

describe('the metadata cache behind runyard list', () => {
  test('cached and uncached answers are identical, and the cache lives outside the runs folder', () => {
    const dir = sampleRuns();
    age(dir);
    const before = treeSnapshot(dir);
    const { cacheHome, list, uncached } = lister(dir);
    const first = list();
    const second = list();
    expect(second).toBe(first);
    expect(second).toBe(uncached());
    expect(JSON.parse(second)).toHaveLength(12);
    expect(fs.readdirSync(path.join(cacheHome, 'runyard')).some((f) => f.startsWith('list-'))).toBe(true);
    expect(treeSnapshot(dir)).toEqual(before);
  });

  test('an in-place rewrite of the same size, a new run and a removed run are all seen', () => {
    const dir = tempDir();
    makeRun(dir, 'a-run', 'running');
    makeRun(dir, 'b-run', 'completed');
    makeRun(dir, 'c-run', 'completed');
    age(dir);
    const { list } = lister(dir);
    list();
    const file = path.join(dir, 'a-run', 'metadata.json');
    const text = fs.readFileSync(file, 'utf8');
    // "running" -> "failed!": same length, so only the mtime tells.
    fs.writeFileSync(file, text.replace('"running"', '"failed!"'));
    const t = new Date(Date.now() - 30_000);
    fs.utimesSync(file, t, t);
    fs.rmSync(path.join(dir, 'b-run'), { recursive: true });
    makeRun(dir, 'd-run', 'initialising');
    const runs = JSON.parse(list()) as { run_id: string; status: string }[];
    expect(Object.fromEntries(runs.map((r) => [r.run_id, r.status]))).toEqual({ 'a-run': 'failed!', 'c-run': 'completed', 'd-run': 'initialising' });
  });

  test('a half-written metadata.json is reported, not cached: once complete it lists normally', () => {
    const dir = tempDir();
    makeRun(dir, 'busy', 'running');
    age(dir);
    const { list } = lister(dir);
    const file = path.join(dir, 'busy', 'metadata.json');
    const good = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, good.slice(0, 30));
    age(dir);
    const half = JSON.parse(list()) as { problems: { message: string }[] }[];
    expect(half[0]!.problems[0]!.message).toMatch(/half-written/);
    fs.writeFileSync(file, good);
    age(dir);
    const whole = JSON.parse(list()) as { status: string; problems: unknown[] }[];
    expect(whole[0]).toMatchObject({ status: 'running', problems: [] });
  });
});
