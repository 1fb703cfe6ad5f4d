// How the mount table decides between watching and polling.
import { describe, expect, test } from 'vitest';
import { fsTypeOf, isNetworkFs, parseMounts } from '../../electron/live/mounts';

describe('mount table', () => {
  const table = parseMounts(
    [
      '/dev/vda / ext4 rw 0 0',
      'server:/export /home nfs4 rw 0 0',
      '/dev/sdb1 /home/local ext4 rw 0 0',
      'user@host:/data /mnt/my\\040runs fuse.sshfs rw 0 0',
      'lustre@o2ib:/scratch /cosma/scratch lustre rw 0 0',
    ].join('\n'),
  );

  test('the longest mount point holding the path decides; octal escapes are undone', () => {
    expect(fsTypeOf(table, '/home/alice/runs')).toBe('nfs4');
    expect(fsTypeOf(table, '/home/local/runs')).toBe('ext4');
    expect(fsTypeOf(table, '/home2/runs')).toBe('ext4');
    expect(fsTypeOf(table, '/mnt/my runs/sweep')).toBe('fuse.sshfs');
    expect(fsTypeOf(table, '/cosma/scratch/dp004/runs')).toBe('lustre');
  });

  test('network and cluster filesystems poll; local ones watch', () => {
    for (const t of ['nfs', 'nfs4', 'lustre', 'fuse.sshfs', 'cifs', 'smb3', '9p', 'gpfs', 'beegfs'])
      expect(isNetworkFs(t)).toBe(true);
    for (const t of ['ext4', 'xfs', 'btrfs', 'tmpfs', 'overlay', 'zfs', 'fuseblk']) expect(isNetworkFs(t)).toBe(false);
  });
});
