// FORMAT.md: every file Runyard writes is replaced atomically so that a simulation or
// another Runyard never reads half of it. write-file-atomic writes a temporary file in
// the same folder, fsyncs it and renames it over the target.
import fs from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

export function writeFileAtomicSync(file: string, text: string): void {
  writeFileAtomic.sync(file, text, { encoding: 'utf8', fsync: true });
}

/** 2-space JSON, as the module's json.dump(indent=2) writes it. */
export function writeJsonAtomicSync(file: string, value: unknown): void {
  writeFileAtomicSync(file, JSON.stringify(value, null, 2));
}

/** Points `link` at `target` (relative) by renaming a fresh symlink over it. */
export function replaceSymlinkSync(link: string, target: string): void {
  const tmp = path.join(path.dirname(link), `.${path.basename(link)}.${process.pid}.${Date.now()}.tmp`);
  fs.symlinkSync(target, tmp);
  try {
    fs.renameSync(tmp, link);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
