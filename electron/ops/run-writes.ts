// Changing runs: create, resume, status, edit, checkpoint, and a run's config.yaml and
// run_params.json. The CLI and the API's run.edit/run.resume both come through here.
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { RunRecord } from '../../shared/types';
import { MAX_METADATA_BYTES, readBoundedText, type BoundedRead } from '../store/bounded-read';
import { StoreError } from '../store/errors';
import { runDir } from '../store/paths';
import { MODULE_STATUSES, type RunsDir } from '../store/runs-dir';
import type { ChildOptions, CreateOptions } from '../store/run-create';
import { formatBytes } from '../../shared/format';

export type { ChildOptions, CreateOptions };

export const createRun = (store: RunsDir, o: CreateOptions): Promise<RunRecord> => store.createRun(o);

export const resumeRun = (store: RunsDir, parentRef: string, o: ChildOptions): Promise<RunRecord> =>
  store.createChild(parentRef, o);

export const setRunStatus = (
  store: RunsDir,
  ref: string,
  status: string,
  extra: Record<string, unknown> = {},
): Promise<RunRecord> => store.updateStatus(ref, status, extra);

export const addCheckpoint = (
  store: RunsDir,
  ref: string,
  name: string,
  checkpointPath: string | null,
  o: { allowDuplicate?: boolean } = {},
): Promise<RunRecord> => store.addCheckpoint(ref, name, checkpointPath, o);

/** Tags, description and status in one request (the UI's edit). */
export async function editRun(
  store: RunsDir,
  id: string,
  changes: { tags?: string[]; description?: string; status?: string },
): Promise<RunRecord> {
  const { tags, description, status } = changes;
  if (tags === undefined && description === undefined && status === undefined)
    throw new StoreError('invalid', 'nothing to change: give tags, description or status');
  let rec =
    tags !== undefined || description !== undefined ? await store.edit(id, { tags, description }) : store.get(id);
  if (status !== undefined) rec = await store.updateStatus(id, status);
  return rec;
}

/** metadata.json as on disk, every key (what `--json` of a write prints). */
export const runMetadata = (store: RunsDir, ref: string): Record<string, unknown> => store.readMetadata(ref);

/**
 * A status neither the module nor this folder uses is most likely a typo ("complete"):
 * the sentence that says so, or null for a known status.
 */
export function unknownStatus(store: RunsDir, status: string): string | null {
  if (MODULE_STATUSES.includes(status)) return null;
  const inFolder = new Set(
    store
      .scan()
      .runs.map((r) => r.status)
      .filter((s) => s !== 'unknown'),
  );
  if (inFolder.has(status)) return null;
  const known = [...new Set([...MODULE_STATUSES, ...[...inFolder].sort()])].join(', ');
  return `${JSON.stringify(status)} is not a status the module or this folder uses (known: ${known})`;
}

export type RunFileName = 'config.yaml' | 'run_params.json';

/** A run's config.yaml or run_params.json as text: bounded, never through a link out of the folder. */
export function readRunTextFile(store: RunsDir, id: string, name: RunFileName): string {
  let read: BoundedRead;
  try {
    read = readBoundedText(path.join(runDir(store.dir, id), name), store.dir, MAX_METADATA_BYTES);
  } catch {
    throw new StoreError('not-found', `run ${id} has no ${name}`);
  }
  if (read.kind === 'escapes')
    throw new StoreError('refused', `${id}/${name} is a link that leads out of ${store.dir}; it was not read`);
  if (read.kind === 'too-large')
    throw new StoreError(
      'unreadable',
      `${id}/${name} is ${formatBytes(read.bytes)}, more than the ${formatBytes(MAX_METADATA_BYTES)} Runyard prints`,
    );
  return read.text;
}

/** The same file parsed (YAML or JSON). */
export function parseRunTextFile(id: string, name: RunFileName, text: string): unknown {
  try {
    return name === 'config.yaml' ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new StoreError('unreadable', `${id}/${name} cannot be parsed: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Saves a checked config (text) or params (a value read as Python reads JSON); returns where. */
export async function saveRunFile(store: RunsDir, id: string, name: RunFileName, value: unknown): Promise<string> {
  if (name === 'run_params.json') await store.saveParams(id, value);
  else await store.saveConfig(id, value);
  return path.join(runDir(store.dir, id), name);
}
