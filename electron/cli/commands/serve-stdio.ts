// `runyard serve --stdio`: the API on stdin/stdout, one JSON message a line, for the
// workstation that started this process over ssh (electron/remote/agent-client.ts).
// Nothing listens on a port; the session ends when stdin does (the connection dropped
// or the workstation hung up), and with it every watcher.
import { Backend } from '../../api/backend';
import { StdioTransport } from '../../server/stdio-transport';
import type { CliContext } from '../context';

export async function serveStdio(
  ctx: CliContext,
  o: { readOnly?: boolean; watch?: 'auto' | 'native' | 'poll'; pollInterval?: number },
): Promise<never> {
  const backend = new Backend({
    transport: 'websocket',
    readOnly: Boolean(o.readOnly),
    watch: { mode: o.watch, pollIntervalMs: o.pollInterval },
  });
  try {
    await backend.openDir(ctx.dir);
  } catch (e) {
    await backend.close();
    throw e;
  }
  const transport = new StdioTransport(backend, process.stdin, process.stdout);
  await transport.closed;
  const force = setTimeout(() => process.exit(0), 3000);
  force.unref();
  await backend.close();
  process.exit(0);
}
