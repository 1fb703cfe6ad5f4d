// The user's resume command: a template from their own settings, run without a shell.
// Plain arguments get each value as one literal argument. When the template itself
// calls a shell (`bash -lc "module load x; sim {checkpoint_path}"`, `ssh host …`,
// `sbatch --wrap …`), that argument is shell code, so each placeholder in it is filled
// in shell-quoted; where Runyard cannot know how a value would be read (code for
// another interpreter, a shell inside the shell, a program that changes user), the
// template is refused with the reason. Values come from a runs folder colleagues
// write to: nothing in it may choose what runs.
import {
  PLACEHOLDER_SOURCE,
  PLACEHOLDERS,
  TemplateError,
  quoteAt,
  shellSlots,
  splitCommand,
  type Placeholder,
  type PlaceholderValues,
  type ShellSlot,
} from './shell-words';
import {
  INTERPRETERS,
  nestedCommand,
  OPAQUE,
  OTHER_SHELLS,
  OTHER_USER,
  POSIX_SHELLS,
  programName,
  shellCommandIndex,
  sshCommandIndex,
  UNQUOTABLE,
} from './code-reading-programs';

export { PLACEHOLDERS, TemplateError, displayCommand, splitCommand } from './shell-words';
export type { Placeholder, PlaceholderValues } from './shell-words';

/** An argv item a shell reads as code. */
export interface ShellArg {
  index: number;
  /** e.g. `bash -c`, `the remote shell of ssh`. */
  reader: string;
  /** A POSIX shell: any value can be quoted. Otherwise (fish, csh, ssh's unknown remote shell) only values without ' \ ! or line breaks. */
  posix: boolean;
  slots: ShellSlot[];
}

export interface ParsedTemplate {
  argv: string[];
  shells: ShellArg[];
}

const hasPlaceholder = (s: string) => new RegExp(PLACEHOLDER_SOURCE).test(s);

/** Checks a template and finds the arguments a shell reads as code. Throws TemplateError('invalid'). */
export function parseTemplate(template: string): ParsedTemplate {
  const argv = splitCommand(template);
  if (argv.length === 0) throw new TemplateError('invalid', 'the resume command is empty');
  // The program itself must come from the user, never from a value in the runs folder.
  if (hasPlaceholder(argv[0]!))
    throw new TemplateError(
      'invalid',
      `the program to run (${argv[0]}) cannot be a placeholder; put the placeholders in its arguments`,
    );
  const any = hasPlaceholder(template);
  const shells: { index: number; reader: string; posix: boolean }[] = [];
  const code = new Map<number, string>();
  scan: for (let i = 0; i < argv.length; i++) {
    if (hasPlaceholder(argv[i]!)) continue;
    const prog = programName(argv[i]!);
    if (OTHER_USER.has(prog))
      throw new TemplateError(
        'invalid',
        `the resume command may not run ${prog}: it starts unattended, with values from a shared runs folder, and must not run as another user`,
      );
    if (!any) continue;
    if (OPAQUE.has(prog) || UNQUOTABLE.has(prog))
      throw new TemplateError(
        'invalid',
        `Runyard cannot tell how ${prog} reads its arguments (it may hand them to a shell), so it cannot quote the placeholders for it; leave ${prog} out or call your own script with the values as arguments`,
      );
    if (prog === 'env' && argv.slice(i + 1).some((a) => /^(-[A-Za-z]*S|--split-string)/.test(a)))
      throw new TemplateError(
        'invalid',
        'env -S splits its argument again, so placeholders cannot be quoted for it; write the command without -S',
      );
    if (POSIX_SHELLS.has(prog) || OTHER_SHELLS.has(prog)) {
      const at = shellCommandIndex(argv, i);
      const flag = at !== null && argv[at - 1]!.startsWith('-') ? argv[at - 1] : '-c';
      if (at !== null) shells.push({ index: at, reader: `${prog} ${flag}`, posix: POSIX_SHELLS.has(prog) });
      // What follows the command string (or a script) is data: $0, $1, … or the script's arguments.
      break;
    }
    if (prog === 'ssh') {
      const at = sshCommandIndex(argv, i);
      if (at.host !== null && hasPlaceholder(argv[at.host]!))
        throw new TemplateError('invalid', 'the host of ssh cannot be a placeholder');
      if (at.command !== null) {
        // ssh joins its remaining arguments with spaces and gives them to the remote login shell.
        argv.splice(at.command, argv.length - at.command, argv.slice(at.command).join(' '));
        shells.push({ index: at.command, reader: 'the remote shell of ssh', posix: false });
      }
      break;
    }
    for (const [prog2, flag] of [
      ['sbatch', '--wrap'],
      ['flock', '--command'],
      ['flock', '-c'],
    ] as const) {
      if (prog !== prog2) continue;
      for (let j = i + 1; j < argv.length; j++) {
        const a = argv[j]!;
        if (a.startsWith(`${flag}=`)) argv.splice(j, 1, flag, a.slice(flag.length + 1));
        if (argv[j] === flag && j + 1 < argv.length) {
          shells.push({ index: j + 1, reader: `${prog} ${flag}`, posix: true });
          break scan;
        }
      }
    }
    const interp = INTERPRETERS.find(([name]) => name.test(prog));
    if (interp) {
      for (let j = i + 1; j < argv.length && argv[j]!.startsWith('-'); j++) {
        const m = interp[1].exec(argv[j]!);
        if (!m) continue;
        code.set(m[0].length < argv[j]!.length ? j : j + 1, prog);
        break;
      }
      break;
    }
  }
  for (const [j, lang] of code) {
    if (j < argv.length && hasPlaceholder(argv[j]!)) {
      throw new TemplateError(
        'invalid',
        `${argv[j]!.length > 60 ? 'an argument' : JSON.stringify(argv[j])} is program code for ${lang}, and a value placed in code becomes code; pass the value as its own argument instead (e.g. python -c "import sys; run(sys.argv[1])" {checkpoint_path})`,
      );
    }
  }
  const parsed: ShellArg[] = shells.map((s) => ({ ...s, slots: shellSlots(argv[s.index]!, s.reader) }));
  for (const s of parsed) {
    const nested = s.slots.length ? nestedCommand(argv[s.index]!) : null;
    if (nested)
      throw new TemplateError(
        'invalid',
        `the shell command that ${s.reader} runs starts ${nested}, which would read the values as code a second time; Runyard quotes them for one shell only — pass them to ${nested} as separate arguments of a script of yours instead`,
      );
  }
  argv.forEach((a, j) => {
    if (parsed.some((s) => s.index === j) || !hasPlaceholder(a)) return;
    const meta = /[;&|$`<>\n]/.exec(a.replace(new RegExp(PLACEHOLDER_SOURCE, 'g'), ''));
    if (meta) {
      throw new TemplateError(
        'invalid',
        `the argument ${JSON.stringify(a.length > 80 ? `${a.slice(0, 80)}…` : a)} holds a placeholder and looks like shell code (it contains ${JSON.stringify(meta[0])}), but Runyard does not see a shell that reads it, so it cannot quote the value. Call the shell directly (sh -c '…' or bash -lc '…': placeholders in it are quoted for you), or pass the value as its own argument`,
      );
    }
  });
  return { argv, shells: parsed };
}

/** Checks a value wherever it goes; throws TemplateError('refused') naming the value. */
function refuseValue(name: Placeholder, value: string, why: string): never {
  throw new TemplateError(
    'refused',
    `the ${name} ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)} ${why}; the resume command was not run`,
  );
}

/** The argv to run: each placeholder filled in, shell-quoted where a shell reads it. */
export function fillTemplate(t: ParsedTemplate, values: PlaceholderValues): string[] {
  for (const name of PLACEHOLDERS)
    if (values[name].includes('\0')) refuseValue(name, values[name], 'contains a NUL byte');
  const byIndex = new Map(t.shells.map((s) => [s.index, s]));
  return t.argv.map((a, j) => {
    const shell = byIndex.get(j);
    if (!shell) {
      // A value standing alone where an option could be (`python {checkpoint_path}`) may not look like one.
      const whole = new RegExp(`^${PLACEHOLDER_SOURCE}$`).exec(a)?.[1] as Placeholder | undefined;
      if (whole && values[whole].startsWith('-'))
        refuseValue(whole, values[whole], 'starts with "-" and could be read as an option');
      return a.replace(new RegExp(PLACEHOLDER_SOURCE, 'g'), (_m, name: Placeholder) => values[name]);
    }
    let out = '';
    let from = 0;
    for (const slot of shell.slots) {
      const v = values[slot.name];
      if (!shell.posix && /['\\!\r\n]/.test(v))
        refuseValue(
          slot.name,
          v,
          `contains ' \\ ! or a line break, which ${shell.reader} cannot be relied on to read literally`,
        );
      if (slot.wordStart && v.startsWith('-'))
        refuseValue(slot.name, v, 'starts with "-" and could be read as an option');
      out += a.slice(from, slot.start) + quoteAt(v, slot.context);
      from = slot.end;
    }
    return out + a.slice(from);
  });
}

/** What the preview says about quoting, one line per shell string. */
export function quotingNotes(t: ParsedTemplate): string[] {
  return t.shells
    .filter((s) => s.slots.length)
    .map((s) => {
      const names = [...new Set(s.slots.map((x) => `{${x.name}}`))].join(', ');
      return `${s.reader} reads its command as shell code, so ${names} ${s.slots.length > 1 ? 'are' : 'is'} filled in shell-quoted ('…'): the shell sees each value as one literal word, never as code.${s.posix ? '' : " Values with ' \\ ! or a line break are refused, because that shell may not read them literally."}`;
    });
}

export function usedPlaceholders(template: string): Placeholder[] {
  return [...new Set([...template.matchAll(new RegExp(PLACEHOLDER_SOURCE, 'g'))].map((m) => m[1] as Placeholder))];
}
