// `npm run runyard`, `npm start` and `npm test` build first when a source is newer
// than the last build, so they work right after `npm ci` on a fresh clone.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const marker = path.join(root, 'dist/.built');
const sources = ['shared', 'electron', 'renderer', 'scripts/build.mjs', 'vite.config.mts', 'package.json'];

function newest(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of fs.readdirSync(p)) m = Math.max(m, newest(path.join(p, e)));
  return m;
}

const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
const src = Math.max(...sources.map((s) => newest(path.join(root, s))));
if (src > built) {
  process.stderr.write('runyard: building (sources changed since the last build)…\n');
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
}
