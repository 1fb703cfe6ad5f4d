// `runyard --dir ssh://… serve` (and $RUNYARD_DIR naming a remote folder): serve runs on
// the workstation and reads the cluster's folder through its agent, as the README's
// "Runs on a cluster" section says, instead of looking for a local folder named "ssh:".
// Through a real OpenSSH server on loopback; skips, saying why, when sshd cannot start.
import { expect, test } from 'vitest';
import type { DirSnapshot, FolderInfo } from '../../shared/api/models';
import { connect } from '../helpers/api';
import { tempDir } from '../helpers/dirs';
import { makeRun } from '../helpers/live-runs';
import { serve, type Served } from '../helpers/serve';
import { useSshd } from '../helpers/use-sshd';

const { sshd, describeSsh } = await useSshd('remote serve tests');

async function folders(s: Served): Promise<{ list: FolderInfo[]; current: DirSnapshot }> {
  const ws = await connect(`ws://127.0.0.1:${s.port}/api?token=${s.token}`);
  try {
    const list = await ws.call('dir.list', {});
    const current = await ws.call('runs.snapshot', {});
    if (!list.ok || !current.ok) throw new Error(JSON.stringify([list, current]));
    return { list: list.value as FolderInfo[], current: current.value as DirSnapshot };
  } finally {
    ws.close();
  }
}

describeSsh('serve on a remote folder', () => {
  test('--dir ssh://host/path serves that cluster folder, read through the agent', async () => {
    const cluster = tempDir('runyard-cluster-');
    makeRun(cluster, 'there-1', 'running');
    const remote = `ssh://127.0.0.1:${sshd!.port}${cluster}`;
    const s = await serve(remote, [], sshd!.env);
    try {
      const { list, current } = await folders(s);
      expect(list.map((f) => [f.dir, f.kind])).toEqual([[remote, 'remote']]);
      expect(current.runs.map((r) => r.run_id)).toEqual(['there-1']);
      expect(s.stderr()).not.toMatch(/no folder at/);
    } finally {
      await s.stop();
    }
  });

  test('$RUNYARD_DIR naming a remote folder does the same', async () => {
    const cluster = tempDir('runyard-cluster-');
    makeRun(cluster, 'env-1');
    const remote = `ssh://127.0.0.1:${sshd!.port}${cluster}`;
    const s = await serve(null, [], { ...sshd!.env, RUNYARD_DIR: remote });
    try {
      const { current } = await folders(s);
      expect(current.runs.map((r) => r.run_id)).toEqual(['env-1']);
    } finally {
      await s.stop();
    }
  });
});
