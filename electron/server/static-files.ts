// The built UI (dist/renderer) as static files. Only files under that folder are
// served; anything that is not a file there gets the app's index.html, so the UI's
// own routes survive a reload. Without a build, a page says how to make one.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  body: Buffer;
  type: string;
  /** Hashed asset names never change, so the browser may keep them. */
  immutable: boolean;
  /** Where the body was read from, and that file's mtime: what a compressed copy is kept under. */
  file: string;
  mtimeMs: number;
}

/** Where the built renderer is, from the bundle (dist/cli.cjs) or from sources. */
export function defaultRendererDir(): string {
  const candidates = [
    path.join(__dirname, 'renderer'),
    path.resolve(__dirname, '../renderer'),
    path.resolve(__dirname, '../../dist/renderer'),
    path.resolve(process.cwd(), 'dist/renderer'),
  ];
  return candidates.find((c) => fs.existsSync(path.join(c, 'index.html'))) ?? candidates[0]!;
}

export function hasBuild(rendererDir: string): boolean {
  return fs.existsSync(path.join(rendererDir, 'index.html'));
}

function readFile(file: string): { body: Buffer; mtimeMs: number } | null {
  try {
    const st = fs.statSync(file);
    return st.isFile() ? { body: fs.readFileSync(file), mtimeMs: st.mtimeMs } : null;
  } catch {
    return null;
  }
}

export function staticFile(rendererDir: string, urlPath: string): StaticFile | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  const inside = file === root || file.startsWith(root + path.sep);
  const read = inside && file !== root ? readFile(file) : null;
  if (read)
    return {
      ...read,
      file,
      type: TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      immutable: decoded.startsWith('/assets/'),
    };
  // An asset that is not there is a 404, not the app page: a missing script must fail loudly.
  if (/\.[a-z0-9]+$/i.test(decoded) && !decoded.endsWith('.html')) return null;
  const indexFile = path.join(root, 'index.html');
  const index = readFile(indexFile);
  return index ? { ...index, file: indexFile, type: TYPES['.html']!, immutable: false } : null;
}

/**
 * The page's script is hundreds of kilobytes and compresses to about a third: through an SSH tunnel
 * that is most of the wait for the first rows. Each file is compressed once (gzip, which
 * every browser takes over plain http) and kept while its mtime
 * stays the same. Images and fonts are compressed already, small files are not worth it,
 * and source maps (megabytes, for the developer tools only) would hold the server up.
 */
const COMPRESSIBLE = /^(text\/|application\/json|image\/svg\+xml)/;
const MIN_COMPRESSED = 1024;
const gzipped = new Map<string, { mtimeMs: number; size: number; body: Buffer }>();

export function gzipBody(f: StaticFile): Buffer | null {
  if (f.body.length < MIN_COMPRESSED || !COMPRESSIBLE.test(f.type) || f.file.endsWith('.map')) return null;
  const kept = gzipped.get(f.file);
  if (kept && kept.mtimeMs === f.mtimeMs && kept.size === f.body.length) return kept.body;
  const body = zlib.gzipSync(f.body);
  gzipped.set(f.file, { mtimeMs: f.mtimeMs, size: f.body.length, body });
  return body;
}

/** Whether the request's Accept-Encoding takes gzip: named with q > 0, or `*` when gzip is not named. */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  const q: Record<string, number> = {};
  for (const part of value.split(',')) {
    const [name, ...params] = part
      .trim()
      .toLowerCase()
      .split(';')
      .map((p) => p.trim());
    if (!name) continue;
    const given = params.find((p) => p.startsWith('q='));
    q[name] = given ? Number(given.slice(2)) || 0 : 1;
  }
  return (q.gzip ?? q['*'] ?? 0) > 0;
}

export const NO_BUILD_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Runyard</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em;color:#222}code{background:#eee;padding:.1em .3em;border-radius:3px}</style>
</head><body>
<h1>Runyard: the user interface is not built yet</h1>
<p>The server is running, but there is no built UI in <code>dist/renderer</code>.</p>
<p>In the Runyard folder, run <code>npm run build</code>, then reload this page.</p>
</body></html>
`;
