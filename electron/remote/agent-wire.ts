// What the workstation accepts from an agent. The other end of ssh is only as trustworthy
// as the machine it runs on: a foreign program, a compromised account or a login script can
// put any bytes on stdout. Each line is checked for the shape that agent-client.ts and the
// backend go on to rely on (ids, results, the fields of runs and deltas they read), so a
// bad one is dropped and reported instead of cast, and cannot throw in the backend later.
import { eventNames } from '../../shared/api/contract';
import type { ApiErrorCode, ApiResult } from '../../shared/api/result';
import { printable } from '../cli/output';

/** Far above any snapshot Runyard sends, and below V8's longest string, so one line cannot exhaust memory. */
export const MAX_LINE_CHARS = 256 * 1024 * 1024;

export type AgentMessage =
  { type: 'response'; id: number; result: ApiResult<unknown> } | { type: 'event'; event: string; payload: unknown };

/** Why a line was refused; `id` when it answered a request, which then fails rather than waits forever. */
export interface BadLine {
  bad: string;
  id?: number;
}

const ERROR_CODES: Record<ApiErrorCode, true> = {
  invalid: true,
  'not-found': true,
  conflict: true,
  refused: true,
  'read-only': true,
  unreadable: true,
  io: true,
  unsupported: true,
  unauthorised: true,
  internal: true,
};

const EVENTS: ReadonlySet<string> = new Set(eventNames);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const listOf = (v: unknown, each: (x: unknown) => boolean): boolean => Array.isArray(v) && v.every(each);
const isNum = (v: unknown): v is number => typeof v === 'number';
/** Absent, null, or of its type: what the table shows must not be an object React refuses to render. */
const maybe = (v: unknown, is: (x: unknown) => boolean) => v === undefined || v === null || is(v);
const TEXT_FIELDS = ['created_at', 'started_at', 'completed_at', 'parent_run_id', 'user', 'hostname', 'git_commit'];
const NUMBER_FIELDS = ['created_ms', 'started_ms', 'completed_ms', 'mtime_ms'];
/** The fields of a run that the backend and the table read without looking. */
const isRun = (v: unknown): boolean =>
  isObj(v) &&
  isStr(v.run_id) &&
  isStr(v.status) &&
  isStr(v.description) &&
  listOf(v.tags, isStr) &&
  TEXT_FIELDS.every((k) => maybe(v[k], isStr)) &&
  NUMBER_FIELDS.every((k) => maybe(v[k], isNum)) &&
  maybe(v.checkpoints, Array.isArray) &&
  maybe(v.problems, Array.isArray) &&
  maybe(v.extra, isObj) &&
  maybe(v.note, isStr);

function show(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function resultProblem(r: unknown): string | null {
  if (!isObj(r)) return `its result is ${show(r)}`;
  if (r.ok === true) return 'value' in r ? null : 'its result has no value';
  if (r.ok !== false) return 'its result is neither ok nor failed';
  const e = r.error;
  if (!isObj(e) || !isStr(e.code) || !Object.hasOwn(ERROR_CODES, e.code) || !isStr(e.message))
    return 'its error has no known code and message';
  return e.file === undefined || isStr(e.file) ? null : 'its error names a file that is not text';
}

/** Why `v` is not a DirSnapshot the backend can hold, or null. */
export function snapshotProblem(v: unknown): string | null {
  if (!isObj(v)) return `it is ${show(v)}, not a runs folder snapshot`;
  if (!isStr(v.dir)) return 'it names no folder';
  if (!listOf(v.runs, isRun)) return 'its runs are not a list of runs';
  if (!Array.isArray(v.entries) || !Array.isArray(v.problems)) return 'its entries or problems are not lists';
  if (typeof v.scanning !== 'boolean' || (v.watchMode !== 'native' && v.watchMode !== 'poll'))
    return 'it does not say how the folder is watched';
  return null;
}

/** The events the backend reads fields of, and what those fields must be. */
const PAYLOAD: Record<string, (p: Obj) => boolean> = {
  'runs.delta': (p) =>
    listOf(p.added, isRun) && listOf(p.changed, isRun) && listOf(p.removed, isStr) && Array.isArray(p.problems),
  'log.data': (p) => isStr(p.subscription) && isNum(p.offset) && isStr(p.text) && typeof p.truncated === 'boolean',
  'run.fileEvent': (p) =>
    isStr(p.subscription) && isStr(p.run_id) && isStr(p.path) && ['add', 'change', 'unlink'].includes(p.kind as string),
  'run.finished': (p) => isStr(p.run_id) && isStr(p.status) && isStr(p.description),
  'runs.progress': (p) => isNum(p.scanned) && isNum(p.total) && typeof p.done === 'boolean',
  'prune.progress': (p) => isStr(p.operation) && isNum(p.done) && isNum(p.total) && maybe(p.run_id, isStr),
  'runs.editProgress': (p) => isStr(p.operation) && isNum(p.done) && isNum(p.total),
  'dir.opened': (p) => snapshotProblem(p) === null,
};

/** One line from the agent's stdout, checked; never throws. */
export function readAgentLine(line: string): AgentMessage | BadLine {
  let msg: unknown;
  try {
    msg = JSON.parse(line);
  } catch {
    return { bad: `a line that is not JSON: ${printable(line.length > 60 ? `${line.slice(0, 60)}…` : line)}` };
  }
  if (!isObj(msg)) return { bad: `a message that is ${show(msg)}` };
  if (msg.type === 'response') {
    if (!Number.isSafeInteger(msg.id) || (msg.id as number) < 1) return { bad: 'an answer without a request id' };
    const id = msg.id as number;
    const why = resultProblem(msg.result);
    return why
      ? { bad: `an answer to request ${id} that is not a result: ${why}`, id }
      : { type: 'response', id, result: msg.result as ApiResult<unknown> };
  }
  if (msg.type === 'event') {
    const event = msg.event;
    if (!isStr(event) || !EVENTS.has(event)) return { bad: `an event Runyard does not know (${show(event)})` };
    const p = msg.payload;
    const check = PAYLOAD[event];
    if (!(check ? isObj(p) && check(p) : isObj(p) || Array.isArray(p)))
      return { bad: `a ${event} event whose payload is not one` };
    return { type: 'event', event, payload: p };
  }
  return { bad: `a message of type ${isStr(msg.type) ? msg.type : show(msg.type)}` };
}

/**
 * Splits stdout into lines, scanning each chunk once (a long line no longer costs a rescan per
 * chunk), and refuses a line longer than `max` before it is held whole.
 */
export class LineReader {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly max = MAX_LINE_CHARS) {}

  /** The lines completed by `chunk`, or null once a line is longer than the limit. */
  push(chunk: string): string[] | null {
    const lines: string[] = [];
    let start = 0;
    let nl: number;
    while ((nl = chunk.indexOf('\n', start)) >= 0) {
      if (this.size + nl - start > this.max) return null;
      this.parts.push(chunk.slice(start, nl));
      lines.push(this.parts.join(''));
      this.parts = [];
      this.size = 0;
      start = nl + 1;
    }
    if (start < chunk.length) {
      this.parts.push(chunk.slice(start));
      this.size += chunk.length - start;
    }
    return this.size > this.max ? null : lines;
  }
}
