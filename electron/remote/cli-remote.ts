// Which command lines name a remote runs folder (--dir ssh://… or host:path, or
// $RUNYARD_DIR), and the words to run there. Kept free of anything heavy: main.ts asks
// this on every start, and only a remote folder loads the forwarding code.
import { parseRemoteDir, RemoteDirError, type RemoteDir } from '../../shared/remote-dir';
import { globalOption } from '../cli/options';
import { isAgent } from './payload';

export interface RemoteCommand {
  remote: RemoteDir;
  /** The command line without --dir. */
  args: string[];
  /** The command word (list, show, serve…), if any. */
  word: string | null;
}

/**
 * The remote folder the command line is for, or null for a local one. Commander reads
 * global options before and after the command word, so --dir is looked for in both.
 * Throws RemoteDirError for a remote folder written wrong.
 */
export function remoteCommand(args: readonly string[], env: NodeJS.ProcessEnv = process.env): RemoteCommand | null {
  if (isAgent()) return null;
  let dir: string | undefined;
  let word: string | null = null;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      rest.push(...args.slice(i));
      break;
    }
    if (a === '--dir' && i + 1 < args.length) {
      dir = args[++i];
      continue;
    }
    if (a.startsWith('--dir=')) {
      dir = a.slice('--dir='.length);
      continue;
    }
    rest.push(a);
    if (globalOption(a)?.value && i + 1 < args.length) rest.push(args[++i]!);
    else if (word === null && !a.startsWith('-')) word = a;
  }
  const text = dir ?? (env.RUNYARD_DIR || undefined);
  if (text === undefined) return null;
  const remote = parseRemoteDir(text);
  return remote ? { remote, args: rest, word } : null;
}

/**
 * Whether the command runs there, by the agent. serve and the desktop app run here and
 * read the remote folder through its agent (electron/api/remote-folder.ts); only the
 * agent's own `serve --stdio` is a command of the remote.
 */
export function runsThere(target: RemoteCommand): boolean {
  if (target.word === 'start') return false;
  return target.word !== 'serve' || target.args.includes('--stdio');
}

/** The remote command to forward as it is, or null: a local folder, serve or start, or a folder written wrong (the full CLI says how). */
export function forwardedCommand(args: readonly string[]): RemoteCommand | null {
  try {
    const target = remoteCommand(args);
    return target && runsThere(target) ? target : null;
  } catch {
    return null;
  }
}

export { RemoteDirError };
