// The one way a store write begins. Taking the index lock makes Runyard processes take
// turns; settling the journal first means every write starts from a directory where
// no prune, restore or checkpoint removal is half-done (journal.ts), so it never
// builds on, or records, a state a killed process left in between.
import { withIndexLock } from './index-lock';
import { recoverUnlocked } from './journal-recovery';

/**
 * Runs `fn` holding the index lock of the runs directory `base`, after finishing any
 * interrupted trash operation. The lock is released however `fn` ends; when the
 * journal cannot be settled, `fn` does not run and the error says why.
 */
export async function transaction<T>(base: string, fn: () => T | Promise<T>): Promise<T> {
  return withIndexLock(base, () => {
    recoverUnlocked(base);
    return fn();
  });
}
