// One run: its details, edits, resuming it, its files (paged listings, bounded reads,
// images) and watching its checkpoints/ and logs/. Every path is confined to the run
// folder (run-files.ts).
import { StoreError } from '../../ops/folder';
import { listRunFiles, readRunFile } from '../run-files';
import { readRunImage } from '../run-image';
import type { HandlerTable } from '../dispatcher';
import path from 'node:path';
import { resumeRun } from '../../ops/run-writes';
import { parse as parseYaml } from 'yaml';
import type { TextFile } from '../../../shared/api/models';
import { runDetail } from '../../ops/runs';
import { editRun } from '../../ops/run-writes';
import { readSmallText } from '../run-files';

function textFile(base: string, full: string, parse: (text: string) => unknown): TextFile | null {
  let read: ReturnType<typeof readSmallText>;
  try {
    read = readSmallText(base, full);
  } catch (e) {
    // A link out of the runs directory: the run's details still show, with the reason.
    if (e instanceof StoreError) return { text: '', ok: false, error: e.message, parsed: null };
    throw e;
  }
  if (!read) return null;
  if (read.tooLarge)
    return {
      text: read.text,
      ok: false,
      error: 'the file is larger than 1 MiB; only its start is shown',
      parsed: null,
    };
  try {
    return { text: read.text, ok: true, error: null, parsed: parse(read.text) };
  } catch (e) {
    return {
      text: read.text,
      ok: false,
      error: (e as Error).message.split('\n')[0] ?? 'cannot be parsed',
      parsed: null,
    };
  }
}

export const runHandlers: Pick<
  HandlerTable,
  'run.get' | 'run.edit' | 'run.resume' | 'run.files' | 'run.readFile' | 'run.readImage' | 'run.watch' | 'run.unwatch'
> = {
  'run.get': ({ run_id }, { backend }) => {
    const open = backend.requireDir();
    const facts = runDetail(open.store, run_id, { runs: open.runs() });
    return {
      ...facts,
      config: textFile(open.store.dir, path.join(facts.paths.run, 'config.yaml'), (t) => parseYaml(t)),
      params: textFile(open.store.dir, path.join(facts.paths.run, 'run_params.json'), (t) => JSON.parse(t)),
    };
  },

  'run.edit': ({ run_id, tags, description, status }, { backend }) =>
    editRun(backend.requireDir().store, run_id, { tags, description, status }),

  'run.resume': ({ run_id, description, tags, checkpoint, copyCheckpoints, overrides }, { backend }) =>
    resumeRun(backend.requireDir().store, run_id, { description, tags, checkpoint, copyCheckpoints, overrides }),

  'run.files': ({ run_id, folder, offset, limit }, { backend }) => {
    const { store } = backend.requireDir();
    if (!store.exists(run_id)) throw new StoreError('not-found', `no run ${run_id} in ${store.dir}`);
    return listRunFiles(store.dir, run_id, folder, offset, limit);
  },

  'run.readFile': ({ run_id, path, offset, length, tail }, { backend }) =>
    readRunFile(backend.requireDir().store.dir, run_id, path, { offset, length, tail }),

  'run.readImage': ({ run_id, path }, { backend }) => readRunImage(backend.requireDir().store.dir, run_id, path),

  'run.watch': async ({ run_id }, { backend, session }) => {
    session.requireRoom();
    const open = backend.requireDir();
    if (!open.store.exists(run_id)) throw new StoreError('not-found', `no run ${run_id} in ${open.dir}`);
    let subscription = '';
    const watch = open.live.watchRun(run_id, (e) => session.emit('run.fileEvent', { subscription, ...e }));
    subscription = session.add(watch.stop, open.dir);
    // Answer once the watches are in place: a file written after the answer is then always reported.
    await watch.ready;
    return { subscription };
  },

  'run.unwatch': ({ subscription }, { session }) => {
    session.remove(subscription);
    return null;
  },
};
