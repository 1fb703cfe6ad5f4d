// One loopback sshd (./sshd.ts) for a whole test file, with the hooks each such file needs.
// It starts as the file loads, not in beforeAll: whether a suite is skipped is settled while
// the file is collected, before any hook runs. Kept out of sshd.ts, which the bench bundles
// to run outside Vitest.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startSshd, type Sshd } from './sshd';

export interface SshdForFile {
  /** Null when sshd could not be started; describeSsh and itSsh then skip. */
  sshd: Sshd | null;
  describeSsh: typeof describe.skip;
  /** For a test in a suite that runs without sshd too (the e2e ones, under describeE2E). */
  itSsh: typeof it.skip;
}

export interface SshdProcessEnv {
  /** Set in process.env for the file's tests; an undefined value removes the variable. */
  env?: NodeJS.ProcessEnv;
  /** The server's client environment (RUNYARD_SSH_COMMAND) in process.env too, for a backend in this process. */
  clientEnv?: boolean;
}

/**
 * Starts the file's sshd, or says on stderr `SKIPPED <subject>: <why not>`. After the file's
 * tests it stops the server and puts all of process.env back as it was, so what the tests
 * set there themselves (a backend's ssh command) goes too.
 */
export async function useSshd(subject: string, processEnv: SshdProcessEnv = {}): Promise<SshdForFile> {
  const started = await startSshd();
  const sshd = typeof started === 'string' ? null : started;
  if (!sshd) process.stderr.write(`SKIPPED ${subject}: ${started}\n`);
  const saved = { ...process.env };
  beforeAll(() => {
    const env = { ...processEnv.env, ...(processEnv.clientEnv ? sshd?.env : {}) };
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  afterAll(async () => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    await sshd?.stop();
  });
  return { sshd, describeSsh: sshd ? describe : describe.skip, itSsh: sshd ? it : it.skip };
}
