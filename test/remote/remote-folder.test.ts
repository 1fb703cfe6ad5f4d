// A remote runs folder held by the backend beside a local one, through a real OpenSSH
// server on loopback: its requests go to the agent, its changes come back as events
// tagged with its ssh:// id, and a followed log reaches the session that asked, before
// and after the connection drops.
// Skips, saying why, when sshd cannot be started.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import type { DirSnapshot, FolderInfo } from '../../shared/api/models';
import type { ApiResult } from '../../shared/api/result';
import { eventsNamed, inProcess } from '../helpers/api';
import { tempDir } from '../helpers/dirs';
import { makeRun } from '../helpers/live-runs';
import { sleep, until } from '../helpers/poll';
import { useSshd } from '../helpers/use-sshd';

const { sshd, describeSsh } = await useSshd('remote-folder tests', {
  env: { RUNYARD_CACHE_DIR: 'off' },
  clientEnv: true,
});

const value = <T = unknown>(r: ApiResult<unknown>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value as T;
};

describeSsh('a remote folder beside a local one', () => {
  test('lists both, answers for the remote one through its agent, and passes on its changes and log', async () => {
    const local = tempDir('runyard-local-');
    const cluster = tempDir('runyard-cluster-');
    makeRun(local, 'here-1');
    makeRun(cluster, 'there-1', 'running');
    fs.writeFileSync(path.join(cluster, 'there-1', 'logs', 'simulation.log'), 'step 1\n');
    const remote = `ssh://127.0.0.1:${sshd!.port}${cluster}`;
    const { call, backend, events } = inProcess();
    value(await call('dir.open', { dir: local }));
    const snap = value<DirSnapshot>(await call('dir.open', { dir: remote }));
    expect(snap.dir).toBe(remote);
    expect(snap.runs.map((r) => r.run_id)).toEqual(['there-1']);
    expect(value<FolderInfo[]>(await call('dir.list', {}))).toEqual([
      { dir: local, kind: 'local', state: 'live', runs: 1, current: false },
      { dir: remote, kind: 'remote', state: 'live', host: '127.0.0.1', runs: 1, current: true },
    ]);

    // Named by its id, or current: the agent answers either way.
    expect(
      value<{ run: { status: string } }>(await call('run.get', { dir: remote, run_id: 'there-1' })).run.status,
    ).toBe('running');
    expect(await call('run.get', { dir: local, run_id: 'there-1' })).toMatchObject({ ok: false });
    expect(value<DirSnapshot>(await call('runs.snapshot', { dir: remote })).dir).toBe(remote);

    const follow = value<{ subscription: string; chunk: { text: string } }>(
      await call('log.follow', { dir: remote, run_id: 'there-1', path: 'logs/simulation.log' }),
    );
    expect(follow.chunk.text).toBe('step 1\n');
    // The "cluster" writes: a new run and a line of log.
    makeRun(cluster, 'there-2');
    fs.appendFileSync(path.join(cluster, 'there-1', 'logs', 'simulation.log'), 'step 2\n');
    await until('the remote delta, tagged with its folder', () =>
      eventsNamed(events, 'runs.delta').find(
        (d) =>
          (d as { dir?: string }).dir === remote &&
          (d as { added: { run_id: string }[] }).added.some((r) => r.run_id === 'there-2'),
      ),
    );
    await until('the followed log line', () =>
      eventsNamed(events, 'log.data').find(
        (d) =>
          (d as { subscription: string }).subscription === follow.subscription &&
          (d as { text: string }).text.includes('step 2'),
      ),
    );
    await until('dir.list counting two remote runs', () =>
      eventsNamed(events, 'dir.list').some((l) => (l as FolderInfo[]).find((f) => f.dir === remote)?.runs === 2),
    );

    // The connection drops: the folder shows as reconnecting, then live again with what changed meanwhile.
    const stateOf = (l: unknown) => (l as FolderInfo[]).find((f) => f.dir === remote);
    (backend as any).folders.byId(remote).remote.client.child.kill('SIGKILL');
    await until('dir.list saying reconnecting', () =>
      eventsNamed(events, 'dir.list').some((l) => stateOf(l)?.state === 'reconnecting'),
    );
    expect(
      eventsNamed(events, 'dir.list')
        .map(stateOf)
        .find((f) => f?.state === 'reconnecting'),
    ).toMatchObject({
      message: expect.stringContaining('lost the connection to 127.0.0.1'),
    });
    makeRun(cluster, 'there-3');
    await until(
      'dir.list live again, counting the run made while away',
      () => {
        const last = stateOf(eventsNamed(events, 'dir.list').at(-1));
        return last?.state === 'live' && last.runs === 3;
      },
      20_000,
    );
    expect(
      value<DirSnapshot>(await call('runs.snapshot', { dir: remote }))
        .runs.map((r) => r.run_id)
        .sort(),
    ).toEqual(['there-1', 'there-2', 'there-3']);

    value(await call('dir.close', { dir: remote }));
    expect(value<FolderInfo[]>(await call('dir.list', {})).map((f) => f.dir)).toEqual([local]);
    await backend.close();
  }, 60_000);

  test('a followed log and a watched run carry on after a reconnect, under the ids the client was given', async () => {
    const cluster = tempDir('runyard-cluster-');
    makeRun(cluster, 'there-1', 'running');
    const log = path.join(cluster, 'there-1', 'logs', 'simulation.log');
    fs.writeFileSync(log, 'step 1\n');
    const remote = `ssh://127.0.0.1:${sshd!.port}${cluster}`;
    const { call, backend, events, session } = inProcess();
    value(await call('dir.open', { dir: remote }));
    const follow = value<{ subscription: string; chunk: { text: string } }>(
      await call('log.follow', { dir: remote, run_id: 'there-1', path: 'logs/simulation.log' }),
    );
    const watch = value<{ subscription: string }>(await call('run.watch', { dir: remote, run_id: 'there-1' }));
    type LogData = { subscription: string; text: string; truncated: boolean };
    const logData = () => eventsNamed(events, 'log.data') as LogData[];
    const ours = () => logData().filter((d) => d.subscription === follow.subscription);
    expect(session.subscriptionCount).toBe(2);

    const client = (backend as any).folders.byId(remote).remote.client;
    const firstAgent = client.child;
    firstAgent.kill('SIGKILL');
    await until('the folder reconnecting', () => client.state === 'reconnecting');
    // Written while nobody was connected.
    fs.appendFileSync(log, 'step 2 (while away)\n');
    await until('the folder live again', () => client.state === 'connected' && client.child !== firstAgent, 20_000);

    // The client sees the fresh tail, marked as not continuing what it had.
    const tail = await until('the re-followed tail', () => ours().find((d) => d.truncated));
    expect(tail.text).toBe('step 1\nstep 2 (while away)\n');
    fs.appendFileSync(log, 'step 3\n');
    await until('a line written after the reconnect, under the original id', () =>
      ours().find((d) => d.text.includes('step 3')),
    );
    // No event leaks out under the new agent's ids.
    expect(session.subscriptionCount).toBe(2);
    const known = new Set([follow.subscription, watch.subscription]);
    expect(logData().every((d) => known.has(d.subscription))).toBe(true);

    fs.writeFileSync(path.join(cluster, 'there-1', 'logs', 'new.log'), 'x\n');
    await until('the watched run reporting a new file, under the original id', () =>
      eventsNamed(events, 'run.fileEvent').find(
        (e) =>
          (e as { subscription: string }).subscription === watch.subscription &&
          (e as { path: string }).path.endsWith('new.log'),
      ),
    );

    // Unfollowing with the original id stops the log; unwatching stops the run's events.
    expect(value(await call('log.unfollow', { dir: remote, subscription: follow.subscription }))).toBeNull();
    expect(value(await call('run.unwatch', { dir: remote, subscription: watch.subscription }))).toBeNull();
    const seen = events.length;
    fs.appendFileSync(log, 'step 4 (unfollowed)\n');
    fs.writeFileSync(path.join(cluster, 'there-1', 'logs', 'after.log'), 'y\n');
    await sleep(2000);
    const later = events.slice(seen).map((e) => e.event);
    expect(later).not.toContain('log.data');
    expect(later).not.toContain('run.fileEvent');
    expect(session.subscriptionCount).toBe(0);
    await backend.close();
  }, 60_000);

  test('after a reconnect, a log that is gone is waited for and a run that is gone ends its subscription', async () => {
    const cluster = tempDir('runyard-cluster-');
    makeRun(cluster, 'stays', 'running');
    makeRun(cluster, 'goes', 'running');
    const stayingLog = path.join(cluster, 'stays', 'logs', 'simulation.log');
    fs.writeFileSync(stayingLog, 'old 1\n');
    fs.writeFileSync(path.join(cluster, 'goes', 'logs', 'simulation.log'), 'bye\n');
    const remote = `ssh://127.0.0.1:${sshd!.port}${cluster}`;
    const { call, backend, events, session } = inProcess();
    value(await call('dir.open', { dir: remote }));
    const follow = (run_id: string) =>
      call('log.follow', { dir: remote, run_id, path: 'logs/simulation.log' }).then((r) =>
        value<{ subscription: string }>(r),
      );
    const staying = await follow('stays');
    await follow('goes');
    expect(session.subscriptionCount).toBe(2);

    const client = (backend as any).folders.byId(remote).remote.client;
    const firstAgent = client.child;
    firstAgent.kill('SIGKILL');
    await until('the folder reconnecting', () => client.state === 'reconnecting');
    fs.rmSync(stayingLog);
    fs.rmSync(path.join(cluster, 'goes'), { recursive: true });
    await until('the folder live again', () => client.state === 'connected' && client.child !== firstAgent, 20_000);

    await until('the follow of the removed run ended', () => session.subscriptionCount === 1, 10_000);
    // The log comes back (a new file): its client is shown it from the start.
    fs.writeFileSync(stayingLog, 'new 1\n');
    const back = await until('the log that came back', () =>
      eventsNamed(events, 'log.data').find(
        (d) =>
          (d as { subscription: string }).subscription === staying.subscription &&
          (d as { text: string }).text.includes('new 1'),
      ),
    );
    expect(back).toMatchObject({ truncated: true, text: 'new 1\n', offset: 0 });
    expect(value(await call('log.unfollow', { dir: remote, subscription: staying.subscription }))).toBeNull();
    expect(session.subscriptionCount).toBe(0);
    await backend.close();
  }, 60_000);
});
