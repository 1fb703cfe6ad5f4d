// When did a run last show a sign of life? A simulation touches its folder in many
// ways: metadata.json, new checkpoints, results files, log lines. This looks at the
// folder, its three subfolders and the files directly in logs/ (a growing log does not
// move logs/'s own mtime). Only asked for active runs, so the cost stays with the few
// runs that claim to be running.
import fs from 'node:fs';
import path from 'node:path';
import { METADATA_FILE } from '../store/paths';

const MAX_LOG_FILES = 50;

function mtime(p: string): number {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

export function lastActivityMs(base: string, id: string): number {
  const dir = path.join(base, id);
  let latest = Math.max(mtime(dir), mtime(path.join(dir, METADATA_FILE)));
  for (const sub of ['results', 'checkpoints', 'logs']) latest = Math.max(latest, mtime(path.join(dir, sub)));
  let logs: string[] = [];
  try {
    logs = fs.readdirSync(path.join(dir, 'logs'));
  } catch {
    // no logs folder: nothing more to look at
  }
  for (const f of logs.slice(0, MAX_LOG_FILES)) latest = Math.max(latest, mtime(path.join(dir, 'logs', f)));
  return latest;
}
