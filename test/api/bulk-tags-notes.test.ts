// Bulk tag edits and run notes through the in-process backend on real folders: per-run
// results, the running-run safety, the undo, notes written atomically beside the run,
// found by the table's search (the live index's note excerpt), refused on read-only, and
// a folder the Python module still reads after all of it.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/dirs';
import { eventsNamed, inProcess } from '../helpers/api';
import { until } from '../helpers/poll';
import { makeRun } from '../helpers/live-runs';
import { describeWithReference, py } from '../helpers/reference';
import { RunsDir } from '../../electron/store/runs-dir';
import { editTags } from '../../electron/ops/bulk-edit';
import { getNote, setNote } from '../../electron/ops/notes';

const tagsOf = (dir: string, id: string) =>
  (JSON.parse(fs.readFileSync(path.join(dir, id, 'metadata.json'), 'utf8')) as { tags: string[] }).tags;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

function folder(): string {
  const dir = tempDir('runyard-bulk-');
  makeRun(dir, 'run-a');
  makeRun(dir, 'run-b', 'failed');
  makeRun(dir, 'run-c', 'running');
  return dir;
}

async function opened(dir: string, readOnly = false) {
  const api = inProcess({ readOnly });
  closers.push(() => api.backend.close());
  expect((await api.call('dir.open', { dir })).ok).toBe(true);
  return api;
}

describe('runs.editTags', () => {
  it('adds and removes on several runs, skips the running one by default, and says why', async () => {
    const dir = folder();
    const api = await opened(dir);
    const r = await api.call('runs.editTags', {
      run_ids: ['run-a', 'run-b', 'run-c', 'no-such-run'],
      add: ['sweep', 'keep'],
      remove: ['test'],
      operation: 'op1',
    });
    expect(r.ok).toBe(true);
    const by = Object.fromEntries((r as any).value.map((x: any) => [x.run_id, x]));
    expect(by['run-a']).toMatchObject({ outcome: 'done', before: ['test'], after: ['sweep', 'keep'] });
    expect(by['run-b'].outcome).toBe('done');
    expect(by['run-c']).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('says running') });
    expect(by['no-such-run']).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('no run') });
    expect(tagsOf(dir, 'run-a')).toEqual(['sweep', 'keep']);
    expect(tagsOf(dir, 'run-c')).toEqual(['test']);
    // The index follows, and no temporary file is left beside any metadata.json.
    const index = JSON.parse(fs.readFileSync(path.join(dir, '.run_index.json'), 'utf8'));
    expect(index.runs.find((e: any) => e.run_id === 'run-b').tags).toEqual(['sweep', 'keep']);
    for (const id of ['run-a', 'run-b'])
      expect(fs.readdirSync(path.join(dir, id)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const progress = eventsNamed(api.events, 'runs.editProgress') as any[];
    expect(progress.at(-1)).toEqual({ operation: 'op1', done: 4, total: 4 });
    // The live table shows the new tags.
    await until('the tags in the live index', () =>
      api.backend
        .requireDir()
        .runs()
        .find((x) => x.run_id === 'run-a')
        ?.tags.includes('sweep'),
    );

    const forced = await api.call('runs.editTags', { run_ids: ['run-c'], add: ['keep'], includeRunning: true });
    expect((forced as any).value[0].outcome).toBe('done');
    expect(tagsOf(dir, 'run-c')).toEqual(['test', 'keep']);
  });

  it("undo puts back each run's own tags, but not over a change made since", async () => {
    const dir = folder();
    const api = await opened(dir);
    await api.call('run.edit', { run_id: 'run-b', tags: ['beta', 'test'] });
    const r = (await api.call('runs.editTags', { run_ids: ['run-a', 'run-b'], add: ['keep'] })) as any;
    const done = r.value.filter((x: any) => x.outcome === 'done');
    expect(done).toHaveLength(2);
    // Someone else changes run-b's tags before the undo.
    await api.call('run.edit', { run_id: 'run-b', tags: ['other'] });
    const u = (await api.call('runs.restoreTags', {
      runs: done.map((x: any) => ({ run_id: x.run_id, tags: x.before, expect: x.after })),
    })) as any;
    expect(u.value.find((x: any) => x.run_id === 'run-a').outcome).toBe('done');
    expect(u.value.find((x: any) => x.run_id === 'run-b')).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringContaining('changed since'),
    });
    expect(tagsOf(dir, 'run-a')).toEqual(['test']);
    expect(tagsOf(dir, 'run-b')).toEqual(['other']);
  });

  it('refuses nonsense before touching anything', async () => {
    const dir = folder();
    const store = new RunsDir(dir);
    await expect(editTags(store, ['run-a'], { add: ['x'], remove: ['x'] })).rejects.toThrow(/both added and removed/);
    await expect(editTags(store, ['run-a'], {})).rejects.toThrow(/nothing to change/);
    expect(tagsOf(dir, 'run-a')).toEqual(['test']);
  });

  it('500 runs: one call, every run tagged, progress in batches', async () => {
    const dir = tempDir('runyard-bulk-many-');
    const ids = Array.from({ length: 500 }, (_, i) => `r${String(i).padStart(4, '0')}`);
    for (const id of ids) makeRun(dir, id);
    const seen: number[] = [];
    const t0 = performance.now();
    const r = await editTags(new RunsDir(dir), ids, { add: ['sweep'] }, { onProgress: (done) => seen.push(done) });
    const ms = performance.now() - t0;
    expect(r.every((x) => x.outcome === 'done')).toBe(true);
    expect(seen).toEqual([0, 200, 400, 500]);
    expect(ids.every((id) => tagsOf(dir, id).includes('sweep'))).toBe(true);
    console.log(`[bulk figures] 500 runs tagged in ${ms.toFixed(0)} ms`);
  });
});

describe('notes', () => {
  it('notes.set writes RUN/notes.md atomically; notes.get reads it; the table search finds it', async () => {
    const dir = folder();
    const api = await opened(dir);
    expect(await api.call('notes.get', { run_id: 'run-a' })).toEqual({
      ok: true,
      value: { run_id: 'run-a', text: '', version: null, modified_ms: null },
    });
    const set = (await api.call('notes.set', {
      run_id: 'run-a',
      text: 'Household β too high — rerun with 0.3\n',
      expect: null,
    })) as any;
    expect(set.ok).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'run-a', 'notes.md'), 'utf8')).toBe(
      'Household β too high — rerun with 0.3\n',
    );
    const got = (await api.call('notes.get', { run_id: 'run-a' })) as any;
    expect(got.value).toMatchObject({ text: 'Household β too high — rerun with 0.3\n', version: set.value.version });
    await until('the note in the live index', () =>
      api.backend
        .requireDir()
        .runs()
        .find((x) => x.run_id === 'run-a')
        ?.note?.includes('rerun with 0.3'),
    );
    // A stale version is refused, the newer text stays.
    fs.writeFileSync(path.join(dir, 'run-a', 'notes.md'), 'edited in vim\n');
    const stale = (await api.call('notes.set', { run_id: 'run-a', text: 'mine', expect: set.value.version })) as any;
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(fs.readFileSync(path.join(dir, 'run-a', 'notes.md'), 'utf8')).toBe('edited in vim\n');
    expect(fs.readdirSync(path.join(dir, 'run-a')).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('too large, not UTF-8, a link out of the folder: refused, nothing replaced', async () => {
    const dir = folder();
    const store = new RunsDir(dir);
    await expect(setNote(store, 'run-a', 'x'.repeat(256 * 1024 + 1))).rejects.toThrow(/at most 262144/);
    fs.writeFileSync(path.join(dir, 'run-b', 'notes.md'), Buffer.from([0x61, 0xff, 0x62]));
    expect(() => getNote(store, 'run-b')).toThrow(/not valid UTF-8/);
    await expect(setNote(store, 'run-b', 'new')).rejects.toThrow(/not valid UTF-8/);
    expect(fs.readFileSync(path.join(dir, 'run-b', 'notes.md'))).toEqual(Buffer.from([0x61, 0xff, 0x62]));
    const outside = tempDir('runyard-outside-');
    fs.writeFileSync(path.join(outside, 'secret.md'), 'SECRET');
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(dir, 'run-c', 'notes.md'));
    expect(() => getNote(store, 'run-c')).toThrow(/leads out of the runs folder/);
    await expect(setNote(store, 'run-c', 'new')).rejects.toThrow(/leads out/);
    expect(fs.readFileSync(path.join(outside, 'secret.md'), 'utf8')).toBe('SECRET');
  });

  it('a read-only serve refuses notes.set and runs.editTags but reads notes', async () => {
    const dir = folder();
    fs.writeFileSync(path.join(dir, 'run-a', 'notes.md'), 'hello');
    const api = await opened(dir, true);
    expect(((await api.call('notes.get', { run_id: 'run-a' })) as any).value.text).toBe('hello');
    expect(await api.call('notes.set', { run_id: 'run-a', text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'read-only' },
    });
    expect(await api.call('runs.editTags', { run_ids: ['run-a'], add: ['x'] })).toMatchObject({
      ok: false,
      error: { code: 'read-only' },
    });
    expect(fs.readFileSync(path.join(dir, 'run-a', 'notes.md'), 'utf8')).toBe('hello');
    expect(tagsOf(dir, 'run-a')).toEqual(['test']);
  });
});

describeWithReference('the Python module and a folder with notes and bulk tags', () => {
  it('loads, lists and updates runs that carry notes.md after a bulk tag', async () => {
    const dir = path.join(tempDir('runyard-bulk-py-'), 'runs');
    const ids = py(dir, 'out = [rm.create_run(description=f"r{i}", tags=["sweep"]) for i in range(3)]') as string[];
    const store = new RunsDir(dir);
    for (const id of ids) await setNote(store, id, `note for ${id}`);
    await editTags(store, ids, { add: ['keep'], remove: ['sweep'] }, { includeRunning: true });
    const out = py(
      dir,
      [
        `ids = ${JSON.stringify(ids)}`,
        'listed = rm.list_runs()',
        'loaded = [rm.load_run(i) and rm.metadata["tags"] for i in ids]',
        'rm.load_run(ids[0]); rm.update_status("completed")',
        'import os',
        'out = {"listed": sorted(r["run_id"] for r in listed), "tags": loaded, "files": sorted(os.listdir(os.path.join(rm.base_runs_dir, ids[0])))}',
      ].join('\n'),
    ) as any;
    expect(out.listed).toEqual([...ids].sort());
    expect(out.tags).toEqual([['keep'], ['keep'], ['keep']]);
    expect(out.files).toContain('notes.md');
    expect(getNote(store, ids[0]!).text).toBe(`note for ${ids[0]}`);
  });
});
