// Opens the UI with the OS's own opener, as argv without a shell. The token never goes
// on the opener's command line, which every local user can read (`ps`, /proc/*/cmdline):
// the opener gets the path of a small page, readable by us alone (0600 in a 0700
// folder), that sends the browser on to the address with the token. Jupyter does the
// same. The page is removed a little later and when serve exits.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** How long the page waits for a browser that is slow to start. */
export const REDIRECT_KEEP_MS = 120_000;

export function openerFor(
  platform: NodeJS.Platform,
  target: string,
  env: NodeJS.ProcessEnv = process.env,
): { cmd: string; args: string[] } {
  // A program of the user's choice (and the tests' fake one), given the target as its one argument.
  if (env.RUNYARD_BROWSER) return { cmd: env.RUNYARD_BROWSER, args: [target] };
  if (platform === 'darwin') return { cmd: 'open', args: [target] };
  // `start` is a cmd.exe builtin and would need a shell; this handler does not.
  if (platform === 'win32') return { cmd: 'rundll32', args: ['url.dll,FileProtocolHandler', target] };
  return { cmd: 'xdg-open', args: [target] };
}

const html = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A private folder: $XDG_RUNTIME_DIR (per user, 0700) when there is one, else the temp folder. */
function privateBase(env: NodeJS.ProcessEnv): string {
  const run = env.XDG_RUNTIME_DIR;
  try {
    if (run && path.isAbsolute(run) && fs.statSync(run).isDirectory()) return run;
  } catch {
    // not there: the temp folder below
  }
  return os.tmpdir();
}

/** Writes the page that sends the browser to `url`; `remove` deletes it and its folder. */
export function redirectPage(url: string, env: NodeJS.ProcessEnv = process.env): { file: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(privateBase(env), 'runyard-open-'));
  fs.chmodSync(dir, 0o700);
  const file = path.join(dir, 'open.html');
  const u = html(url);
  fs.writeFileSync(
    file,
    `<!doctype html>
<html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="0;url=${u}"><title>Runyard</title></head>
<body><p>Opening Runyard… If nothing happens, <a href="${u}">open it here</a>.</p></body></html>
`,
    { mode: 0o600, flag: 'wx' },
  );
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Opens `url` through a private redirect page; returns what removes the page early. */
export function openBrowser(
  url: string,
  onError: (message: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): () => void {
  let page: { file: string; remove(): void };
  try {
    page = redirectPage(url, env);
  } catch (e) {
    onError(`could not write the page that opens the browser: ${(e as Error).message}; open the address yourself`);
    return () => undefined;
  }
  const timer = setTimeout(page.remove, REDIRECT_KEEP_MS);
  timer.unref();
  const remove = () => {
    clearTimeout(timer);
    page.remove();
  };
  process.once('exit', remove);
  const { cmd, args } = openerFor(process.platform, page.file, env);
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true, shell: false });
    child.on('error', (e) => onError(`could not open a browser with ${cmd}: ${e.message}; open the address yourself`));
    child.unref();
  } catch (e) {
    onError(`could not open a browser with ${cmd}: ${(e as Error).message}; open the address yourself`);
  }
  return remove;
}
