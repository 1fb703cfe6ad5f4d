// What the user reads when ssh cannot reach the host at all: the name ssh does not know,
// a port nothing listens on, and the local folder whose name scp's rule reads as host:path.
// Real ssh, real CLI; no server is needed, since nothing is reached.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { sshRefusedForGood } from '../../electron/remote/ssh-failure';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/dirs';

const hasSsh = ['/usr/bin/ssh', '/bin/ssh'].some((p) => fs.existsSync(p));
if (!hasSsh) process.stderr.write('SKIPPED ssh-failure tests: no ssh client (apt-get install openssh-client)\n');
const describeSsh = hasSsh ? describe : describe.skip;

// BatchMode: no question can hang the test if the resolver ever did answer.
const env = { RUNYARD_SSH_COMMAND: 'ssh -o BatchMode=yes -o ConnectTimeout=5' };

describeSsh('ssh cannot reach the host', () => {
  test('a host name ssh does not know is named, with where to add it', () => {
    const r = runCli(['--dir', 'nosuch.invalid:runs', 'list'], { env, cwd: tempDir() });
    expect(r.code).toBe(255);
    expect(r.stderr).toContain(
      'could not reach nosuch.invalid:~/runs over ssh: ssh knows no host named nosuch.invalid: check the name, or give it a Host entry in ~/.ssh/config',
    );
    expect(r.stderr).not.toContain('local folder');
  });

  test('a local folder whose name has a colon gets told how to write it as a local folder', () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, 'nosuch.invalid:1'));
    const r = runCli(['--dir', 'nosuch.invalid:1', 'list'], { env, cwd });
    expect(r.code).toBe(255);
    expect(r.stderr).toContain(
      'There is a local folder named nosuch.invalid:1 here: write ./nosuch.invalid:1 to open it instead',
    );
    // And written so, it is the local folder (empty, so no runs and no error).
    const local = runCli(['--dir', './nosuch.invalid:1', 'list', '--json'], { env, cwd });
    expect(local.code).toBe(0);
    expect(JSON.parse(local.stdout)).toEqual([]);
  });

  test('ssh or node settings that cannot be used are said once, before anything is started', () => {
    const r = runCli(['--dir', 'ssh://127.0.0.1:1/runs', 'list', '--json'], {
      env: { RUNYARD_SSH_COMMAND: 'ssh "-o BatchMode=yes' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^runyard: RUNYARD_SSH_COMMAND: /)]);
    const node = runCli(['--dir', 'ssh://127.0.0.1:1/runs', 'show', 'x'], {
      env: { ...env, RUNYARD_REMOTE_NODE: '-e' },
    });
    expect(node.code).toBe(1);
    expect(node.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^runyard: RUNYARD_REMOTE_NODE: "-e" cannot be passed to the remote's shell/),
    ]);
  });

  test('a port nothing listens on says the connection was refused on that port', () => {
    const r = runCli(['--dir', 'ssh://127.0.0.1:1/runs', 'list'], { env });
    expect(r.code).toBe(255);
    expect(r.stderr).toContain('127.0.0.1 refused the connection on port 1: nothing there takes ssh on that port');
  });
});

describe('which ssh failures retrying cannot mend', () => {
  test('a refused login or host key, but not a network that is down', () => {
    const lasting = [
      'root@127.0.0.1: Permission denied (publickey).',
      'Host key verification failed.',
      '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
    ];
    for (const line of lasting) expect(sshRefusedForGood(['some banner', line])).toBe(true);
    const passing = [
      'ssh: connect to host 10.0.0.1 port 22: Connection timed out',
      'ssh: Could not resolve hostname cluster: Temporary failure in name resolution',
      'ssh: connect to host 127.0.0.1 port 1: Connection refused',
      'Connection to cluster closed by remote host.',
    ];
    for (const line of passing) expect(sshRefusedForGood([line])).toBe(false);
  });
});
