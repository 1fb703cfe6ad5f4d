// The module's index update is read-modify-write without a lock; Runyard processes
// serialise theirs through a lock directory beside the index (proper-lockfile uses
// mkdir, which is atomic on local and network filesystems alike).
import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { ioError, StoreError } from './errors';
import { forgetOwner, nameOwner, takeOverDeadLock } from './lock-owner';
import { INDEX_FILE } from './paths';

const ATTEMPTS = 200;
const MIN_WAIT_MS = 10;
const MAX_WAIT_MS = 250;

/**
 * Waits only while another process holds the lock. proper-lockfile's own retries would
 * also retry a read-only folder or a full disk 200 times (about 50 s) before saying so.
 */
async function acquire(base: string, lockDir: string): Promise<() => Promise<void>> {
  for (let attempt = 0, wait = MIN_WAIT_MS; ; attempt++, wait = Math.min(MAX_WAIT_MS, wait * 1.3)) {
    try {
      const release = await lockfile.lock(path.join(base, INDEX_FILE), {
        realpath: false,
        stale: 15_000,
        update: 5_000,
        retries: 0,
        // The default throws from a timer, which would end a whole `runyard serve` over one
        // lock another process took over after this one stalled for 15 s.
        onCompromised: (e) =>
          process.emitWarning(`the lock ${lockDir} was taken over by another process: ${e.message}`),
      });
      nameOwner(lockDir);
      return async () => {
        forgetOwner(lockDir);
        await release();
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // The runs folder went away (or never was): that, not the lock, is what the user needs to hear.
      if ((code === 'ENOENT' || code === 'ENOTDIR') && !fs.statSync(base, { throwIfNoEntry: false })?.isDirectory())
        throw new StoreError('not-found', `runs folder ${base} does not exist`, base);
      if (code !== 'ELOCKED') throw ioError('create the lock', lockDir, e);
      if (takeOverDeadLock(lockDir)) continue;
      if (attempt >= ATTEMPTS) {
        throw new StoreError(
          'conflict',
          `another Runyard process is changing ${base} and has held its lock ${lockDir} for too long; try again (a lock left by a Runyard that was killed on this machine is taken over at once; one from another machine after 15 s)`,
          lockDir,
        );
      }
      await new Promise((r) => setTimeout(r, wait * (0.5 + Math.random())));
    }
  }
}

export async function withIndexLock<T>(base: string, fn: () => T | Promise<T>): Promise<T> {
  const release = await acquire(base, `${path.join(base, INDEX_FILE)}.lock`);
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}
