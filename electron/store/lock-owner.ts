// Who holds the index lock. proper-lockfile only knows a lock is abandoned when its
// folder has not been touched for `stale` ms (15 s), so every command after a Runyard
// killed mid-write would wait that long. The holder therefore names itself in
// `<lock>.owner` (pid, host, the lock folder's inode); a waiter on the same host that
// finds that process gone takes the lock over at once. Another host's process cannot
// be checked, so there the 15 s rule still decides. The owner file is a hint only: a
// lock without one (a kill between taking the lock and naming itself) just waits.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';

interface Owner {
  pid: number;
  host: string;
  ino: number;
}

export const ownerFile = (lockDir: string) => `${lockDir}.owner`;
/** Where a dead lock is moved before it is deleted; named so that sweeps recognise it. */
export const isDeadLockName = (name: string, lockName: string) => name.startsWith(`${lockName}.dead-`);

function readOwner(lockDir: string): Owner | null {
  try {
    const o = JSON.parse(fs.readFileSync(ownerFile(lockDir), 'utf8')) as Partial<Owner>;
    return typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.ino === 'number' ? (o as Owner) : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, as another user's process.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Called right after taking the lock. Best effort: without it, waiters fall back to the 15 s rule. */
export function nameOwner(lockDir: string): void {
  const tmp = `${ownerFile(lockDir)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    const owner: Owner = { pid: process.pid, host: os.hostname(), ino: fs.statSync(lockDir).ino };
    fs.writeFileSync(tmp, JSON.stringify(owner));
    fs.renameSync(tmp, ownerFile(lockDir));
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}

/** Called just before releasing: only our own name is removed. */
export function forgetOwner(lockDir: string): void {
  const o = readOwner(lockDir);
  if (o?.pid === process.pid && o.host === os.hostname()) fs.rmSync(ownerFile(lockDir), { force: true });
}

/**
 * Removes the lock when its owner named itself and has died on this host. The lock is
 * renamed away first and its inode checked again, so a lock someone else took in the
 * meantime is put back instead of deleted. True when the caller should try again now.
 */
export function takeOverDeadLock(lockDir: string): boolean {
  const o = readOwner(lockDir);
  if (!o || o.host !== os.hostname() || alive(o.pid)) return false;
  let st: fs.Stats;
  try {
    st = fs.lstatSync(lockDir);
  } catch {
    return true; // released meanwhile
  }
  if (st.ino !== o.ino) return false;
  const grave = `${lockDir}.dead-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(lockDir, grave);
  } catch {
    return true; // another waiter moved it first
  }
  if (fs.lstatSync(grave).ino !== o.ino) {
    try {
      fs.renameSync(grave, lockDir);
    } catch {
      // someone holds a newer lock already; the one moved away was not in use by anyone alive
    }
    return false;
  }
  fs.rmSync(grave, { recursive: true, force: true });
  if (readOwner(lockDir)?.pid === o.pid) fs.rmSync(ownerFile(lockDir), { force: true });
  return true;
}

/**
 * The process holding the lock while it works, or null when the lock is free or its
 * holder is gone: a process alive on this host, or another host's lock still being
 * refreshed (proper-lockfile touches it every 5 s; abandoned after `staleMs`).
 */
export function liveHolder(lockDir: string, staleMs = 15_000): { pid: number; host: string } | null {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(lockDir);
  } catch {
    return null;
  }
  const o = readOwner(lockDir);
  if (!o || o.ino !== st.ino) return null;
  const live = o.host === os.hostname() ? alive(o.pid) : Date.now() - st.mtimeMs < staleMs;
  return live ? { pid: o.pid, host: o.host } : null;
}
