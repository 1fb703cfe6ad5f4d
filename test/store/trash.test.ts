// The trash on the Python-made sample: moving by rename, the record, restore round
// trips, `current`, links that point out of a run, the index. What users see goes
// through the real CLI; setting the scene goes through the store, which is quicker.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { UsageMeter } from '../../electron/store/usage-meter';
import { checkIndex } from '../../electron/store/index-maintenance';
import { executePrune, makePrunePlan } from '../../electron/store/prune';
import { RunsDir } from '../../electron/store/runs-dir';
import { restoreFromTrash } from '../../electron/store/trash-ops';
import { readJson, sampleRuns, tempDir } from '../helpers/dirs';
import { describeWithReference, py } from '../helpers/reference';
import { cli, runIds, treeHash } from '../helpers/trash';

const PILOT = '6513270e-269e-4d37-b2a7-4de452e6b438';
const UNICODE = '6b4cb242-4a23-4596-a217-beaddbc496cb';
const BASELINE = '9531985d-5d9d-49f8-9818-e811892f902b';
const LONG = 'a170b338-3926-4059-b28c-105d1fb17c23';
const RETRY = '0cb1e29c-658c-4a14-95e6-0af593bd04cf';

interface IndexFile {
  runs: { run_id: string }[];
  latest: string | null;
}
const index = (dir: string) => readJson(path.join(dir, '.run_index.json')) as IndexFile;

/** `runyard prune --run ID... --yes`, in-process. */
async function trashRuns(dir: string, ...runs: string[]): Promise<void> {
  const store = new RunsDir(dir);
  const usage = new UsageMeter(dir);
  const plan = await makePrunePlan(store, { runs }, usage);
  expect(plan.refused).toEqual([]);
  await executePrune(store, plan, { runs }, usage);
}

async function ok(dir: string, ...args: string[]) {
  const r = await cli(['--dir', dir, ...args]);
  if (r.code !== 0) throw new Error(`runyard ${args.join(' ')} exited ${r.code ?? r.signal}: ${r.stderr}`);
  return r;
}

describe('prune and restore', () => {
  test('a run moves to .trash/<entry>/<run_id> by rename with a record, and comes back byte-identical', async () => {
    const dir = sampleRuns();
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'shared.csv'), 'a,b\n');
    fs.symlinkSync(path.join(outside, 'shared.csv'), path.join(dir, PILOT, 'results', 'shared.csv'));
    fs.chmodSync(path.join(dir, PILOT, 'results', 'summary.csv'), 0o640);
    const before = treeHash(path.join(dir, PILOT));
    const inode = fs.statSync(path.join(dir, PILOT)).ino;
    const entryBefore = index(dir).runs.find((e) => e.run_id === PILOT);

    await ok(dir, 'prune', '--run', PILOT.slice(0, 8), '--yes');
    const payload = path.join(dir, '.trash', PILOT, PILOT);
    expect(fs.existsSync(path.join(dir, PILOT))).toBe(false);
    expect(fs.statSync(payload).ino).toBe(inode); // renamed, not copied
    const record = readJson(path.join(dir, '.trash', PILOT, '.record.json')) as Record<string, unknown>;
    expect(record).toMatchObject({
      kind: 'run',
      run_id: PILOT,
      policy: { command: 'prune', run: [PILOT] },
      index_entry: entryBefore,
      paths: [PILOT],
    });
    expect(Date.now() - Date.parse(record.trashed_at as string)).toBeLessThan(60_000);
    expect(record.trashed_by).toMatch(/@/);
    expect(index(dir).runs.map((e) => e.run_id)).not.toContain(PILOT);
    const listed = JSON.parse((await ok(dir, '--json', 'trash', 'list')).stdout) as {
      entry: string;
      complete: boolean;
    }[];
    expect(listed).toEqual([expect.objectContaining({ entry: PILOT, complete: true })]);

    const restored = await ok(dir, 'trash', 'restore', PILOT.slice(0, 8));
    expect(restored.stdout).toContain(`Restored run ${PILOT}`);
    expect(treeHash(path.join(dir, PILOT))).toBe(before);
    expect(fs.statSync(path.join(dir, PILOT)).ino).toBe(inode);
    expect(fs.readlinkSync(path.join(dir, PILOT, 'results', 'shared.csv'))).toBe(path.join(outside, 'shared.csv'));
    expect(index(dir).runs.find((e) => e.run_id === PILOT)).toEqual(entryBefore);
    expect(fs.readdirSync(path.join(dir, '.trash'))).toEqual([]);
  });

  test('restoring onto an id that exists again is refused and changes nothing', async () => {
    const dir = sampleRuns();
    await trashRuns(dir, PILOT);
    await new RunsDir(dir).createRun({ runId: PILOT, description: 'a new run with the old id' });
    const r = await cli(['--dir', dir, 'trash', 'restore', PILOT]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot restore .*exists again.*nothing was changed/);
    expect(fs.existsSync(path.join(dir, '.trash', PILOT, PILOT, 'metadata.json'))).toBe(true);
    expect((readJson(path.join(dir, PILOT, 'metadata.json')) as { description: string }).description).toBe(
      'a new run with the old id',
    );
  });

  test("`current` and the index's latest move to the newest remaining run, and back on restore", async () => {
    const dir = sampleRuns();
    expect(fs.readlinkSync(path.join(dir, 'current'))).toBe(UNICODE);
    await trashRuns(dir, UNICODE);
    const newest = new RunsDir(dir).list({ limit: 1 })[0]!.run_id;
    expect(fs.readlinkSync(path.join(dir, 'current'))).toBe(newest);
    expect(index(dir).latest).toBe(newest);
    await restoreFromTrash(new RunsDir(dir), UNICODE);
    expect(fs.readlinkSync(path.join(dir, 'current'))).toBe(UNICODE);
  });

  test('the same run trashed twice gets a second entry; a bare run id is then ambiguous', async () => {
    const dir = sampleRuns();
    const saved = treeHash(path.join(dir, PILOT));
    await trashRuns(dir, PILOT);
    fs.cpSync(path.join(dir, '.trash', PILOT, PILOT), path.join(dir, PILOT), {
      recursive: true,
      verbatimSymlinks: true,
    });
    await trashRuns(dir, PILOT);
    expect(fs.existsSync(path.join(dir, '.trash', `${PILOT}~2`, PILOT, 'metadata.json'))).toBe(true);
    const r = await cli(['--dir', dir, 'trash', 'restore', PILOT]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`matches 2 trash entries (${PILOT}, ${PILOT}~2); name one`);
    await restoreFromTrash(new RunsDir(dir), `${PILOT}~2`);
    expect(treeHash(path.join(dir, PILOT))).toBe(saved);
  });
});

describe('deleting for good', () => {
  test('trash empty never follows a link out of a run: links go, their targets stay', async () => {
    const dir = sampleRuns();
    const outside = tempDir();
    fs.mkdirSync(path.join(outside, 'world'));
    fs.writeFileSync(path.join(outside, 'world', 'world_NE.hdf5'), Buffer.alloc(4096, 1));
    fs.writeFileSync(path.join(outside, 'precious.txt'), 'do not delete');
    fs.symlinkSync(path.join(outside, 'world'), path.join(dir, PILOT, 'results', 'world'));
    fs.symlinkSync(path.join(outside, 'precious.txt'), path.join(dir, PILOT, 'results', 'precious.txt'));
    fs.symlinkSync('../../..', path.join(dir, PILOT, 'logs', 'up'));
    const du = JSON.parse((await ok(dir, '--json', 'du', PILOT)).stdout) as { results: number };
    expect(du.results).toBe(
      fs.statSync(path.join(dir, PILOT, 'results', 'june_record.h5')).size +
        fs.statSync(path.join(dir, PILOT, 'results', 'summary.csv')).size,
    );

    await ok(dir, 'prune', '--run', PILOT, '--yes');
    const r = await ok(dir, 'trash', 'empty', '--yes');
    expect(r.stdout).toMatch(/Deleted 1 entry for good/);
    expect(fs.existsSync(path.join(dir, '.trash', PILOT))).toBe(false);
    expect(fs.readFileSync(path.join(outside, 'precious.txt'), 'utf8')).toBe('do not delete');
    expect(fs.statSync(path.join(outside, 'world', 'world_NE.hdf5')).size).toBe(4096);
    expect(fs.existsSync(path.join(dir, BASELINE, 'metadata.json'))).toBe(true);
  });

  test('--older-than empties only entries trashed that long ago; without --yes off a terminal it refuses', async () => {
    const dir = sampleRuns();
    await trashRuns(dir, PILOT, BASELINE);
    const rec = path.join(dir, '.trash', PILOT, '.record.json');
    fs.writeFileSync(rec, JSON.stringify({ ...(readJson(rec) as object), trashed_at: '2026-01-01T00:00:00.000000Z' }));
    const refused = await cli(['--dir', dir, 'trash', 'empty']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/pass --yes/);
    expect(fs.readdirSync(path.join(dir, '.trash')).sort()).toEqual([BASELINE, PILOT].sort());
    await ok(dir, 'trash', 'empty', '--older-than', '30', '--yes');
    expect(fs.readdirSync(path.join(dir, '.trash'))).toEqual([BASELINE]);
  });

  test('a .trash that is a link is refused rather than followed', async () => {
    const dir = sampleRuns();
    const elsewhere = tempDir();
    fs.symlinkSync(elsewhere, path.join(dir, '.trash'));
    const r = await cli(['--dir', dir, 'prune', '--run', PILOT, '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\.trash is not a folder \(a symlink\)/);
    expect(fs.existsSync(path.join(dir, PILOT, 'metadata.json'))).toBe(true);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });
});

describe('the index', () => {
  test('index repair clears entries of runs that are in the trash', async () => {
    const dir = sampleRuns();
    const stale = fs.readFileSync(path.join(dir, '.run_index.json'), 'utf8');
    await trashRuns(dir, PILOT);
    // The Python module rewrites the index from its own stale copy.
    fs.writeFileSync(path.join(dir, '.run_index.json'), stale);
    expect(checkIndex(new RunsDir(dir)).stale).toEqual([PILOT]);
    await ok(dir, 'index', 'repair');
    expect(index(dir).runs.map((e) => e.run_id)).not.toContain(PILOT);
    expect(fs.existsSync(path.join(dir, '.trash', PILOT, PILOT, 'metadata.json'))).toBe(true);
  });
});

describe('bad input', () => {
  test('a journal that cannot be settled stops writers with one line naming it, and changes nothing', async () => {
    const dir = sampleRuns();
    fs.mkdirSync(path.join(dir, '.trash'));
    const journal = path.join(dir, '.trash', '.journal.json');
    fs.writeFileSync(
      journal,
      JSON.stringify({
        op: 'trash-runs',
        pid: 1,
        started_at: 'x',
        items: [{ entry: '../escape', run_id: PILOT, paths: [PILOT] }],
      }),
    );
    const before = treeHash(dir);
    const r = await cli(['--dir', dir, 'status', PILOT, 'failed']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `runyard: cannot finish the interrupted operation recorded in ${journal}: invalid trash entry "../escape"; the journal was kept (fix the cause and try again; moving the journal aside leaves the trash as it is)\n`,
    );
    expect(treeHash(dir)).toBe(before);
  });
});

describe('checkpoint retention', () => {
  test("keep-last moves a checkpoint's per-rank files to the trash, rewrites the list, and restore undoes both", async () => {
    const dir = sampleRuns();
    const metaFile = path.join(dir, BASELINE, 'metadata.json');
    const metaBefore = readJson(metaFile);
    const r = JSON.parse(
      (await ok(dir, '--json', 'checkpoints', 'prune', BASELINE, '--keep-last', '1', '--yes')).stdout,
    ) as { trashed: string; remove: { name: string; files: { path: string }[] }[] };
    expect(r.remove.map((x) => x.name)).toEqual(['checkpoint_2020-04-01']);
    expect(r.remove[0]!.files).toHaveLength(4);
    expect(fs.readdirSync(path.join(dir, BASELINE, 'checkpoints')).sort()).toEqual(
      [0, 1, 2, 3].map((k) => `checkpoint_2020-04-15.${k}.hdf5`),
    );
    expect(fs.readdirSync(path.join(dir, '.trash', r.trashed, BASELINE, 'checkpoints'))).toHaveLength(4);
    expect((readJson(metaFile) as { checkpoints: { name: string }[] }).checkpoints.map((c) => c.name)).toEqual([
      'checkpoint_2020-04-15',
    ]);
    await ok(dir, 'trash', 'restore', r.trashed);
    expect(readJson(metaFile)).toEqual(metaBefore);
    expect(fs.readdirSync(path.join(dir, BASELINE, 'checkpoints'))).toHaveLength(8);
  });

  test('a checkpoint that children resumed from stays; a running run is refused', async () => {
    const dir = sampleRuns();
    const plan = JSON.parse(
      (await ok(dir, '--json', 'checkpoints', 'prune', LONG, '--keep-last', '0', '--dry-run')).stdout,
    ) as { remove: { name: string }[]; keep: { name: string; code: string }[] };
    expect(plan.remove.map((x) => x.name)).toEqual(['checkpoint_2020-04-01']);
    expect(plan.keep).toEqual([expect.objectContaining({ name: 'checkpoint_2020-05-01', code: 'resumed-from' })]);
    const r = await cli(['--dir', dir, 'checkpoints', 'prune', RETRY, '--keep-last', '0', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is running/);
  });
});

describeWithReference('the reference module still reads the directory', () => {
  test('after prune, checkpoint prune, restore and empty', async () => {
    const dir = sampleRuns();
    const check = () =>
      py(
        dir,
        [
          'ids = [r["run_id"] for r in rm.list_runs()]',
          'import os',
          'out = {"listed": sorted(ids), "loaded": all(RunManager(rm.base_runs_dir).load_run(i) for i in ids), "latest": rm.get_latest_run()}',
        ].join('\n'),
      ) as { listed: string[]; loaded: boolean; latest: string };
    const folders = () => runIds(dir);
    await ok(dir, 'prune', '--older-than', '60', '--yes');
    await ok(dir, 'checkpoints', 'prune', BASELINE, '--keep-last', '1', '--yes');
    let seen = check();
    expect(seen.listed).toEqual(folders());
    expect(seen.listed).not.toContain(PILOT);
    expect(seen.loaded).toBe(true);
    expect(folders()).toContain(seen.latest);
    await ok(dir, 'trash', 'restore', PILOT);
    seen = check();
    expect(seen.listed).toEqual(folders());
    expect(seen.listed).toContain(PILOT);
    await ok(dir, 'trash', 'empty', '--yes');
    seen = check();
    expect(seen.listed).toEqual(folders());
    expect(seen.loaded).toBe(true);
    expect(
      py(dir, `out = rm.load_run(${JSON.stringify(BASELINE)}) and [c["name"] for c in rm.metadata["checkpoints"]]`),
    ).toEqual(['checkpoint_2020-04-15']);
  });
});
