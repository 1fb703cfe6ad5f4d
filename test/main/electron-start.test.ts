// `npm start` / `runyard start`: launches Electron with our main script, or, where the
// runtime is missing, says so in one line and points at `runyard serve`.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { sampleRuns, tempDir } from '../helpers/dirs';

describe('runyard start', () => {
  it('on a machine without the Electron runtime, says so in one line and points to runyard serve', () => {
    const electronDist = path.resolve(__dirname, '../../node_modules/electron/dist');
    if (fs.existsSync(electronDist)) return; // a developer machine with the runtime
    const r = runCli(['start'], { env: { ELECTRON_OVERRIDE_DIST_PATH: '' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Electron runtime is not available.*runyard serve/);
    expect(r.stderr).not.toMatch(/Downloading/);
  });

  it('starts Electron with the built main script and --dir', () => {
    const fake = tempDir();
    const log = path.join(fake, 'args.txt');
    fs.writeFileSync(
      path.join(fake, 'electron'),
      `#!/bin/sh\nprintf '%s\\n' "$@" > ${JSON.stringify(log)}\necho "ELECTRON_RUN_AS_NODE=$ELECTRON_RUN_AS_NODE" >> ${JSON.stringify(log)}\nexit 7\n`,
      { mode: 0o755 },
    );
    const dir = sampleRuns();
    const r = runCli(['--dir', dir, 'start'], {
      env: { ELECTRON_OVERRIDE_DIST_PATH: fake, ELECTRON_RUN_AS_NODE: '1' },
    });
    expect(r.code).toBe(7);
    const args = fs.readFileSync(log, 'utf8').trim().split('\n');
    expect(args[0]).toBe(path.resolve(__dirname, '../../dist/electron/main.cjs'));
    expect(args.slice(1, 3)).toEqual(['--dir', dir]);
    expect(args[3]).toBe('ELECTRON_RUN_AS_NODE=');
  });

  it('hands a remote folder to the app as written: the app connects to it itself', () => {
    const fake = tempDir();
    const log = path.join(fake, 'args.txt');
    fs.writeFileSync(path.join(fake, 'electron'), `#!/bin/sh\nprintf '%s\\n' "$@" > ${JSON.stringify(log)}\nexit 0\n`, {
      mode: 0o755,
    });
    for (const remote of ['ssh://alice@cluster.example.org:2222/scratch/runs', 'cluster:june/runs']) {
      const r = runCli(['--dir', remote, 'start'], { env: { ELECTRON_OVERRIDE_DIST_PATH: fake } });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(fs.readFileSync(log, 'utf8').trim().split('\n').slice(1)).toEqual(['--dir', remote]);
    }
  });
});
