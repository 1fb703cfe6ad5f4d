// The user's resume command: a template from their own settings file, split into argv
// once, with placeholders filled into single argv items. No shell ever sees it, so a
// checkpoint path or run id from a (possibly shared) runs folder cannot become code:
// `;`, `$(...)` or spaces in those values are just characters of one argument.
import { StoreError } from '../store/errors';

export const PLACEHOLDERS = ['run_id', 'parent_run_id', 'checkpoint_path', 'checkpoint_name', 'runs_dir'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

const PLACEHOLDER_RE = new RegExp(`\\{(${PLACEHOLDERS.join('|')})\\}`, 'g');

/**
 * POSIX-like splitting: whitespace separates words; '…' is literal; "…" allows \" and \\;
 * outside quotes a backslash escapes only whitespace, a quote or a backslash, so Windows
 * paths such as C:\Python\python.exe survive as typed.
 */
export function splitCommand(template: string): string[] {
  const out: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    const next = template[i + 1];
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && (next === '"' || next === '\\')) word += template[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && next !== undefined && /[\s"'\\]/.test(next)) {
      word += template[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new StoreError('invalid', `the resume command has an unclosed ${quote === '"' ? 'double' : 'single'} quote`);
  if (inWord) out.push(word);
  return out;
}

/** Checks a template when it is saved, so mistakes show in Settings, not at launch. */
export function checkTemplate(template: string): string[] {
  const argv = splitCommand(template);
  if (argv.length === 0) throw new StoreError('invalid', 'the resume command is empty');
  // The program itself must come from the user, never from a value in the runs folder.
  if (new RegExp(PLACEHOLDER_RE.source).test(argv[0]!)) {
    throw new StoreError('invalid', `the program to run (${argv[0]}) cannot be a placeholder; put the placeholders in its arguments`);
  }
  return argv;
}

export function usedPlaceholders(template: string): Placeholder[] {
  return [...new Set([...template.matchAll(PLACEHOLDER_RE)].map((m) => m[1] as Placeholder))];
}

/**
 * Fills placeholders into each argv item; a value is inserted as is and never split
 * again. A value that would stand alone as an argument may not start with "-": placed
 * right after an interpreter (`python {checkpoint_path}`), a checkpoint path such as
 * `-c…` from a shared runs folder would otherwise become an option, i.e. code.
 */
export function fillArgv(argv: readonly string[], values: PlaceholderValues): string[] {
  return argv.map((a) => {
    const whole = /^\{(\w+)\}$/.exec(a)?.[1] as Placeholder | undefined;
    if (whole && whole in values && values[whole].startsWith('-')) {
      throw new StoreError('refused', `the ${whole} ${JSON.stringify(values[whole].slice(0, 80))} starts with "-" and could be read as an option; the resume command was not run`);
    }
    return a.replace(PLACEHOLDER_RE, (_m, name: Placeholder) => values[name]);
  });
}

/** How the command reads in a POSIX shell, for showing it to the user before it runs. */
export function displayCommand(argv: readonly string[]): string {
  return argv.map((a) => (a !== '' && /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
