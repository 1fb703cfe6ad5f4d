// Following a run's log: the tail now, then what is appended, as log.data events.
import { LogFollower } from '../log-follower';
import { MAX_CHUNK, readRange, toChunk } from '../run-files';
import { withRunFile } from '../safe-open';
import type { HandlerTable } from '../dispatcher';

export const logHandlers: Pick<HandlerTable, 'log.follow' | 'log.unfollow'> = {
  'log.follow': ({ run_id, path }, { backend, session }) => {
    session.requireRoom();
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
    subscription = session.add(() => follower.close(), backend.dir ?? undefined);
    return { subscription, chunk };
  },

  'log.unfollow': ({ subscription }, { session }) => {
    session.remove(subscription);
    return null;
  },
};
