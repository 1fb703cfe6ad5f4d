// The module's index update is read-modify-write without a lock; Runyard processes
// serialise theirs through a lock directory beside the index (proper-lockfile uses
// mkdir, which is atomic on local and network filesystems alike).
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { INDEX_FILE } from './paths';

export async function withIndexLock<T>(base: string, fn: () => T | Promise<T>): Promise<T> {
  const release = await lockfile.lock(path.join(base, INDEX_FILE), {
    realpath: false,
    stale: 15_000,
    update: 5_000,
    retries: { retries: 200, factor: 1.3, minTimeout: 10, maxTimeout: 250, randomize: true },
  });
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}
