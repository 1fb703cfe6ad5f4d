// What the remote login shell prints is not the agent's. Many clusters' ~/.bashrc or
// module system write banners to stdout even for a non-interactive ssh session, and
// that text would land in the JSON lines (serve --stdio) or before `list --json`. The
// script prints AGENT_OUTPUT_MARK on a line of its own right before it starts the
// agent; everything before it is the shell's. The mark is looked for anywhere, not only
// at a line start, since a banner need not end with a line break.
import { Transform, type Readable, type TransformCallback } from 'node:stream';

/** Printed by the script (bootstrap.ts) on stdout just before `exec` of the agent. */
export const AGENT_OUTPUT_MARK = 'runyard-agent-output-starts-here-4b7e1d';

const MARK = Buffer.from(`${AGENT_OUTPUT_MARK}\n`);

/**
 * Passes on only what comes after the mark; `before` gets the shell's text (in pieces as
 * it comes, and what is held back when the stream ends without the mark).
 */
export class AfterMark extends Transform {
  private held: Buffer | null = Buffer.alloc(0);

  constructor(private readonly before: (text: Buffer) => void = () => undefined) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (!this.held) return done(null, chunk);
    const seen = Buffer.concat([this.held, chunk]);
    const at = seen.indexOf(MARK);
    if (at >= 0) {
      if (at > 0) this.before(seen.subarray(0, at));
      this.held = null;
      const rest = seen.subarray(at + MARK.length);
      return done(null, rest.length ? rest : undefined);
    }
    // Only a tail that could be the mark's start is held back, so the shell's text is not delayed behind later stderr.
    let tail = Math.min(seen.length, MARK.length - 1);
    while (tail > 0 && !seen.subarray(seen.length - tail).equals(MARK.subarray(0, tail))) tail--;
    if (seen.length > tail) this.before(seen.subarray(0, seen.length - tail));
    this.held = seen.subarray(seen.length - tail);
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.held?.length) this.before(this.held);
    this.held = null;
    done();
  }
}

/** The agent's own output from `stream`, the shell's text before it going to `before`. */
export function agentOutput(stream: Readable, before?: (text: Buffer) => void): Readable {
  return stream.pipe(new AfterMark(before));
}
