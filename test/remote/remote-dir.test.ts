// Which --dir values name a folder on another machine, and how one written wrong is said.
import { describe, expect, test } from 'vitest';
import { formatRemoteDir, parseRemoteDir, RemoteDirError, sshDestination } from '../../shared/remote-dir';

describe('remote runs folders: ssh:// and host:path', () => {
  test.each([
    ['ssh://cluster/srv/runs', { host: 'cluster', path: '/srv/runs', form: 'url' }],
    [
      'ssh://alice@cluster.example.org:2222/srv/runs',
      { user: 'alice', host: 'cluster.example.org', port: 2222, path: '/srv/runs', form: 'url' },
    ],
    ['ssh://cluster/~/june/runs', { host: 'cluster', path: 'june/runs', form: 'url' }],
    ['ssh://[::1]:22/runs', { host: '::1', port: 22, path: '/runs', form: 'url' }],
    ['cluster:runs', { host: 'cluster', path: 'runs', form: 'scp' }],
    ['alice@cluster:~/june/runs', { user: 'alice', host: 'cluster', path: 'june/runs', form: 'scp' }],
    ['cluster:/scratch/a:b', { host: 'cluster', path: '/scratch/a:b', form: 'scp' }],
    ['[fe80::1%eth0]:/runs', { host: 'fe80::1%eth0', path: '/runs', form: 'scp' }],
  ])('%s is remote', (text, want) => {
    expect(parseRemoteDir(text)).toEqual(want);
  });

  test.each(['runs', './a:b', '/srv/a:b', 'C:\\runs', 'C:/runs', 'C:', 'a/b:c', '../x:y', ''])(
    '%s is a local folder',
    (text) => {
      expect(parseRemoteDir(text)).toBeNull();
    },
  );

  test.each([
    ['ssh://cluster', /names no folder/],
    ['cluster:', /names no folder/],
    ['cluster:~', /names no folder/],
    ['ssh://cluster:99999/runs', /not a port number/],
    ['ssh://cluster:ab/runs', /not a port number/],
    ['ssh:///runs', /names no host/],
    [':runs', /names no host/],
    ['-oProxyCommand=touch_x:runs', /may not start with "-"/],
    ['ssh://-oProxyCommand=x/runs', /may not start with "-"/],
    ['a;b:runs', /not a host name/],
    ['ssh://$(touch x)/runs', /not a host name/],
    ['bad user@host:runs', /not a user name/],
    ['-x@host:runs', /not a user name/],
    ['host:~bob/runs', /~user paths are not supported/],
    ['host:a\nb', /line break/],
    ['sftp://host/runs', /only ssh:\/\//],
  ])('%s is refused, saying what is wrong', (text, message) => {
    expect(() => parseRemoteDir(text)).toThrow(RemoteDirError);
    expect(() => parseRemoteDir(text)).toThrow(message);
  });

  test('a remote folder is shown back as it was written, and ssh gets user@host', () => {
    for (const text of [
      'ssh://alice@cluster:2222/srv/runs',
      'ssh://cluster/~/runs',
      'alice@cluster:/srv/runs',
      'cluster:~/runs',
      'ssh://[::1]:2222/runs',
    ]) {
      expect(formatRemoteDir(parseRemoteDir(text)!)).toBe(text);
    }
    expect(sshDestination(parseRemoteDir('alice@cluster:runs')!)).toBe('alice@cluster');
  });
});
