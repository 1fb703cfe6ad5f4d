// Directories, the run list and single runs: open, pick, recent, demo, snapshot,
// details, edits, and handing a run's file to the OS (desktop only).
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { TextFile } from '../../../shared/api/models';
import { createDemo } from '../../ops/demo';
import { StoreError } from '../../ops/folder';
import { runDetail } from '../../ops/runs';
import { editRun } from '../../ops/run-writes';
import pkg from '../../../package.json';
import { ApiFailure } from '../errors';
import { confinedPath, readSmallText } from '../run-files';
import { withRunFile } from '../safe-open';
import { answerSnapshot } from '../snapshot-stream';
import type { HandlerTable } from '../dispatcher';
import { exposedSettings } from './settings';

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

/** Files the OS may open directly: data and text, never something it would execute. */
const OPENABLE = /\.(log|txt|out|err|csv|tsv|json|ya?ml|md|h5|hdf5|nc|png|jpe?g|svg|pdf)$/i;

export const runHandlers: Pick<
  HandlerTable,
  | 'app.info'
  | 'dir.open'
  | 'dir.pick'
  | 'dir.recent'
  | 'dir.createDemo'
  | 'runs.snapshot'
  | 'run.get'
  | 'run.edit'
  | 'shell.open'
> = {
  'app.info': (_p, { backend }) => ({
    version: pkg.version,
    transport: backend.transport,
    readOnly: backend.readOnly,
    canUseShell: Boolean(backend.platform.openPath),
    dir: backend.dir,
  }),

  'dir.open': ({ dir }, { backend }) => backend.openDir(dir),

  'dir.pick': async (_p, { backend }) => {
    if (!backend.platform.pickFolder)
      throw new ApiFailure(
        'unsupported',
        "choosing a folder with a dialog is only possible in the desktop app; type the folder's path instead",
      );
    const dir = await backend.platform.pickFolder();
    return dir ? backend.openDir(dir) : null;
  },

  // A serve shows its own folder; the owner's other folders are none of the viewer's business.
  'dir.recent': (_p, { backend }) => exposedSettings(backend).recentDirs,

  'dir.createDemo': async ({ dir }, { backend }) => backend.openDir((await createDemo(dir)).dir),

  'runs.snapshot': (_p, { backend, session }) => answerSnapshot(session, () => backend.requireDir().snapshot()),

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

  'shell.open': async ({ run_id, path: rel, reveal }, { backend }) => {
    const open = backend.platform.openPath;
    if (!open) throw new ApiFailure('unsupported', 'opening files with the system is only possible in the desktop app');
    const base = backend.requireDir().store.dir;
    if (reveal) {
      await open(confinedPath(base, run_id, rel), true);
      return null;
    }
    // Only a plain regular file of the run folder reaches the system: a folder may be a
    // macOS .app bundle (opening one launches it), and a link may lead anywhere.
    const full = withRunFile(base, run_id, rel, (f) => f.full, { links: 'plain' });
    if (!OPENABLE.test(full)) {
      throw new StoreError(
        'refused',
        `${path.basename(full)} was not opened: Runyard only opens data and text files, so that nothing in a runs folder can start a program. Use "Reveal in File Manager" instead.`,
      );
    }
    await open(full, false);
    return null;
  },
};
