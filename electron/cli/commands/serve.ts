// `runyard serve`: the desktop UI in a browser, for runs on a remote machine reached
// through an SSH tunnel. Loopback only unless --host says otherwise; every request
// needs the printed token; --read-only refuses every change.
import os from 'node:os';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { Backend } from '../../api/backend';
import { routeSshQuestions } from '../../remote/askpass-server';
import { StoreError } from '../../ops/folder';
import { newToken } from '../../server/auth';
import { startServer, urlHost } from '../../server/http-server';
import { openBrowser } from '../../server/open-browser';
import { defaultRendererDir, hasBuild } from '../../server/static-files';
import { UsageError, type CliContext } from '../context';

export const DEFAULT_PORT = 8642;

interface ServeOptions {
  host: string;
  port: number;
  readOnly?: boolean;
  open?: boolean;
  watch?: 'auto' | 'native' | 'poll';
  pollInterval?: number;
  stdio?: boolean;
}

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError(`expected a port number 0-65535, got ${JSON.stringify(v)}`);
  return n;
}

function interval(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 250)
    throw new InvalidArgumentError(`expected milliseconds, at least 250, got ${JSON.stringify(v)}`);
  return n;
}

export const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

export function registerServeCommand(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description(
      'serve the Runyard UI for runs folders (--dir, and any given here; local, or ssh://host/path on another machine) to a browser',
    )
    .argument(
      '[dirs...]',
      'more runs folders to show beside --dir (local paths, ssh://[user@]host[:port]/path or host:path)',
    )
    .addHelpText(
      'after',
      `
Several folders:           runyard serve ~/runs ssh://cluster/~/june/runs
  (a remote folder is read through your ssh by a small agent Runyard starts there)
Or, on the cluster:        runyard --dir ~/june/runs serve
then on your own computer: ssh -N -L ${DEFAULT_PORT}:127.0.0.1:${DEFAULT_PORT} cluster
and open the printed address (it carries the access token).`,
    )
    .option('--host <host>', 'address to listen on; anything but loopback exposes Runyard to the network', '127.0.0.1')
    .option('--port <n>', 'port to listen on, 0 for any free one', port, DEFAULT_PORT)
    .option('--read-only', 'refuse every request that changes files or settings')
    .option('--open', 'open the address in the default browser')
    .addOption(
      new Option(
        '--watch <mode>',
        'how to notice changes: auto, native (inotify/FSEvents) or poll (network filesystems)',
      ).choices(['auto', 'native', 'poll']),
    )
    .option('--poll-interval <ms>', 'polling interval with --watch poll', interval)
    .option('--stdio', 'speak the API on stdin/stdout instead (what Runyard starts over ssh for a remote folder)')
    .action(async (given: string[], o: ServeOptions) => {
      if (o.stdio) return (await import('./serve-stdio')).serveStdio(ctx, o);
      // An empty --host would make Node listen on every address: the opposite of what was typed.
      if (!o.host.trim())
        throw new UsageError(`--host wants an address to listen on, such as 127.0.0.1; got ${JSON.stringify(o.host)}`);
      if (o.host !== o.host.trim()) throw new UsageError(`--host ${JSON.stringify(o.host)} has spaces around it`);
      const backend = new Backend({
        transport: 'websocket',
        readOnly: Boolean(o.readOnly),
        watch: { mode: o.watch, pollIntervalMs: o.pollInterval },
      });
      const dirs = given.length && !ctx.opts.dir ? given : [ctx.folder, ...given];
      try {
        await backend.openAtStart(dirs);
      } catch (e) {
        await backend.close();
        if (e instanceof StoreError && e.code === 'not-found' && !ctx.opts.dir && !given.length)
          throw new StoreError('not-found', `${e.message}; say which runs folder to serve with --dir DIR`);
        throw e;
      }
      // From here on (a folder opened from the browser, a reconnect) ssh asks the user in the browser; the
      // folders above asked on the terminal serve was started from. A read-only viewer decides nothing.
      const askpass = o.readOnly
        ? null
        : await routeSshQuestions(backend.sshQuestions.ask, (m) => process.stderr.write(`${m}\n`));
      const token = newToken();
      const rendererDir = defaultRendererDir();
      let server;
      try {
        server = await startServer({
          backend,
          token,
          host: o.host,
          port: o.port,
          rendererDir,
          onWarning: (m) => process.stderr.write(`runyard: ${m}\n`),
        });
      } catch (e) {
        await askpass?.close();
        await backend.close();
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE')
          throw new StoreError(
            'refused',
            `port ${o.port} on ${o.host} is in use; choose another with --port (0 picks a free one)`,
          );
        if (code === 'EADDRNOTAVAIL')
          throw new StoreError('refused', `${o.host} is not an address of this machine (--host)`);
        throw e;
      }
      const wildcard = o.host === '0.0.0.0' || o.host === '::';
      const shown = wildcard ? server.url.replace(`//${urlHost(o.host)}:`, `//${os.hostname()}:`) : server.url;
      if (!isLoopback(o.host)) {
        process.stderr.write(
          `runyard: WARNING: listening on ${o.host}, not loopback: anyone who can reach this machine and learns the token can ${o.readOnly ? 'read your runs' : 'read and change your runs'}. The connection is not encrypted; prefer the default 127.0.0.1 with an SSH tunnel.\n`,
        );
      }
      if (!hasBuild(rendererDir))
        process.stderr.write(
          'runyard: the UI is not built (no dist/renderer); run `npm run build` first. The API works meanwhile.\n',
        );
      ctx.print(
        [
          `Runyard is serving ${backend
            .listDirs()
            .map((f) => f.dir)
            .join(', ')}${o.readOnly ? ' (read-only)' : ''}`,
          `Open: ${shown}`,
          isLoopback(o.host)
            ? `From your own computer: ssh -N -L ${server.port}:127.0.0.1:${server.port} ${os.hostname()}  then open the address above there.`
            : '',
          'Press Ctrl+C to stop.',
        ]
          .filter(Boolean)
          .join('\n'),
      );
      // The browser on this machine reaches a wildcard listener at loopback (0.0.0.0 is no Host the server answers).
      const local = wildcard ? server.url.replace(`//${urlHost(o.host)}:`, '//127.0.0.1:') : server.url;
      if (o.open) openBrowser(local, (m) => process.stderr.write(`runyard: ${m}\n`));

      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          process.stderr.write(`runyard: ${signal}: shutting down\n`);
          const force = setTimeout(() => process.exit(1), 5000);
          force.unref();
          void server
            .close()
            .then(() => askpass?.close())
            .then(resolve);
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
      // Detached resume commands keep running; nothing of ours should hold the process open.
      process.exit(0);
    });
}
