// Real folders for real tests: every test gets its own temporary runs directory.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'runyard-test-'): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
}

export const FIXTURE_TGZ = path.resolve(__dirname, '../fixtures/sample-runs.tar.gz');

/** Extracts the sample directory the Python module made; returns the runs directory path. */
export function sampleRuns(): string {
  const d = tempDir('runyard-sample-');
  execFileSync('tar', ['xzf', FIXTURE_TGZ, '-C', d]);
  return path.join(d, 'sample-runs');
}

export function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
