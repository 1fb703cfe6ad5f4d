// `runyard list` keeps parsed metadata in the user's cache folder. What the user
// must never notice: a different answer, a change missed, or a file in the runs folder.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli';
import { sampleRuns, tempDir } from '../helpers/dirs';
import { makeRun, treeSnapshot } from '../helpers/live-runs';

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
    expect(Object.fromEntries(runs.map((r) => [r.run_id, r.status]))).toEqual({
      'a-run': 'failed!',
      'c-run': 'completed',
      'd-run': 'initialising',
    });
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

  // `running`/`resumed` and `initialising`/`checkpointed` are the same length: only the stat key can tell.
  const statuses = (out: string) =>
    Object.fromEntries((JSON.parse(out) as { run_id: string; status: string }[]).map((r) => [r.run_id, r.status]));

  test.each([['list', '--json'], ['list']])(
    'a same-size rewrite with its mtime put back (utimes, cp -p, rsync) is seen by the next %s: ctime tells',
    (...args) => {
      const dir = tempDir();
      makeRun(dir, 'sim', 'running');
      makeRun(dir, 'other', 'initialising');
      age(dir);
      const { cacheHome } = lister(dir);
      const run = () => {
        const r = runCli(['--dir', dir, ...args], { env: { XDG_CACHE_HOME: cacheHome } });
        expect(r.stderr).toMatch(/^(runyard: warning: .*index is missing\n)?$/);
        return r.stdout;
      };
      expect(run()).toMatch(/running/);
      expect(run()).toMatch(/running/);
      for (const [id, from, to] of [
        ['sim', 'running', 'resumed'],
        ['other', 'initialising', 'checkpointed'],
      ] as const) {
        const file = path.join(dir, id, 'metadata.json');
        const before = fs.statSync(file);
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(`"${from}"`, `"${to}"`));
        fs.utimesSync(file, before.atime, before.mtime);
        const after = fs.statSync(file);
        expect([after.ino, after.size, after.mtimeMs]).toEqual([before.ino, before.size, before.mtimeMs]);
      }
      const out = run();
      if (args.includes('--json')) expect(statuses(out)).toEqual({ sim: 'resumed', other: 'checkpointed' });
      else expect(out).toMatch(/resumed[\s\S]*checkpointed|checkpointed[\s\S]*resumed/);
    },
  );

  test('on a filesystem with whole-second timestamps, a same-size rewrite within the second is seen', () => {
    const dir = tempDir();
    makeRun(dir, 'sim', 'running');
    const file = path.join(dir, 'sim', 'metadata.json');
    // As such a filesystem stores it: the current second, no fraction.
    const second = Math.floor(Date.now() / 1000);
    fs.utimesSync(file, second, second);
    fs.utimesSync(dir, second, second);
    const { list } = lister(dir);
    expect(statuses(list())).toEqual({ sim: 'running' });
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"running"', '"resumed"'));
    fs.utimesSync(file, second, second);
    expect(statuses(list())).toEqual({ sim: 'resumed' });
    // Two seconds on, the same second-stamped file is still too young to be trusted.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"resumed"', '"running"'));
    fs.utimesSync(file, second - 2, second - 2);
    expect(statuses(list())).toEqual({ sim: 'running' });
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"running"', '"resumed"'));
    fs.utimesSync(file, second - 2, second - 2);
    expect(statuses(list())).toEqual({ sim: 'resumed' });
  });
});
