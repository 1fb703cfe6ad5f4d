// list --json decides that a run is unchanged from one lstat of its metadata.json
// (cli/fast-list/file-key.ts). A key that missed a change would print a stale run; one
// taken through Node's internal binding would break on a Node update and bypass the
// permission model.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { lstatKey } from '../../electron/cli/fast-list/file-key';
import { runCli } from '../helpers/cli';
import { sampleRuns, tempDir } from '../helpers/dirs';

test('the key tells files from folders, links and missing paths, and changes when a rewrite puts its mtime back', () => {
  const dir = tempDir();
  const file = path.join(dir, 'metadata.json');
  fs.writeFileSync(file, '{"run_id": "x"}');
  // An mtime with a fraction of a millisecond, as real filesystems give.
  fs.utimesSync(file, 1_700_000_000.123456, 1_700_000_000.123456);
  fs.symlinkSync(file, path.join(dir, 'link.json'));
  fs.mkdirSync(path.join(dir, 'folder'));
  const st = fs.lstatSync(file);
  expect(lstatKey(file)).toEqual({ ino: st.ino, size: 15, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, isFile: true });
  expect(lstatKey(path.join(dir, 'link.json'))).toMatchObject({ isFile: false });
  expect(lstatKey(path.join(dir, 'folder'))).toMatchObject({ isFile: false });
  expect(lstatKey(path.join(dir, 'absent.json'))).toBeUndefined();
  // Not "no file": lstat failed, so the run is read again rather than taken as gone.
  expect(lstatKey(path.join(file, 'below-a-file'))).toBeNull();

  const before = lstatKey(file);
  // Same size, same mtime (as cp -p or rsync leave it): only ctime can tell.
  const until = Date.now() + 20;
  while (Date.now() < until) {
    // ctime has the clock's granularity: wait past one tick
  }
  fs.writeFileSync(file, '{"run_id": "y"}');
  fs.utimesSync(file, 1_700_000_000.123456, 1_700_000_000.123456);
  const after = lstatKey(file)!;
  expect(after.mtimeMs).toBe(before!.mtimeMs);
  expect(after.ctimeMs).not.toBe(before!.ctimeMs);
});

test('list --json uses no internal Node API (process.binding)', () => {
  const runs = sampleRuns();
  const spy = path.join(tempDir(), 'spy.cjs');
  // Says on stderr whenever the deprecated, internal process.binding is called.
  fs.writeFileSync(
    spy,
    'const b = process.binding; process.binding = (n) => { process.stderr.write(`process.binding(${n})\\n`); return b(n); };\n',
  );
  const env = { XDG_CACHE_HOME: tempDir(), NODE_OPTIONS: `--require ${spy}` };
  // The first call fills the list cache, the second answers from it: both take one key per run.
  for (const pass of ['first', 'cached']) {
    const r = runCli(['--dir', runs, 'list', '--json'], { env });
    expect(r.code, `${pass}: ${r.stderr}`).toBe(0);
    expect(JSON.parse(r.stdout).length, pass).toBeGreaterThan(0);
    expect(r.stderr, pass).toBe('');
  }
});
