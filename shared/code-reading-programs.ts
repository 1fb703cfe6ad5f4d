// What the resume template's checks know about programs: which ones read an argument as
// shell code or as code of another language, which change user or hand their arguments
// on in ways Runyard cannot follow, and where in their argv the code string sits.
// Matched on the program's file name, so full paths and `.exe` are recognised too.

export const POSIX_SHELLS = new Set([
  'sh',
  'bash',
  'rbash',
  'dash',
  'zsh',
  'ksh',
  'ksh93',
  'mksh',
  'pdksh',
  'oksh',
  'lksh',
  'ash',
  'yash',
  'posh',
]);
/** Not POSIX shells: a value with ' \ ! or a line break cannot be relied on to reach them literally. */
export const OTHER_SHELLS = new Set(['fish', 'csh', 'tcsh']);
/** Shells whose quoting Runyard does not write. */
export const UNQUOTABLE = new Set(['pwsh', 'powershell', 'cmd', 'nu', 'xonsh', 'elvish', 'rc', 'es']);
/** A template starts unattended with values from a shared folder: never as another user. */
export const OTHER_USER = new Set(['sudo', 'doas', 'su', 'pkexec', 'runuser', 'sg']);
/** Programs that may hand their arguments to a shell in ways Runyard cannot follow. */
export const OPAQUE = new Set([
  'watch',
  'parallel',
  'tmux',
  'screen',
  'script',
  'at',
  'batch',
  'eval',
  'expect',
  'xargs',
]);
/** Inside shell code: a command that reads its arguments as code a second time. */
const NESTED = new Set([
  ...POSIX_SHELLS,
  ...OTHER_SHELLS,
  ...UNQUOTABLE,
  ...OTHER_USER,
  ...OPAQUE,
  'ssh',
  'sbatch',
  'flock',
]);
const WRAPPERS = new Set([
  'env',
  'nice',
  'nohup',
  'time',
  'exec',
  'command',
  'builtin',
  'timeout',
  'stdbuf',
  'setsid',
  'ionice',
  'taskset',
  'chrt',
  'numactl',
  'srun',
  'mpirun',
  'mpiexec',
]);
export const INTERPRETERS: [RegExp, RegExp][] = [
  [/^(python|pypy)[\d.]*$/, /^-[A-Za-z]*c/],
  [/^(perl|ruby|lua|luajit|rscript|r)[\d.]*$/, /^-[A-Za-z]*[eE]/],
  [/^(node|nodejs|bun|julia)[\d.]*$/, /^(-[A-Za-z]*[eEp]|--eval|--print)/],
  [/^php[\d.]*$/, /^-[A-Za-z]*r/],
];
const SSH_OPTS_WITH_ARG = 'BbcDEeFIiJLlmOoPpQRSWw';

/** The program's file name, lower-cased, without a directory or `.exe`. */
export const programName = (p: string) => (p.split(/[\\/]/).pop() ?? p).toLowerCase().replace(/\.exe$/, '');

/** The index of the command string of `sh [options] -c string`, or null for a script or no -c. */
export function shellCommandIndex(argv: string[], i: number): number | null {
  let c = false;
  for (let j = i + 1; j < argv.length; j++) {
    const a = argv[j]!;
    if (a === '--command' || a === '-C' || a === '--init-command') return j + 1 < argv.length ? j + 1 : null;
    if (a.startsWith('--command=')) {
      argv.splice(j, 1, '--command', a.slice('--command='.length));
      return j + 1;
    }
    if (a === '--' || a === '-') return c && j + 1 < argv.length ? j + 1 : null;
    if (['-o', '+o', '-O', '+O', '--rcfile', '--init-file'].includes(a)) {
      j++;
      continue;
    }
    if (/^[-+]/.test(a)) {
      if (a[0] === '-' && !a.startsWith('--') && a.includes('c')) c = true;
      continue;
    }
    return c ? j : null;
  }
  return null;
}

export function sshCommandIndex(argv: string[], i: number): { host: number | null; command: number | null } {
  let host: number | null = null;
  for (let j = i + 1; j < argv.length; j++) {
    const a = argv[j]!;
    if (a === '--') {
      if (host === null) {
        host = j + 1 < argv.length ? j + 1 : null;
        j++;
        continue;
      }
      return { host, command: j + 1 < argv.length ? j + 1 : null };
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        if (SSH_OPTS_WITH_ARG.includes(a[k]!)) {
          if (k === a.length - 1) j++;
          break;
        }
      }
      continue;
    }
    if (host === null) host = j;
    else return { host, command: j };
  }
  return { host, command: null };
}

/** The first program of any simple command in `code` that would read its arguments as code again. */
export function nestedCommand(code: string): string | null {
  for (const part of code.split(/;|&&?|\|\|?|\n|\$\(|`|\(|\)/)) {
    for (const raw of part.trim().split(/\s+/)) {
      const word = raw.replace(/["']/g, '');
      if (!word || /^\w+=/.test(word) || word.startsWith('-') || /^\d+\w*$/.test(word)) continue;
      const prog = programName(word);
      if (WRAPPERS.has(prog)) continue;
      if (NESTED.has(prog)) return prog;
      break;
    }
  }
  return null;
}
