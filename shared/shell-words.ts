// Shell words for resume templates: splitting a template into argv (no shell ever sees
// it), finding where each placeholder sits inside a string that a shell will read as
// code, and quoting a value so that shell reads it as one literal word. Values come
// from a runs folder colleagues write to, so a quoting mistake here is a remote
// command execution; anything this lexer does not understand is refused, not guessed.

export const PLACEHOLDERS = ['run_id', 'parent_run_id', 'checkpoint_path', 'checkpoint_name', 'runs_dir'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

export const PLACEHOLDER_SOURCE = `\\{(${PLACEHOLDERS.join('|')})\\}`;

export class TemplateError extends Error {
  /** invalid: the template itself (shown in Settings); refused: a value from the runs folder. */
  constructor(
    readonly code: 'invalid' | 'refused',
    message: string,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

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
  if (quote)
    throw new TemplateError(
      'invalid',
      `the resume command has an unclosed ${quote === '"' ? 'double' : 'single'} quote`,
    );
  if (inWord) out.push(word);
  return out;
}

/** Where a placeholder sits in shell code: bare, inside '…', or inside "…". */
export type ShellContext = 'bare' | 'single' | 'double';

export interface ShellSlot {
  start: number;
  end: number;
  name: Placeholder;
  context: ShellContext;
  /** Nothing of its shell word comes before it, so a value starting with "-" would be an option. */
  wordStart: boolean;
}

type Frame = 'bare' | 'sub' | 'single' | 'double' | 'back' | 'ansi' | 'param' | 'arith' | 'paren';

const WHY_NOT: Partial<Record<Frame, string>> = {
  back: 'inside `…` (backticks re-read backslashes, so no quoting survives them); use $(…)',
  ansi: "inside $'…'",
  param: 'inside ${…}',
  arith: 'inside $((…)) (arithmetic evaluates its text)',
  paren: 'inside $((…)) (arithmetic evaluates its text)',
};

/**
 * The placeholders of one shell command string and their quoting context. Throws for
 * places where no quoting is safe (backticks, $'…', ${…}, arithmetic, comments,
 * here-documents) and for unclosed quotes, which would make every guess wrong.
 */
export function shellSlots(code: string, reader: string): ShellSlot[] {
  const re = new RegExp(PLACEHOLDER_SOURCE, 'y');
  const slots: ShellSlot[] = [];
  const stack: Frame[] = ['bare'];
  let wordStart = true;
  const refuse = (why: string) => {
    throw new TemplateError('invalid', `in the shell command that ${reader} runs, ${why}`);
  };
  if (!new RegExp(PLACEHOLDER_SOURCE).test(code)) return slots;
  if (/(^|[^<])<<(?!<)/.test(code))
    refuse(
      'a here-document (<<) cannot hold placeholders safely: its text is expanded whatever quotes a value has; pass the values as arguments instead',
    );
  const placeholderAt = (at: number) => {
    re.lastIndex = at;
    return re.exec(code)?.[0];
  };
  for (let i = 0; i < code.length;) {
    const top = stack[stack.length - 1]!;
    const name = placeholderAt(i);
    if (name) {
      const why = WHY_NOT[top];
      if (why) refuse(`the placeholder ${name} is ${why}`);
      slots.push({
        start: i,
        end: i + name.length,
        name: name.slice(1, -1) as Placeholder,
        context: top === 'single' || top === 'double' ? top : 'bare',
        wordStart,
      });
      wordStart = false;
      i += name.length;
      continue;
    }
    const c = code[i]!;
    if (top === 'single') {
      if (c === "'") stack.pop();
      else wordStart = false;
      i++;
      continue;
    }
    if (top === 'ansi' || top === 'back') {
      if (c === '\\') i++;
      else if (c === (top === 'ansi' ? "'" : '`')) stack.pop();
      i++;
      continue;
    }
    if (top === 'arith' || top === 'paren') {
      if (top === 'arith' && code.startsWith('))', i)) {
        stack.pop();
        i += 2;
        continue;
      }
      if (c === '(') stack.push('paren');
      else if (c === ')' && top === 'paren') stack.pop();
      i++;
      continue;
    }
    // Bare, inside $(…), "…" or ${…}: $ and \ act the same way in all four.
    const dollarName = c === '$' ? placeholderAt(i + 1) : undefined;
    if (dollarName) refuse(`$${dollarName} reads a shell variable; write the placeholder without the $`);
    if (c === '\\') {
      i += 2;
      wordStart = false;
      continue;
    }
    const opened = opener(code, i);
    if (opened) {
      stack.push(opened[0]);
      i += opened[1];
      // A command substitution starts a new command; its first word is a word start.
      wordStart = opened[0] === 'sub';
      continue;
    }
    if (top === 'double') {
      if (c === '"') stack.pop();
      else wordStart = false;
      i++;
      continue;
    }
    if (top === 'param') {
      if (c === '}') stack.pop();
      else if (c === '"') stack.push('double');
      else if (c === "'") stack.push('single');
      i++;
      continue;
    }
    if (c === '#' && wordStart) {
      const end = code.indexOf('\n', i);
      const comment = code.slice(i, end < 0 ? code.length : end);
      if (new RegExp(PLACEHOLDER_SOURCE).test(comment))
        refuse('a placeholder in a # comment could end the comment with a line break in its value');
      i += comment.length;
      continue;
    }
    if (c === "'" || c === '"') stack.push(c === "'" ? 'single' : 'double');
    else if (code.startsWith("$'", i)) {
      stack.push('ansi');
      i += 2;
      continue;
    } else if (c === ')' && top === 'sub') {
      stack.pop();
      wordStart = false;
    } else wordStart = /[\s;&|()<>]/.test(c);
    i++;
  }
  if (stack.length > 1) {
    const open = stack[stack.length - 1]!;
    refuse(
      `${open === 'single' ? "a ' quote" : open === 'double' ? 'a " quote' : open === 'back' ? 'a ` quote' : 'a $( or ${'} is never closed`,
    );
  }
  return slots;
}

/** The frame a `, $((, $( or ${ at `i` opens, and its length. */
function opener(code: string, i: number): [Frame, number] | null {
  if (code[i] === '`') return ['back', 1];
  if (code.startsWith('$((', i)) return ['arith', 3];
  if (code.startsWith('$(', i)) return ['sub', 2];
  if (code.startsWith('${', i)) return ['param', 2];
  return null;
}

/** POSIX single quotes; a ' inside becomes '\'' (close, escaped quote, reopen). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The value as it must be written at a slot so the shell reads exactly `value`. */
export function quoteAt(value: string, context: ShellContext): string {
  if (context === 'single') return value.replace(/'/g, `'\\''`);
  // Leave the user's "…" for a moment: inside double quotes $, ` and \ would still act.
  if (context === 'double') return `"${shellQuote(value)}"`;
  return shellQuote(value);
}

/** How argv reads in a POSIX shell, for showing it before it runs (and in the launch log). */
export function displayCommand(argv: readonly string[]): string {
  return argv.map(displayWord).join(' ');
}

function displayWord(a: string): string {
  if (a !== '' && /^[\w@%+=:,./-]+$/.test(a)) return a;
  // A line break or an escape sequence from a folder must not redraw the preview: show it as $'\n'.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(a)) {
    // eslint-disable-next-line no-control-regex
    return `$'${a.replace(/[\\']/g, '\\$&').replace(/[\u0000-\u001f\u007f]/g, (c) => ({ '\n': '\\n', '\t': '\\t', '\r': '\\r' })[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
  }
  if (!a.includes("'")) return `'${a}'`;
  // Shell code with quoted values inside reads better in "…", with \ " $ ` escaped (a ! cannot be, in bash).
  if (!a.includes('!')) return `"${a.replace(/[\\"$`]/g, '\\$&')}"`;
  return shellQuote(a);
}
