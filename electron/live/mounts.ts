// inotify only sees changes made through this machine's kernel: on NFS, Lustre, sshfs,
// SMB and the like, a simulation writing from a compute node is invisible to it. The
// filesystem type of the runs directory's mount (from /proc/mounts) decides whether
// the live index watches or polls.
import fs from 'node:fs';

/** Filesystems whose files other hosts (or a hypervisor's host) can change behind inotify's back. */
const NETWORK_FS = new Set([
  'nfs',
  'nfs4',
  'lustre',
  'cifs',
  'smb3',
  'smbfs',
  '9p',
  'afs',
  'ceph',
  'glusterfs',
  'gpfs',
  'beegfs',
  'gfs2',
  'ocfs2',
  'orangefs',
  'pvfs2',
  'wekafs',
  'panfs',
  'ncpfs',
  'davfs',
  'virtiofs',
  'vboxsf',
  'vmhgfs',
]);

export function isNetworkFs(type: string): boolean {
  if (NETWORK_FS.has(type)) return true;
  // FUSE types look like fuse.sshfs, fuse.glusterfs, fuse.rclone, fuse.s3fs …; local FUSE
  // filesystems (bindfs, overlay helpers) are rare for runs directories, remote ones common.
  if (type.startsWith('fuse.')) return !['fuse.bindfs', 'fuse.lxcfs', 'fuse.portal', 'fuse.gvfsd-fuse'].includes(type);
  return false;
}

export interface MountEntry {
  mountPoint: string;
  type: string;
}

/** /proc/mounts escapes space, tab, newline and backslash in paths as octal. */
function unescapeMount(p: string): string {
  return p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

export function parseMounts(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const parts = line.split(' ');
    if (parts.length < 3 || !parts[1] || !parts[2]) continue;
    out.push({ mountPoint: unescapeMount(parts[1]), type: parts[2] });
  }
  return out;
}

/** The type of the mount that holds `realPath` (the last, longest matching mount point wins, as with over-mounts). */
export function fsTypeOf(mounts: MountEntry[], realPath: string): string | null {
  let best: MountEntry | null = null;
  for (const m of mounts) {
    const mp = m.mountPoint;
    const inside = mp === '/' || realPath === mp || realPath.startsWith(mp.endsWith('/') ? mp : `${mp}/`);
    if (inside && (!best || mp.length >= best.mountPoint.length)) best = m;
  }
  return best?.type ?? null;
}

export interface FsDetection {
  type: string | null;
  network: boolean;
}

/** Where there is no /proc/mounts (macOS, Windows) the answer is "unknown, not network". */
export function detectFs(dir: string, mountsFile = '/proc/mounts'): FsDetection {
  let text: string;
  let real: string;
  try {
    text = fs.readFileSync(mountsFile, 'utf8');
    real = fs.realpathSync(dir);
  } catch {
    return { type: null, network: false };
  }
  const type = fsTypeOf(parseMounts(text), real);
  return { type, network: type !== null && isNetworkFs(type) };
}
