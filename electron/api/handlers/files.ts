// A run's files: paged listings, bounded reads, images, following a log, watching a
// run's checkpoints/ and logs/. Every path is confined to the run folder (run-files.ts).
import { StoreError } from '../../ops/folder';
import { LogFollower } from '../log-follower';
import { listRunFiles, MAX_CHUNK, readRange, readRunFile, toChunk } from '../run-files';
import { readRunImage } from '../run-image';
import { withRunFile } from '../safe-open';
import { MAX_SUBSCRIPTIONS, type Session } from '../session';
import type { HandlerTable } from '../dispatcher';

function needRoom(session: Session): void {
  if (!session.hasRoom())
    throw new StoreError(
      'refused',
      `too many open subscriptions (${MAX_SUBSCRIPTIONS}); close a followed log or watched run first`,
    );
}

export const fileHandlers: Pick<
  HandlerTable,
  'run.files' | 'run.readFile' | 'run.readImage' | 'log.follow' | 'log.unfollow' | 'run.watch' | 'run.unwatch'
> = {
  'run.files': ({ run_id, folder, offset, limit }, { backend }) => {
    const { store } = backend.requireDir();
    if (!store.exists(run_id)) throw new StoreError('not-found', `no run ${run_id} in ${store.dir}`);
    return listRunFiles(store.dir, run_id, folder, offset, limit);
  },

  'run.readFile': ({ run_id, path, offset, length, tail }, { backend }) =>
    readRunFile(backend.requireDir().store.dir, run_id, path, { offset, length, tail }),

  'run.readImage': ({ run_id, path }, { backend }) => readRunImage(backend.requireDir().store.dir, run_id, path),

  'log.follow': ({ run_id, path }, { backend, session }) => {
    needRoom(session);
    const target = { base: backend.requireDir().store.dir, runId: run_id, path };
    const { raw, ino, full } = withRunFile(target.base, run_id, path, ({ fd, st, full }) => ({
      raw: readRange(fd, st, { length: MAX_CHUNK, tail: true }),
      ino: st.ino,
      full,
    }));
    const { consumed, ...chunk } = toChunk(path, raw, false);
    let subscription = '';
    const follower = new LogFollower(
      target,
      raw.offset + consumed,
      (d) => session.emit('log.data', { subscription, ...d }),
      { ino, watchPath: full },
    );
    subscription = session.add(() => follower.close());
    return { subscription, chunk };
  },

  'log.unfollow': ({ subscription }, { session }) => {
    session.remove(subscription);
    return null;
  },

  'run.watch': ({ run_id }, { backend, session }) => {
    needRoom(session);
    const open = backend.requireDir();
    if (!open.store.exists(run_id)) throw new StoreError('not-found', `no run ${run_id} in ${open.dir}`);
    let subscription = '';
    const stop = open.live.watchRun(run_id, (e) => session.emit('run.fileEvent', { subscription, ...e }));
    subscription = session.add(stop);
    return { subscription };
  },

  'run.unwatch': ({ subscription }, { session }) => {
    session.remove(subscription);
    return null;
  },
};
