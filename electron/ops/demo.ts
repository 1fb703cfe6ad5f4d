// A realistic demo runs directory to try Runyard on.
import path from 'node:path';
import { makeDemo } from '../store/demo';
import { StoreError } from '../store/errors';

/** Makes the demo in DIR (new or empty). Any failure is a StoreError that says why. */
export async function createDemo(dir: string): Promise<{ dir: string; runs: number }> {
  const abs = path.resolve(dir);
  try {
    return await makeDemo(abs);
  } catch (e) {
    if (e instanceof StoreError) throw e;
    throw new StoreError('refused', `cannot make the demo in ${abs}: ${(e as Error).message}`);
  }
}
