// What a remote writes reaches the user's terminal only made safe: a fake "ssh" (a real
// child process named by RUNYARD_SSH_COMMAND) stands for a machine that tries to drive the
// terminal with escape sequences. And a RUNYARD_REMOTE_NODE the remote's shell would read
// otherwise than as written is refused before anything is started.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { AGENT_OUTPUT_MARK } from '../../electron/remote/agent-output';
import { CLI, runCliAsync } from '../helpers/cli';
import { tempDir } from '../helpers/dirs';

const ESC = '\u001b';

function fakeSsh(): { env: NodeJS.ProcessEnv; started: string } {
  const d = tempDir('runyard-fake-ssh-');
  const started = path.join(d, 'started');
  const file = path.join(d, 'fake-ssh.cjs');
  fs.writeFileSync(
    file,
    [
      `require('fs').writeFileSync(${JSON.stringify(started)}, '');`,
      `process.stderr.write('runyard: no such folder \\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m there\\n');`,
      `process.stdout.write(${JSON.stringify(AGENT_OUTPUT_MARK + '\n')});`,
      `process.stdout.write('a,b\\r\\n1,2\\r\\nfake \\u001b[8m hidden \\r over\\n');`,
      'process.exit(1);',
    ].join('\n'),
  );
  return { env: { RUNYARD_DIR: '', RUNYARD_SSH_COMMAND: `${process.execPath} ${file}` }, started };
}

describe("the remote's output on the user's terminal", () => {
  test('escape sequences on stderr are shown escaped; stdout to a pipe keeps the bytes sent', async () => {
    const { env } = fakeSsh();
    const r = await runCliAsync(['--dir', 'ssh://cluster.example.org/srv/runs', 'list'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('runyard: no such folder \\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m there\n');
    expect(r.stdout).toBe('a,b\r\n1,2\r\nfake \u001b[8m hidden \r over\n');
  });

  test('stdout to a terminal is shown escaped too, keeping the line ends of CSV', () => {
    const { env } = fakeSsh();
    // script(1) gives the CLI a real pseudo-terminal for its stdout and stderr.
    const cmd = `${process.execPath} ${CLI} --dir ssh://cluster.example.org/srv/runs list`;
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', env: { ...process.env, ...env } });
    // The terminal turns each \n into \r\n; a CSV line end kept whole shows as no escaped \u000d.
    const shown = r.stdout.replace(/\r/g, '');
    expect(shown).toContain('a,b\n1,2\nfake \\u001b[8m hidden \\u000d over\n');
    expect(shown).toContain('runyard: no such folder \\u001b]0;pwned');
    expect(r.stdout).not.toContain(ESC);
  });

  test('a RUNYARD_REMOTE_NODE the remote shell would misread is refused, and ssh is not started', async () => {
    for (const node of ['/opt/node!x/bin/node', '/opt/node\n/bin/node', '-c']) {
      const { env, started } = fakeSsh();
      const r = await runCliAsync(['--dir', 'ssh://cluster.example.org/srv/runs', 'list'], {
        ...env,
        RUNYARD_REMOTE_NODE: node,
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`RUNYARD_REMOTE_NODE: ${JSON.stringify(node)} cannot be passed to the remote's shell`);
      expect(fs.existsSync(started)).toBe(false);
    }
  });
});
