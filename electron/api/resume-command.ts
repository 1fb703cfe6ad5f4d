// The user's resume command on the Node side: the pure template rules of
// shared/resume-template.ts, with their refusals as StoreErrors the API and the CLI
// report. No shell ever runs the template itself; where the template calls a shell,
// the values placed in its code are shell-quoted (see shared/resume-template.ts).
import {
  TemplateError,
  displayCommand,
  fillTemplate,
  parseTemplate,
  quotingNotes,
  splitCommand as splitPure,
  usedPlaceholders,
  type ParsedTemplate,
  type PlaceholderValues,
} from '../../shared/resume-template';
import { StoreError } from '../store/errors';

export { PLACEHOLDERS, type Placeholder, type PlaceholderValues } from '../../shared/resume-template';
export { displayCommand, quotingNotes, usedPlaceholders, type ParsedTemplate };

function asStoreError<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof TemplateError) throw new StoreError(e.code, e.message);
    throw e;
  }
}

export function splitCommand(template: string): string[] {
  return asStoreError(() => splitPure(template));
}

/** Checks a template when it is saved, so mistakes show in Settings, not at launch. */
export function checkTemplate(template: string): ParsedTemplate {
  return asStoreError(() => parseTemplate(template));
}

/** The argv to run; refuses (before anything runs) a value that could act as code or an option. */
export function fillArgv(t: ParsedTemplate, values: PlaceholderValues): string[] {
  return asStoreError(() => fillTemplate(t, values));
}
