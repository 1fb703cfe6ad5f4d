// The pure parts of the live index: how a batch of changes becomes one delta, and
// how the mount table decides between watching and polling.
import { describe, expect, test } from 'vitest';
import { fsTypeOf, isNetworkFs, parseMounts } from '../electron/live/mounts';
import { applyDelta, DeltaAccumulator } from '../shared/run-delta';
import { isStale } from '../shared/staleness';
import type { RunRecord } from '../shared/types';

const rec = (run_id: string, status = 'running') => ({ run_id, status }) as RunRecord;

describe('DeltaAccumulator', () => {
  test('reports each run once, by where it ends up compared with the start of the batch', () => {
    const acc = new DeltaAccumulator();
    acc.put('new', rec('new', 'initialising'), false);
    acc.put('new', rec('new', 'running'), true);
    acc.put('flash', rec('flash'), false);
    acc.put('flash', null, true);
    acc.put('replaced', null, true);
    acc.put('replaced', rec('replaced', 'failed'), false);
    acc.put('gone', null, true);
    acc.problem({ file: 'x/metadata.json', message: 'bad' });
    const d = acc.take();
    expect(d.added.map((r) => [r.run_id, r.status])).toEqual([['new', 'running']]);
    expect(d.changed.map((r) => [r.run_id, r.status])).toEqual([['replaced', 'failed']]);
    expect(d.removed).toEqual(['gone']);
    expect(d.problems).toHaveLength(1);
    expect(acc.empty).toBe(true);
  });

  test('applying deltas in order keeps a list equal to the source', () => {
    let list = [rec('a'), rec('b'), rec('c')];
    list = applyDelta(list, { added: [rec('d')], changed: [rec('b', 'failed')], removed: ['a'], problems: [] });
    expect(list.map((r) => `${r.run_id}:${r.status}`)).toEqual(['b:failed', 'c:running', 'd:running']);
  });
});

describe('mount table', () => {
  const table = parseMounts([
    '/dev/vda / ext4 rw 0 0',
    'server:/export /home nfs4 rw 0 0',
    '/dev/sdb1 /home/local ext4 rw 0 0',
    'user@host:/data /mnt/my\\040runs fuse.sshfs rw 0 0',
    'lustre@o2ib:/scratch /cosma/scratch lustre rw 0 0',
  ].join('\n'));

  test('the longest mount point holding the path decides; octal escapes are undone', () => {
    expect(fsTypeOf(table, '/home/alice/runs')).toBe('nfs4');
    expect(fsTypeOf(table, '/home/local/runs')).toBe('ext4');
    expect(fsTypeOf(table, '/home2/runs')).toBe('ext4');
    expect(fsTypeOf(table, '/mnt/my runs/sweep')).toBe('fuse.sshfs');
    expect(fsTypeOf(table, '/cosma/scratch/dp004/runs')).toBe('lustre');
  });

  test('network and cluster filesystems poll; local ones watch', () => {
    for (const t of ['nfs', 'nfs4', 'lustre', 'fuse.sshfs', 'cifs', 'smb3', '9p', 'gpfs', 'beegfs']) expect(isNetworkFs(t)).toBe(true);
    for (const t of ['ext4', 'xfs', 'btrfs', 'tmpfs', 'overlay', 'zfs', 'fuseblk']) expect(isNetworkFs(t)).toBe(false);
  });
});

test('stale means active, and quiet for longer than the threshold', () => {
  const now = 1_000_000_000;
  expect(isStale('running', now - 25 * 3600_000, now, 24 * 3600_000)).toBe(true);
  expect(isStale('initialising', now - 25 * 3600_000, now, 24 * 3600_000)).toBe(true);
  expect(isStale('running', now - 23 * 3600_000, now, 24 * 3600_000)).toBe(false);
  expect(isStale('completed', now - 25 * 3600_000, now, 24 * 3600_000)).toBe(false);
});
