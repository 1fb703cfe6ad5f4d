// Which screen is up and which dialog is open: plain app state, no router.
import type { DetailTab } from '../detail/RunDetail';

export type View =
  | { kind: 'table' }
  | { kind: 'detail'; runId: string; tab?: DetailTab }
  | ({ kind: 'compare'; runIds: string[] } & ComparePick)
  | { kind: 'trash' }
  | { kind: 'charts' }
  | { kind: 'lineage' };

/** Compare's mode and what its chart plots; the address keeps them (state/urlState.ts). */
export interface ComparePick {
  /** On the results chart across the runs, not the values side by side. */
  chart?: boolean;
  /** The results file and column the user picked; absent: the ones the backend picks. */
  file?: string;
  column?: string;
}

export type Dialog =
  | { kind: 'resume'; runId: string; checkpoint?: string }
  | { kind: 'prune'; selection: string[] }
  | { kind: 'edit'; runId: string }
  /** Tags of several runs at once; `add`/`remove` prefill it (Pin N runs: add keep). */
  | { kind: 'tags'; runIds: string[]; add?: string[]; remove?: string[] }
  | null;

/** The folder of a run, written with the directory's own separator. */
export function runPath(dir: string | null, id: string): string {
  if (!dir) return id;
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return `${dir.replace(/[\\/]+$/, '')}${sep}${id}`;
}
