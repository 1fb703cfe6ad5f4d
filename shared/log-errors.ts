// Which log lines are errors, for highlighting them in the log view and for showing a
// failed run's last ones on its Overview. Case-aware on purpose: `ERROR`, `Error`
// (ValueError: ...), `Traceback`, `Exception`, `FATAL`, `CRITICAL` mark an error line;
// a lower-case "error" (error_rate=0.1, "0 errors") does not.

const ERROR_WORD = /ERROR|Error\b|Traceback|Exception\b|FATAL|CRITICAL/;

export function isErrorLine(line: string): boolean {
  return ERROR_WORD.test(line);
}

/** [start, end) of each error line in `text`, in order; `end` excludes the newline. */
export function errorLineRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (isErrorLine(text.slice(start, end))) out.push([start, end]);
    start = end + 1;
  }
  return out;
}

/**
 * The last `max` error lines of a log's tail. A Python traceback is taken whole: the
 * indented frames after `Traceback` and the exception line that ends it.
 */
export function lastErrorLines(text: string, max = 12): string[] {
  const lines = text.split(/\r?\n/);
  const picked: string[] = [];
  let inTraceback = false;
  for (const line of lines) {
    if (/^Traceback \(most recent call last\)/.test(line.trim())) inTraceback = true;
    else if (inTraceback && !/^\s/.test(line)) {
      // The exception line ends the traceback and is kept with it.
      picked.push(line);
      inTraceback = false;
      continue;
    }
    if (inTraceback || isErrorLine(line)) picked.push(line);
  }
  return picked.filter((l) => l.trim() !== '').slice(-max);
}
