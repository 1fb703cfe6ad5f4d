// The mark that separates the login shell's text from the agent's, however ssh cuts the bytes.
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { AGENT_OUTPUT_MARK, agentOutput } from '../../electron/remote/agent-output';

async function split(chunks: string[]): Promise<{ agent: string; shell: string }> {
  let shell = '';
  const out = agentOutput(Readable.from(chunks.map((c) => Buffer.from(c))), (t) => (shell += t.toString()));
  let agent = '';
  for await (const c of out) agent += (c as Buffer).toString();
  return { agent, shell };
}

describe('agentOutput', () => {
  const whole = `Welcome\nLoading gcc...${AGENT_OUTPUT_MARK}\n{"a":1}\n${AGENT_OUTPUT_MARK}\n`;

  test('in one piece, in every two pieces, and byte by byte', async () => {
    const want = { agent: `{"a":1}\n${AGENT_OUTPUT_MARK}\n`, shell: 'Welcome\nLoading gcc...' };
    expect(await split([whole])).toEqual(want);
    for (let i = 1; i < whole.length; i++) expect(await split([whole.slice(0, i), whole.slice(i)])).toEqual(want);
    expect(await split([...whole])).toEqual(want);
  });

  test('without a mark (the script stopped first) all of it is the shell text', async () => {
    const text = 'Welcome\n'.repeat(100) + AGENT_OUTPUT_MARK;
    expect(await split([text.slice(0, 50), text.slice(50)])).toEqual({ agent: '', shell: text });
  });

  test('nothing before the mark: the agent output only', async () => {
    expect(await split([`${AGENT_OUTPUT_MARK}\n`, 'x'])).toEqual({ agent: 'x', shell: '' });
  });
});
