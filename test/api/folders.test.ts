// Several runs folders in one backend: each keeps its own live index, requests name the
// folder they act on (or act on the current one), events say which folder they are
// from, and closing one leaves the others open.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DirSnapshot, FolderInfo } from '../../shared/api/models';
import type { ApiResult } from '../../shared/api/result';
import { eventsNamed, inProcess } from '../helpers/api';
import { tempDir } from '../helpers/dirs';
import { makeRun } from '../helpers/live-runs';
import { until } from '../helpers/poll';

beforeAll(() => {
  process.env.RUNYARD_CACHE_DIR = 'off';
});

const value = <T = unknown>(r: ApiResult<unknown>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value as T;
};

function twoFolders() {
  const a = tempDir('runyard-a-');
  const b = tempDir('runyard-b-');
  makeRun(a, 'alpha-1');
  makeRun(a, 'shared-id', 'failed');
  makeRun(b, 'beta-1', 'running');
  makeRun(b, 'shared-id');
  return { a, b };
}

describe('several runs folders', () => {
  it('holds both open, each with its own runs; a request names its folder or acts on the current one', async () => {
    const { a, b } = twoFolders();
    const { call, backend, events } = inProcess();
    value(await call('dir.open', { dir: a }));
    value(await call('dir.open', { dir: b }));
    const list = value<FolderInfo[]>(await call('dir.list', {}));
    expect(list).toEqual([
      { dir: a, kind: 'local', state: 'live', runs: 2, current: false },
      { dir: b, kind: 'local', state: 'live', runs: 2, current: true },
    ]);
    expect(eventsNamed(events, 'dir.opened').map((s) => (s as DirSnapshot).dir)).toEqual([a, b]);

    const ids = (snap: DirSnapshot) => snap.runs.map((r) => r.run_id).sort();
    expect(ids(value(await call('runs.snapshot', { dir: a })))).toEqual(['alpha-1', 'shared-id']);
    expect(ids(value(await call('runs.snapshot', {})))).toEqual(['beta-1', 'shared-id']);
    // The same id in two folders is two runs.
    expect(value<{ run: { status: string } }>(await call('run.get', { dir: a, run_id: 'shared-id' })).run.status).toBe(
      'failed',
    );
    expect(value<{ run: { status: string } }>(await call('run.get', { run_id: 'shared-id' })).run.status).toBe(
      'completed',
    );
    expect(await call('run.get', { dir: b, run_id: 'alpha-1' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    // A path written differently names the same folder.
    expect(value<DirSnapshot>(await call('runs.snapshot', { dir: `${a}/./` })).dir).toBe(a);
    await backend.close();
  });

  it('sends each folder’s changes tagged with the folder, and a closed folder stops', async () => {
    const { a, b } = twoFolders();
    const { call, backend, events } = inProcess();
    value(await call('dir.open', { dir: a }));
    value(await call('dir.open', { dir: b }));
    makeRun(a, 'alpha-2');
    makeRun(b, 'beta-2');
    const deltaFor = (dir: string, id: string) =>
      eventsNamed(events, 'runs.delta').find((d) => {
        const delta = d as { dir?: string; added: { run_id: string }[] };
        return delta.dir === dir && delta.added.some((r) => r.run_id === id);
      });
    await until('a delta from folder a', () => deltaFor(a, 'alpha-2'));
    await until('a delta from folder b', () => deltaFor(b, 'beta-2'));
    expect(deltaFor(a, 'beta-2')).toBeUndefined();
    // The switcher's counts follow.
    await until('dir.list with three runs in a', () =>
      eventsNamed(events, 'dir.list').some((l) => (l as FolderInfo[]).find((f) => f.dir === a)?.runs === 3),
    );

    const left = value<FolderInfo[]>(await call('dir.close', { dir: a }));
    expect(left.map((f) => [f.dir, f.current])).toEqual([[b, true]]);
    expect(await call('runs.snapshot', { dir: a })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringContaining('is not one of the runs folders open here') },
    });
    const before = eventsNamed(events, 'runs.delta').length;
    makeRun(a, 'alpha-3');
    makeRun(b, 'beta-3');
    await until('a delta from folder b', () => deltaFor(b, 'beta-3'));
    expect(
      eventsNamed(events, 'runs.delta')
        .slice(before)
        .some((d) => (d as { dir?: string }).dir === a),
    ).toBe(false);
    expect(await call('dir.close', { dir: path.join(a, 'nope') })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    await backend.close();
  });

  it('a followed log ends when its folder is closed, not when another folder is opened', async () => {
    const { a, b } = twoFolders();
    fs.writeFileSync(path.join(a, 'alpha-1', 'logs', 'simulation.log'), 'step 1\n');
    const { call, backend, session } = inProcess();
    value(await call('dir.open', { dir: a }));
    value(await call('log.follow', { run_id: 'alpha-1', path: 'logs/simulation.log' }));
    value(await call('dir.open', { dir: b }));
    expect(session.subscriptionCount).toBe(1);
    value(await call('dir.close', { dir: a }));
    expect(session.subscriptionCount).toBe(0);
    await backend.close();
  });

  it('a read-only backend stays on the folders it was started with', async () => {
    const { a, b } = twoFolders();
    const { call, backend } = inProcess({ readOnly: true });
    await backend.openAtStart([a, b]);
    expect(backend.dir).toBe(a);
    const other = tempDir('runyard-other-');
    expect(await call('dir.open', { dir: other })).toMatchObject({
      ok: false,
      error: { code: 'read-only', message: expect.stringContaining('those folders') },
    });
    expect(await call('dir.close', { dir: a })).toMatchObject({ ok: false, error: { code: 'read-only' } });
    // Switching between its own folders is fine.
    expect(value<DirSnapshot>(await call('dir.open', { dir: a })).dir).toBe(a);
    await backend.close();
  });
});
