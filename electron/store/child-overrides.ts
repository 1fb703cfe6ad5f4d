// A resumed child's config.yaml and run_params.json when the resume sets some of their
// keys: the parent's file with the overrides applied (shared/config-overrides.ts, the
// function the resume dialog shows the difference with). Worked out before the child
// exists, so a refused override leaves no child behind; the parent's files are only read.
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { applyOverrides, OverrideError, overridesFor, type OverrideFile } from '../../shared/config-overrides';
import { dumpPyJson, parsePyJson, type NumberTexts } from '../../shared/py-json';
import { MAX_METADATA_BYTES, readBoundedText } from './bounded-read';
import { StoreError } from './errors';
import { runDir } from './paths';

const FILES: Record<OverrideFile, string> = { config: 'config.yaml', params: 'run_params.json' };

export interface ChildFile {
  name: string;
  text: string;
}

function readParent(dir: string, parentId: string, name: string): { value: unknown; numbers?: NumberTexts } {
  const file = path.join(runDir(dir, parentId), name);
  let read;
  try {
    read = readBoundedText(file, dir, MAX_METADATA_BYTES);
  } catch {
    return { value: undefined }; // no file: the overrides make one
  }
  if (read.kind !== 'text' || read.badUtf8)
    throw new StoreError(
      'invalid',
      `run ${parentId}'s ${name} cannot be read, so keys cannot be set in the child's copy`,
    );
  // The module writes JSON (a dict) into both files; reading it as Python does keeps 1.0 and big integers as written.
  try {
    return parsePyJson(read.text);
  } catch {
    /* YAML written by hand */
  }
  try {
    return { value: parseYaml(read.text) as unknown };
  } catch (e) {
    throw new StoreError(
      'invalid',
      `run ${parentId}'s ${name} cannot be parsed (${(e as Error).message.split('\n')[0]}), so keys cannot be set in the child's copy`,
    );
  }
}

/** The files to write into the child, one per file that has overrides; [] without overrides. */
export function childFiles(dir: string, parentId: string, overrides: Record<string, unknown> | undefined): ChildFile[] {
  const out: ChildFile[] = [];
  try {
    for (const kind of ['config', 'params'] as const) {
      const sets = overridesFor(overrides, kind);
      if (sets.length === 0) continue;
      const parent = readParent(dir, parentId, FILES[kind]);
      const value = applyOverrides(parent.value, sets);
      out.push({ name: FILES[kind], text: dumpPyJson(value, parent.numbers) });
    }
  } catch (e) {
    if (e instanceof OverrideError) throw new StoreError('invalid', e.message);
    throw e;
  }
  return out;
}
