// The app's end of OpenSSH's askpass: the desktop gives the ssh it starts SSH_ASKPASS
// (a launcher for dist/askpass.cjs) and SSH_ASKPASS_REQUIRE=force, so a host-key question
// or a password prompt comes here instead of a terminal the app may not have. The
// launcher, the program and the socket live in a fresh 0700 folder with a random name,
// and each question must carry the random token given only to our ssh. Questions are
// shown one at a time; whatever is not answered by the user (an error, a closed
// window, a dropped ssh) is answered no.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { shellQuote } from '../../shared/shell-words';
import { setSshPromptEnv } from './bootstrap';
import {
  answerText,
  classifyPrompt,
  MAX_PROMPT_CHARS,
  type SshAnswer,
  type SshQuestion,
} from '../../shared/ssh-prompt';

/** Shows the question to the user; resolves with their answer, or null for no / cancel. */
export type AskUser = (question: SshQuestion, signal: AbortSignal) => Promise<SshAnswer>;

export interface AskpassServer {
  /** What ssh's environment needs for its questions to come here. */
  readonly env: Record<string, string>;
  readonly dir: string;
  close(): Promise<void>;
}

export interface AskpassOptions {
  /** The askpass program (default: dist/askpass.cjs found beside this bundle). */
  program?: string;
  /** The node that runs it (default: this process's, as node when it is Electron). */
  nodePath?: string;
  env?: NodeJS.ProcessEnv;
}

export function askpassProgramPath(): string {
  const candidates = [
    path.join(__dirname, 'askpass.cjs'),
    path.resolve(__dirname, '../askpass.cjs'),
    path.resolve(__dirname, '../../dist/askpass.cjs'),
  ];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error('the askpass program is not built (no dist/askpass.cjs); run `npm run build` first');
  return found;
}

function sameToken(given: unknown, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * One askpass request (a JSON line) to its reply line. The pure core of the server: a
 * wrong token or a malformed request is refused without asking the user anything.
 */
export async function replyTo(line: string, token: string, ask: AskUser, signal: AbortSignal): Promise<string> {
  let req: { token?: unknown; prompt?: unknown; promptEnv?: unknown; folder?: unknown };
  try {
    req = JSON.parse(line) as typeof req;
  } catch {
    return `${JSON.stringify({ answer: null, error: 'not a request' })}\n`;
  }
  if (!req || typeof req !== 'object' || !sameToken(req.token, token) || typeof req.prompt !== 'string')
    return `${JSON.stringify({ answer: null, error: 'refused' })}\n`;
  const question = classifyPrompt(
    req.prompt,
    typeof req.promptEnv === 'string' ? req.promptEnv : undefined,
    typeof req.folder === 'string' ? req.folder : null,
  );
  let chosen: SshAnswer = null;
  try {
    chosen = await ask(question, signal);
  } catch {
    chosen = null;
  }
  return `${JSON.stringify({ answer: signal.aborted ? null : answerText(question, chosen) })}\n`;
}

export async function startAskpassServer(ask: AskUser, opts: AskpassOptions = {}): Promise<AskpassServer> {
  const env = opts.env ?? process.env;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runyard-askpass-'));
  fs.chmodSync(dir, 0o700);
  const program = path.join(dir, 'askpass.cjs');
  fs.writeFileSync(program, fs.readFileSync(opts.program ?? askpassProgramPath()), { mode: 0o600 });
  const launcher = path.join(dir, 'askpass');
  const node = opts.nodePath ?? process.execPath;
  // ssh execs SSH_ASKPASS with the prompt as its one argument; Electron runs the script as plain node.
  fs.writeFileSync(
    launcher,
    `#!/bin/sh\nELECTRON_RUN_AS_NODE=1 exec ${shellQuote(node)} ${shellQuote(program)} "$@"\n`,
    { mode: 0o700 },
  );
  const socketPath = path.join(dir, `${randomBytes(6).toString('hex')}.sock`);
  const token = randomBytes(32).toString('hex');

  // One question on screen at a time, in the order they came.
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = (fn: () => Promise<string>): Promise<string> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };

  const sockets = new Set<net.Socket>();
  const server = net.createServer((conn) => {
    sockets.add(conn);
    const gone = new AbortController();
    conn.on('close', () => {
      sockets.delete(conn);
      gone.abort();
    });
    conn.on('error', () => undefined);
    conn.setEncoding('utf8');
    let buf = '';
    conn.on('data', (chunk: string) => {
      if (buf.includes('\n')) return;
      buf += chunk;
      if (buf.length > 4 * MAX_PROMPT_CHARS) return void conn.destroy();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      const line = buf.slice(0, nl);
      void inTurn(() => (gone.signal.aborted ? Promise.resolve('') : replyTo(line, token, ask, gone.signal))).then(
        (reply) => {
          if (!conn.destroyed) conn.end(reply);
        },
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  fs.chmodSync(socketPath, 0o600);
  // It serves while the app runs; it is no reason for the app to keep running.
  server.unref();

  return {
    dir,
    env: {
      SSH_ASKPASS: launcher,
      SSH_ASKPASS_REQUIRE: 'force',
      // OpenSSH before 8.4 knows no SSH_ASKPASS_REQUIRE and asks a program only with a DISPLAY.
      ...(env.DISPLAY ? {} : { DISPLAY: ':0' }),
      RUNYARD_ASKPASS_SOCKET: socketPath,
      RUNYARD_ASKPASS_TOKEN: token,
    },
    // The folder goes at once, so an app quitting right after leaves nothing behind.
    close: async () => {
      for (const s of sockets) s.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
      await closed;
    },
  };
}

/**
 * Sends the questions of every ssh started from now on to `ask` (the UI: electron/api/ssh-questions.ts)
 * instead of a terminal. Null, with a line in the log, where that cannot be (Windows' ssh has no
 * askpass socket; a temporary folder that cannot be made); ssh then asks where it can.
 */
export async function routeSshQuestions(ask: AskUser, log: (line: string) => void): Promise<AskpassServer | null> {
  if (process.platform === 'win32') return null;
  try {
    const server = await startAskpassServer(ask);
    setSshPromptEnv(server.env);
    return {
      ...server,
      close: async () => {
        setSshPromptEnv({});
        await server.close();
      },
    };
  } catch (e) {
    log(`runyard: ssh's questions will go to the terminal, if there is one: ${e instanceof Error ? e.message : e}`);
    return null;
  }
}
