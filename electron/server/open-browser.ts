// Opens a URL with the OS's own opener, as argv without a shell (the URL carries the
// token and must never be parsed as a command line).
import { spawn } from 'node:child_process';

export function openerFor(platform: NodeJS.Platform, url: string): { cmd: string; args: string[] } {
  if (platform === 'darwin') return { cmd: 'open', args: [url] };
  // `start` is a cmd.exe builtin and would need a shell; this handler does not.
  if (platform === 'win32') return { cmd: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  return { cmd: 'xdg-open', args: [url] };
}

export function openBrowser(url: string, onError: (message: string) => void): void {
  const { cmd, args } = openerFor(process.platform, url);
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true, shell: false });
    child.on('error', (e) => onError(`could not open a browser with ${cmd}: ${e.message}; open the address yourself`));
    child.unref();
  } catch (e) {
    onError(`could not open a browser with ${cmd}: ${(e as Error).message}; open the address yourself`);
  }
}
