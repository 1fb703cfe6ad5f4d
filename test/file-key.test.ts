// list --json decides that a run is unchanged from one lstat of its metadata.json
// (cli/fast-list/file-key.ts). A wrong inode, size, mtime or ctime would print a stale run; the fast
// way must agree with fs.lstatSync on every kind of path a runs folder holds.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { lstatKey, usesRawLstat } from '../electron/cli/fast-list/file-key';
import { tempDir } from './helpers/dirs';

function viaNode(file: string) {
  try {
    const st = fs.lstatSync(file, { throwIfNoEntry: false });
    return st && { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, isFile: st.isFile() };
  } catch {
    return null;
  }
}

test('the stat key agrees with fs.lstatSync for files, folders, links, missing and impossible paths', () => {
  const dir = tempDir();
  const file = path.join(dir, 'metadata.json');
  fs.writeFileSync(file, '{"run_id": "x"}');
  // An mtime with a fraction of a millisecond, as real filesystems give.
  fs.utimesSync(file, 1_700_000_000.123456, 1_700_000_000.123456);
  fs.symlinkSync(file, path.join(dir, 'link.json'));
  fs.mkdirSync(path.join(dir, 'folder'));
  const paths = [file, path.join(dir, 'link.json'), path.join(dir, 'folder'), path.join(dir, 'absent.json'), path.join(file, 'below-a-file')];
  for (const p of paths) expect(lstatKey(p), p).toEqual(viaNode(p));
  expect(lstatKey(file)).toMatchObject({ size: 15, isFile: true });
  expect(lstatKey(path.join(dir, 'absent.json'))).toBeUndefined();
  expect(lstatKey(path.join(dir, 'link.json'))).toMatchObject({ isFile: false });
});

const node = process.versions.node;
test.skipIf(!node.startsWith('20.'))(`on Node 20, the fast way is the one in use${node.startsWith('20.') ? '' : ` (skipped: this is Node ${node})`}`, () => {
  // If a Node 20 update changes its internals, list --json silently falls back to
  // lstatSync and becomes slower; this says so instead of leaving it to the benchmark.
  expect(usesRawLstat(), `Node ${node}: list --json uses fs.lstatSync (slower)`).toBe(true);
});
