// Restoring a run whose parent is still in the trash: the CLI and the API say the same
// warning (one code path, electron/ops/trash.ts), and the UI's restore loop keeps it only
// when the batch did not bring the parent back too.
import { describe, expect, test } from 'vitest';
import type { ApiClient } from '../../shared/api/client';
import { restoreFromTrash } from '../../renderer/features/trash/restore';
import { inProcess } from '../helpers/api';
import { sampleRuns } from '../helpers/dirs';
import { cli } from '../helpers/trash';

const OOM = '0fd630f1-f29d-4da9-953f-48f1a09f76b5';
const RETRY = '0cb1e29c-658c-4a14-95e6-0af593bd04cf';

/** A sample folder with OOM and its child RETRY in the trash. */
async function bothTrashed(): Promise<string> {
  const dir = sampleRuns();
  const r = await cli(['--dir', dir, 'prune', '--run', OOM, '--run', RETRY, '--include-stale', '--yes']);
  expect(r.code, r.stderr).toBe(0);
  return dir;
}

async function openedApi(dir: string) {
  const api = inProcess();
  expect((await api.call('dir.open', { dir })).ok).toBe(true);
  return api;
}

describe('trash.restore warnings', () => {
  test('the API answers with the warning the CLI prints', async () => {
    const cliDir = await bothTrashed();
    const printed = await cli(['--dir', cliDir, 'trash', 'restore', RETRY]);
    expect(printed.code).toBe(0);
    const cliWarnings = printed.stderr
      .split('\n')
      .filter((l) => l.startsWith('runyard: warning: '))
      .map((l) => l.slice('runyard: warning: '.length));
    expect(cliWarnings).toEqual([expect.stringContaining(`its parent ${OOM} is in the trash`)]);

    const api = await openedApi(await bothTrashed());
    const r = await api.call('trash.restore', { run_id: RETRY });
    expect(r).toMatchObject({ ok: true, value: { run_id: RETRY, parent_run_id: OOM } });
    expect(r.ok && (r.value as { warnings?: string[] }).warnings).toEqual(cliWarnings);
    await api.backend.close();
  });

  test("the UI's restore loop keeps the warning only while the parent stays in the trash", async () => {
    for (const [order, expected] of [
      [[RETRY], 1],
      [[RETRY, OOM], 0],
      [[OOM, RETRY], 0],
    ] as const) {
      const api = await openedApi(await bothTrashed());
      const out = await restoreFromTrash({ call: api.call } as unknown as ApiClient, order);
      expect(
        out.restored.map((x) => x.runId),
        order.join(),
      ).toEqual([...order]);
      expect(out.warnings, order.join()).toHaveLength(expected);
      if (expected) expect(out.warnings[0]).toMatchObject({ runId: RETRY, text: expect.stringContaining(OOM) });
      await api.backend.close();
    }
  });
});
