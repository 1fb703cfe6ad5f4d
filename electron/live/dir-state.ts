// Directory-level state of the live index: the run index (only used as hints for
// unreadable runs, and for its own problems), the `current` link, names that cannot be
// runs, and trouble with watching itself. The index is rewritten in place by every
// simulation after every change, so a bad read is retried before it becomes a problem.
import fs from 'node:fs';
import path from 'node:path';
import { sameProblem } from '../../shared/run-delta';
import { runIdProblem } from '../../shared/run-id';
import type { IndexEntry, Problem } from '../../shared/types';
import { INDEX_FILE } from '../store/paths';
import { describeCurrent } from '../store/base-entries';
import { readIndex } from '../store/index-read';
import { fileVersion, RetryBook } from './retry-book';

export type ProblemKey = 'index' | 'current' | 'base' | 'watch' | `name:${string}`;

export class DirState {
  private hints = new Map<string, IndexEntry>();
  private readonly problemsByKey = new Map<ProblemKey, Problem>();
  private readonly retries: RetryBook;

  /** `report` receives problems that were not there before. */
  constructor(
    private readonly base: string,
    boundMs: number,
    private readonly report: (p: Problem) => void,
  ) {
    this.retries = new RetryBook(boundMs, () => this.readIndex());
  }

  hint(id: string): IndexEntry | undefined {
    return this.hints.get(id);
  }

  problems(): Problem[] {
    return [...this.problemsByKey.values()];
  }

  set(key: ProblemKey, p: Problem | null): void {
    const before = this.problemsByKey.get(key);
    if (!p) {
      this.problemsByKey.delete(key);
      return;
    }
    this.problemsByKey.set(key, p);
    if (!before || !sameProblem(before, p)) this.report(p);
  }

  readIndex(): void {
    const r = readIndex(this.base);
    const exists = r.index !== null || fs.existsSync(path.join(this.base, INDEX_FILE));
    if (
      !r.index &&
      exists &&
      this.retries.failed(INDEX_FILE, fileVersion(path.join(this.base, INDEX_FILE))) === 'retry'
    )
      return;
    this.retries.settled(INDEX_FILE);
    if (r.index) this.hints = new Map(r.index.runs.map((e) => [e.run_id, e]));
    this.set('index', r.problem);
  }

  readCurrent(): void {
    let isLink = true;
    try {
      fs.lstatSync(path.join(this.base, 'current'));
    } catch {
      isLink = false;
    }
    // A missing link is normal (a new directory, or a filesystem without symlinks).
    this.set('current', isLink ? describeCurrent(this.base).problem : null);
  }

  /** Records whether an entry name of the base folder is one that cannot be a run. */
  noteName(name: string, present: boolean): void {
    const bad = present && !name.startsWith('.') && name !== 'current' ? runIdProblem(name) : null;
    this.set(`name:${name}`, bad ? { file: name, message: `not read as a run: ${bad}` } : null);
  }

  /** After a full listing: names no longer present lose their problems. */
  keepNames(present: Set<string>): void {
    for (const key of [...this.problemsByKey.keys()]) {
      if (key.startsWith('name:') && !present.has(key.slice(5))) this.problemsByKey.delete(key);
    }
  }

  close(): void {
    this.retries.clear();
  }
}
