// kill -9 at every step of prune, restore, empty and checkpoint prune: each run stays
// whole (in place or in the trash), and the next command that writes finishes or
// rolls back the interrupted step and leaves the index right. RUNYARD_TEST_CRASH_AFTER=k
// makes the CLI SIGKILL itself at its k-th step; k runs up until the CLI finishes.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkIndex } from '../../electron/store/index-maintenance';
import { recoverPending } from '../../electron/store/journal-recovery';
import { RunsDir } from '../../electron/store/runs-dir';
import { FIXTURE_TGZ } from '../helpers/dirs';
import { hasReference, py } from '../helpers/reference';
import { cli, copyDir, locateRuns, runHashes, runIds, stableCli, treeHash, type Exit } from '../helpers/trash';

const PILOT = '6513270e-269e-4d37-b2a7-4de452e6b438';
const VACCINES = 'd23f0824-128b-4f33-8c5c-7fd0a6a3a450';
const BASELINE = '9531985d-5d9d-49f8-9818-e811892f902b';
const UNICODE = '6b4cb242-4a23-4596-a217-beaddbc496cb';

let root: string;
let sample: string;
let original: Map<string, string>;
/** Every directory a crash was recovered in, for one batched check with the reference module. */
const recovered: string[] = [];

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'runyard-crash-'));
  execFileSync('tar', ['xzf', FIXTURE_TGZ, '-C', root]);
  sample = path.join(root, 'sample-runs');
  original = runHashes(sample);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function prepared(name: string, ...commands: string[][]): Promise<string> {
  const dir = copyDir(sample, root, name);
  for (const args of commands) {
    const r = await cli(['--dir', dir, ...args]);
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  }
  return dir;
}

/** Plain writers from other command groups: they recover through the store, not through a prune hook. */
const WRITERS = (k: number) => [
  ['create', '--id', `probe-${k}`],
  ['index', 'repair'],
];

/**
 * Runs `args` on a fresh copy of `base` for k = 1, 2, ... (three at a time) until the
 * CLI finishes without being killed; `atCrash` and `afterRecovery` check each copy.
 * Copies 3 and 6 recover through the next CLI command that writes (one of each of
 * `writers`), the others in-process through recoverPending().
 */
async function crashAtEveryStep(
  name: string,
  base: string,
  args: string[],
  checks: {
    atCrash: (dir: string, k: number) => void;
    afterRecovery: (dir: string, k: number, by: string) => void;
  },
  writers = WRITERS,
): Promise<number> {
  let finishedAt = 0;
  for (let k = 1; !finishedAt; k += 3) {
    const batch = [k, k + 1, k + 2];
    const runs = await Promise.all(
      batch.map(async (i) => {
        const dir = copyDir(base, root, `${name}-${i}`);
        return { i, dir, exit: await cli(['--dir', dir, ...args], { RUNYARD_TEST_CRASH_AFTER: String(i) }) };
      }),
    );
    for (const { i, dir, exit } of runs) {
      if (exit.signal !== 'SIGKILL') {
        expect(exit.code, exit.stderr).toBe(0);
        finishedAt ||= i;
        continue;
      }
      checks.atCrash(dir, i);
      // No backdating of the lock: the killed CLI named itself its owner, so the next command takes it over at once.
      let how: string;
      if (i === 3 || i === 6) {
        const writer = writers(i)[i / 3 - 1]!;
        const r = await cli(['--dir', dir, ...writer]);
        expectClean(r);
        how = writer.join(' ');
      } else how = `in-process: ${(await recoverPending(new RunsDir(dir))).join('; ')}`;
      const journal = path.join(dir, '.trash', '.journal.json');
      expect(
        fs.existsSync(journal),
        `journal left in ${dir} after ${how}: ${fs.existsSync(journal) ? fs.readFileSync(journal, 'utf8').slice(0, 300) : ''}`,
      ).toBe(false);
      expect(fs.readdirSync(path.join(dir, '.trash')).filter((n) => n === '.deleting')).toEqual([]);
      checks.afterRecovery(dir, i, how);
      recovered.push(dir);
    }
  }
  return finishedAt;
}

function expectClean(r: Exit): void {
  expect(r.code, r.stderr).toBe(0);
}

/** Every run of the sample is whole, exactly once, in place or in a trash entry (or being deleted, when allowed). */
function everyRunWhole(dir: string, allowDeleting: string[] = []): Map<string, string> {
  const where = locateRuns(dir);
  const out = new Map<string, string>();
  for (const [id, hash] of original) {
    const spots = (where.get(id) ?? []).filter((s) => s.where !== 'deleting');
    // Once committed to deletion a run may be partly or wholly deleted; the rest never.
    if (!spots.length && allowDeleting.includes(id)) continue;
    expect(
      spots.map((s) => s.where),
      `${id} in ${dir}`,
    ).toHaveLength(1);
    expect(spots[0]!.hash, `${id} changed`).toBe(hash);
    out.set(id, spots[0]!.where);
  }
  return out;
}

function indexAgrees(dir: string): void {
  const c = checkIndex(new RunsDir(dir));
  expect({ missing: c.missing, stale: c.stale, readable: c.readable }).toEqual({
    missing: [],
    stale: [],
    readable: true,
  });
  const current = fs.readlinkSync(path.join(dir, 'current'));
  expect(runIds(dir)).toContain(current);
}

function entriesComplete(dir: string): void {
  for (const entry of fs.readdirSync(path.join(dir, '.trash')).filter((n) => !n.startsWith('.'))) {
    const rec = JSON.parse(fs.readFileSync(path.join(dir, '.trash', entry, '.record.json'), 'utf8')) as {
      paths: string[];
    };
    for (const p of rec.paths) expect(fs.existsSync(path.join(dir, '.trash', entry, p)), `${entry}/${p}`).toBe(true);
  }
}

describe('kill -9 at every step', () => {
  test('prune: runs are whole at every crash, and the next writer finishes the bookkeeping', async () => {
    const planned = [PILOT, VACCINES, BASELINE];
    let warned = false;
    const steps = await crashAtEveryStep(
      'prune',
      sample,
      ['prune', ...planned.flatMap((id) => ['--run', id]), '--yes'],
      {
        atCrash: (dir) => {
          const where = everyRunWhole(dir);
          for (const [id, spot] of where) if (spot !== 'place') expect(planned).toContain(id);
          if (!warned && fs.existsSync(path.join(dir, '.trash', '.journal.json'))) {
            // Reading never writes, even with an interrupted operation pending; it warns.
            const before = treeHash(dir);
            const list = spawnSync(process.execPath, [stableCli(), '--dir', dir, 'list'], { encoding: 'utf8' });
            expect(list.stdout).toContain('STATUS');
            const trash = spawnSync(process.execPath, [stableCli(), '--dir', dir, 'trash', 'list'], {
              encoding: 'utf8',
            });
            expect(trash.stderr).toMatch(/warning: an interrupted prune .* is pending/);
            expect(treeHash(dir)).toBe(before);
            warned = true;
          }
        },
        afterRecovery: (dir) => {
          everyRunWhole(dir);
          indexAgrees(dir);
          entriesComplete(dir);
        },
      },
    );
    expect(warned).toBe(true);
    // journal, then record + rename per run, then the index and `current`: every one was a crash point.
    expect(steps).toBe(2 * planned.length + 3 + 1);
  });

  test('restore: the run is in place or in the trash, never both or neither', async () => {
    const base = await prepared('restore-base', ['prune', '--run', UNICODE, '--run', PILOT, '--yes']);
    await crashAtEveryStep('restore', base, ['trash', 'restore', UNICODE], {
      atCrash: (dir) => void everyRunWhole(dir),
      afterRecovery: (dir, _k, by) => {
        const where = everyRunWhole(dir);
        indexAgrees(dir);
        entriesComplete(dir);
        expect(where.get(PILOT)).toBe(PILOT);
        // A restore that had started is always finished; `current` follows the newest run.
        if (where.get(UNICODE) === 'place' && !by.startsWith('create'))
          expect(fs.readlinkSync(path.join(dir, 'current'))).toBe(UNICODE);
      },
    });
  });

  test('empty: an entry is whole in the trash until it is committed to deletion, and then it goes completely', async () => {
    const trashed = [PILOT, VACCINES, BASELINE];
    const base = await prepared('empty-base', ['prune', ...trashed.flatMap((id) => ['--run', id]), '--yes']);
    await crashAtEveryStep(
      'empty',
      base,
      ['trash', 'empty', '--yes'],
      {
        atCrash: (dir) => void everyRunWhole(dir, trashed),
        afterRecovery: (dir) => {
          const where = locateRuns(dir);
          for (const id of trashed) for (const s of where.get(id) ?? []) expect(s.hash).toBe(original.get(id));
          for (const id of runIds(dir)) expect(treeHash(path.join(dir, id))).toBe(original.get(id));
          expect(fs.existsSync(path.join(dir, '.trash', '.deleting'))).toBe(false);
          entriesComplete(dir);
          indexAgrees(dir);
        },
      },
      () => [
        ['index', 'repair'],
        ['trash', 'empty', '--older-than', '36500', '--yes'],
      ],
    );
  });

  test('checkpoint prune: every rank file exists once; afterwards a checkpoint is wholly in place or wholly in the trash', async () => {
    const files = (dir: string) => {
      const out: string[] = [];
      const walk = (p: string) =>
        fs
          .readdirSync(p, { withFileTypes: true })
          .forEach((d) =>
            d.isDirectory() ? walk(path.join(p, d.name)) : d.name.endsWith('.hdf5') && out.push(d.name),
          );
      walk(path.join(dir, BASELINE, 'checkpoints'));
      if (fs.existsSync(path.join(dir, '.trash'))) walk(path.join(dir, '.trash'));
      return out.sort();
    };
    const all = files(sample);
    const names = (dir: string) =>
      (
        JSON.parse(fs.readFileSync(path.join(dir, BASELINE, 'metadata.json'), 'utf8')) as {
          checkpoints: { name: string }[];
        }
      ).checkpoints.map((c) => c.name);
    await crashAtEveryStep('ckpt', sample, ['checkpoints', 'prune', BASELINE, '--keep-last', '1', '--yes'], {
      atCrash: (dir) => expect(files(dir)).toEqual(all),
      afterRecovery: (dir) => {
        expect(files(dir)).toEqual(all);
        const inPlace = fs
          .readdirSync(path.join(dir, BASELINE, 'checkpoints'))
          .filter((f) => f.startsWith('checkpoint_2020-04-01'));
        if (names(dir).length === 2) expect(inPlace).toHaveLength(4);
        else {
          expect(names(dir)).toEqual(['checkpoint_2020-04-15']);
          expect(inPlace).toHaveLength(0);
          entriesComplete(dir);
        }
      },
    });
  });

  test('a lock left by a killed Runyard holds up the next command for moments, not 15 s, and leaves nothing behind', async () => {
    const dir = copyDir(sample, root, 'dead-lock');
    const killed = await cli(['--dir', dir, 'prune', '--run', PILOT, '--yes'], { RUNYARD_TEST_CRASH_AFTER: '1' });
    expect(killed.signal).toBe('SIGKILL');
    const lock = path.join(dir, '.run_index.json.lock');
    expect(fs.existsSync(lock)).toBe(true);
    const owner = JSON.parse(fs.readFileSync(`${lock}.owner`, 'utf8')) as { pid: number; host: string };
    expect(owner.host).toBe(os.hostname());
    const t0 = performance.now();
    const next = await cli(['--dir', dir, 'create', '--id', 'after-the-crash']);
    const waited = performance.now() - t0;
    expectClean(next);
    // proper-lockfile alone would wait until the lock is 15 s old.
    expect(waited).toBeLessThan(10_000);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('.run_index.json.lock'))).toEqual([]);
    expect(runIds(dir)).toContain('after-the-crash');
    everyRunWhole(dir);
    recovered.push(dir);
  });

  test.runIf(hasReference)('the reference module reads every recovered directory', () => {
    expect(recovered.length).toBeGreaterThan(20);
    const result = py(
      sample,
      [
        'import os',
        `dirs = ${JSON.stringify(recovered)}`,
        'bad = []',
        'for d in dirs:',
        '    m = RunManager(d)',
        '    ids = [r["run_id"] for r in m.list_runs()]',
        '    folders = sorted(n for n in os.listdir(d) if not n.startswith(".") and n != "current" and os.path.isfile(os.path.join(d, n, "metadata.json")))',
        '    if sorted(ids) != folders or not all(RunManager(d).load_run(i) for i in ids):',
        '        bad.append(d)',
        'out = bad',
      ].join('\n'),
    );
    expect(result).toEqual([]);
  });
});
