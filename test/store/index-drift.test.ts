// The index drift notice (renderer/shell/IndexNotice.tsx) on the real index.check and
// index.repair: a folder removed behind the index's back and a run the index never
// listed are said in words, and the repair leaves nothing to say.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { ApiResult } from '../../shared/api/result';
import type { IndexCheck } from '../../shared/api/models';
import { describeDrift } from '../../renderer/shell/IndexNotice';
import { inProcess } from '../helpers/api';
import { sampleRuns } from '../helpers/dirs';

beforeAll(() => {
  process.env.RUNYARD_CACHE_DIR = 'off';
});

const value = <T>(r: ApiResult<unknown>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value as T;
};

it('says the drift of a real index in words, and says nothing once index.repair has run', async () => {
  const dir = sampleRuns();
  const { call, backend } = inProcess();
  value(await call('dir.open', { dir }));
  expect(describeDrift(value<IndexCheck>(await call('index.check', {})))).toBeNull();

  const idxFile = path.join(dir, '.run_index.json');
  const idx = JSON.parse(fs.readFileSync(idxFile, 'utf8')) as { runs: { run_id: string }[] };
  const [unlisted, gone] = [idx.runs[0]!.run_id, idx.runs[1]!.run_id];
  idx.runs = idx.runs.filter((e) => e.run_id !== unlisted);
  fs.writeFileSync(idxFile, JSON.stringify(idx, null, 2));
  // A folder removed by hand (the test's own temporary copy): the index still lists it.
  fs.rmSync(path.join(dir, gone), { recursive: true });

  expect(describeDrift(value<IndexCheck>(await call('index.check', {})))).toBe(
    'The run index lists 1 run that is gone and misses 1 run.',
  );
  const repaired = value<{ before: IndexCheck; after: IndexCheck }>(await call('index.repair', {}));
  expect(describeDrift(repaired.before)).toBe('The run index lists 1 run that is gone and misses 1 run.');
  expect(describeDrift(repaired.after)).toBeNull();
  expect(describeDrift(value<IndexCheck>(await call('index.check', {})))).toBeNull();
  const listed = (JSON.parse(fs.readFileSync(idxFile, 'utf8')) as { runs: { run_id: string }[] }).runs.map(
    (e) => e.run_id,
  );
  expect(listed).toContain(unlisted);
  expect(listed).not.toContain(gone);
  await backend.close();
});
