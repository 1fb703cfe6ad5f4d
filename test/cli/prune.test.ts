// `runyard prune` as a user runs it: dry runs, confirmation, refusals, the rules on the
// Python-made sample, and two processes pruning the same directory at once.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readJson, sampleRuns } from '../helpers/dirs';
import { cli, locateRuns, runHashes, runIds, stableCli, treeHash } from '../helpers/trash';

const VACCINES = 'd23f0824-128b-4f33-8c5c-7fd0a6a3a450';
const PILOT = '6513270e-269e-4d37-b2a7-4de452e6b438';
const SWEEP_FAILED = '6b0d549b-6f03-475a-9600-a35a099950d8';
const SWEEP_RUNNING = '8d116ece-1738-47d9-bd9c-172411e20b8f';
const OOM = '0fd630f1-f29d-4da9-953f-48f1a09f76b5';
const RETRY = '0cb1e29c-658c-4a14-95e6-0af593bd04cf';

interface PlanJson {
  remove: { run_id: string; bytes: number }[];
  keep: { run_id: string; reason: string; code: string }[];
  bytes_freed: number;
  refused: { run_id: string; reason: string }[];
}

async function plan(dir: string, ...args: string[]): Promise<PlanJson> {
  const r = await cli(['--dir', dir, '--json', 'prune', '--dry-run', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as PlanJson;
}

const ids = (p: PlanJson) => p.remove.map((r) => r.run_id).sort();
const trashed = (dir: string) =>
  fs.existsSync(path.join(dir, '.trash'))
    ? fs
        .readdirSync(path.join(dir, '.trash'))
        .filter((n) => !n.startsWith('.'))
        .sort()
    : [];

describe('looking before removing', () => {
  test('--dry-run --json gives remove with sizes, keep with reasons, bytes_freed, and writes nothing', async () => {
    const dir = sampleRuns();
    const before = treeHash(dir);
    const p = await plan(dir, '--older-than', '60');
    expect(ids(p)).toEqual([PILOT, VACCINES].sort());
    const du = JSON.parse((await cli(['--dir', dir, '--json', 'du', PILOT])).stdout) as { total: number };
    expect(p.remove.find((r) => r.run_id === PILOT)!.bytes).toBe(du.total);
    expect(p.bytes_freed).toBe(p.remove.reduce((s, r) => s + r.bytes, 0));
    expect(p.keep).toHaveLength(10);
    expect(p.keep.every((k) => typeof k.reason === 'string' && k.reason.length > 0)).toBe(true);
    expect(treeHash(dir)).toBe(before);
  });

  test('without --yes off a terminal it refuses and changes nothing; with no rule it is a usage error', async () => {
    const dir = sampleRuns();
    const before = treeHash(dir);
    const r = await cli(['--dir', dir, 'prune', '--older-than', '60']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^runyard: prune would move 2 run\(s\) to the trash; pass --yes/);
    const none = await cli(['--dir', dir, 'prune', '--yes']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/say what to prune/);
    expect(treeHash(dir)).toBe(before);
  });

  test.runIf(fs.existsSync('/usr/bin/script'))('on a terminal it asks, and only "y" goes ahead', () => {
    const dir = sampleRuns();
    // script(1) gives the CLI a pseudo-terminal; the answer arrives on its stdin.
    const ask = (answer: string) =>
      spawnSync(
        'script',
        ['-qec', `${process.execPath} ${stableCli()} --dir ${dir} prune --older-than 60`, '/dev/null'],
        { input: `${answer}\n`, encoding: 'utf8', env: { ...process.env, RUNYARD_CACHE_DIR: 'off' } },
      );
    const no = ask('n');
    expect(no.stdout).toMatch(/Move 2 run\(s\) to .*\.trash\? \[y\/N\]/);
    expect(no.stdout).toContain('cancelled; nothing was changed');
    expect(runIds(dir)).toContain(PILOT);
    ask('y');
    expect(trashed(dir)).toEqual([PILOT, VACCINES].sort());
  });
});

describe('the rules on a real directory', () => {
  test('--status, --exclude-tag and --older-than combine, and a failed parent of a running run stays', async () => {
    const dir = sampleRuns();
    const p = await plan(dir, '--status', 'failed', '--exclude-tag', 'vaccines', '--older-than', '20');
    expect(ids(p)).toEqual([SWEEP_FAILED]);
    const why = new Map(p.keep.map((k) => [k.run_id, k]));
    expect(why.get(VACCINES)).toMatchObject({ code: 'not-selected', reason: 'tagged vaccines, which is excluded' });
    expect(why.get(OOM)).toMatchObject({
      code: 'needed-by-descendant',
      reason: 'needed by descendant 0cb1e29c, which stays',
    });
    expect(why.get(PILOT)!.code).toBe('not-selected');
  });

  test('running runs stay unless --include-stale and their folder has been quiet for a day', async () => {
    const dir = sampleRuns();
    const plain = await plan(dir, '--status', 'running');
    expect(plain.remove).toEqual([]);
    expect(plain.keep.find((k) => k.run_id === SWEEP_RUNNING)!.reason).toMatch(
      /unchanged for \d+ days; --include-stale would take it/,
    );
    fs.appendFileSync(path.join(dir, RETRY, 'logs', 'simulation.log'), 'day 31\n');
    const stale = await plan(dir, '--status', 'running', '--include-stale');
    expect(ids(stale)).toEqual([SWEEP_RUNNING]);
    expect(stale.keep.find((k) => k.run_id === RETRY)!.reason).toMatch(/changed 0 h ago; stale only after 24 h/);
  });

  test('an explicit --run that breaks a rule is refused with the reason, and nothing at all is removed', async () => {
    const dir = sampleRuns();
    const before = runHashes(dir);
    const r = await cli([
      '--dir',
      dir,
      'prune',
      '--run',
      PILOT,
      '--run',
      SWEEP_RUNNING.slice(0, 8),
      '--run',
      OOM,
      '--yes',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refused, nothing was removed');
    expect(r.stderr).toContain(`${SWEEP_RUNNING}: running: a simulation may still be writing it`);
    expect(r.stderr).toContain(`${OOM}: needed by descendant 0cb1e29c`);
    expect(runHashes(dir)).toEqual(before);
    expect(trashed(dir)).toEqual([]);
  });
});

describe('half-written metadata', () => {
  test('a child whose metadata.json is cut off mid-write still protects its parent', async () => {
    const dir = sampleRuns();
    const meta = path.join(dir, RETRY, 'metadata.json');
    fs.writeFileSync(meta, fs.readFileSync(meta, 'utf8').slice(0, 450));
    const r = await cli(['--dir', dir, '--json', 'prune', '--run', OOM, '--run', RETRY, '--dry-run']);
    expect(r.code).toBe(1);
    const p = JSON.parse(r.stdout) as PlanJson;
    expect(p.refused).toEqual([
      { run_id: OOM, code: 'needed-by-descendant', reason: 'needed by descendant 0cb1e29c, which stays' },
      {
        run_id: RETRY,
        code: 'unreadable',
        reason: 'its metadata.json cannot be read (possibly being written), so its status is unknown',
      },
    ]);
  });
});

describe('two processes at once', () => {
  test('two prunes of the same directory take turns: each run is removed once and the index stays right', async () => {
    const dir = sampleRuns();
    const expected = ids(await plan(dir, '--keep', '4'));
    expect(expected.length).toBeGreaterThan(3);
    const original = runHashes(dir);
    const [a, b] = await Promise.all([
      cli(['--dir', dir, 'prune', '--keep', '4', '--yes']),
      cli(['--dir', dir, 'prune', '--keep', '4', '--yes']),
    ]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    expect(trashed(dir)).toEqual(expected);
    for (const [id, hash] of original) {
      const spots = locateRuns(dir).get(id) ?? [];
      expect(spots).toHaveLength(1);
      expect(spots[0]!.hash).toBe(hash);
    }
    const index = readJson(path.join(dir, '.run_index.json')) as { runs: { run_id: string }[] };
    expect(index.runs.map((e) => e.run_id).sort()).toEqual(runIds(dir));
    const check = JSON.parse((await cli(['--dir', dir, '--json', 'index', 'check'])).stdout) as {
      missing: string[];
      stale: string[];
    };
    expect(check).toMatchObject({ missing: [], stale: [] });
  });
});
