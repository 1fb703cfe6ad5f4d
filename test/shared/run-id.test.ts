// Run ids never leave the runs directory.
import { describe, expect, test } from 'vitest';
import { runIdProblem } from '../../shared/run-id';
import { RunsDir } from '../../electron/store/runs-dir';
import { tempDir } from '../helpers/dirs';

describe('run ids never leave the runs directory', () => {
  test.each(['', '.', '..', '../x', 'a/b', 'a\\b', '/abs', 'C:evil', 'nul\0', '.hidden', 'current', 'tab\there'])(
    '%j is refused',
    (id) => {
      expect(runIdProblem(id)).not.toBeNull();
    },
  );
  test.each(['9531985d-5d9d-49f8-9818-e811892f902b', 'my-run_01', 'étude-🦠'])('%j is fine', (id) => {
    expect(runIdProblem(id)).toBeNull();
  });
  test('the store refuses a NUL or traversal id with a message naming it', async () => {
    const store = new RunsDir(tempDir());
    await expect(store.createRun({ runId: 'nul\0byte' })).rejects.toThrow(
      /invalid run id "nul\\u0000byte": it contains a NUL byte/,
    );
    await expect(store.updateStatus('../../etc', 'x')).rejects.toThrow(/invalid run id/);
  });
});
