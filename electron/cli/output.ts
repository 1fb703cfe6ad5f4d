// Plain-text rendering for the terminal: aligned columns, lineage trees, sizes.
import type { LineageNode } from '../../shared/lineage';

/** Width in code points; `[...s]` only when there is a surrogate pair, which keeps 100k-row tables quick. */
const width = (s: string) => (/[\uD800-\uDFFF]/.test(s) ? [...s].length : s.length);

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_G = /[\u0000-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LAYOUT_G = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * One value from a runs folder (a name, a description) made safe for a terminal: its
 * control characters are shown escaped, so a newline cannot forge an output line and
 * an escape sequence in a colleague's description cannot drive the user's terminal.
 */
export function printable(s: string): string {
  return CONTROL.test(s) ? s.replace(CONTROL_G, escaped) : s;
}

/** Whole output: the same, except the newlines and tabs of its own layout. */
export function terminalSafe(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROL_BUT_LAYOUT_G, escaped) : text;
}

export function table(headers: string[], rows: string[][]): string {
  rows = rows.map((r) => r.map(printable));
  const widths = headers.map((h) => h.length);
  for (const r of rows) for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i]!, width(r[i] ?? ''));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c))))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** Box-drawing tree; `label` renders one node. */
export function drawTree(nodes: LineageNode[], label: (id: string) => string): string {
  const out: string[] = [];
  const walk = (n: LineageNode, prefix: string, last: boolean, top: boolean) => {
    out.push(top ? printable(label(n.run_id)) : `${prefix}${last ? '└── ' : '├── '}${printable(label(n.run_id))}`);
    const next = top ? '' : prefix + (last ? '    ' : '│   ');
    n.children.forEach((c, i) => walk(c, next, i === n.children.length - 1, false));
  };
  nodes.forEach((n) => walk(n, '', true, true));
  return out.join('\n');
}
