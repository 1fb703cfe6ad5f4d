// The one door into the backend, shared by IPC and the WebSocket: look the request up
// in the contract, validate its params with the contract's zod schema, refuse mutations
// in read-only mode, run the handler, and turn every failure into an ApiResult. Nothing
// thrown here reaches the transport, so no request can crash the server or the app.
import type { z } from 'zod';
import {
  contract,
  type ApiEvents,
  type EventName,
  type ParsedParams,
  type RequestName,
  type Result,
} from '../../shared/api/contract';
import type { DirSnapshot, FolderInfo } from '../../shared/api/models';
import { fail, ok, type ApiResult } from '../../shared/api/result';
import { InvalidRunIdError } from '../../shared/run-id';
import { StoreError } from '../store/errors';
import { ApiFailure } from './errors';
import type { OpenDir } from './open-dir';
import type { Session } from './session';
import type { SettingsStore } from './settings-store';
import type { SshQuestions } from './ssh-questions';

/** What only the desktop can do; absent under `serve`. */
export interface Platform {
  pickFolder?: () => Promise<string | null>;
  /** Opens a file or folder with the OS, or shows it in the file manager. */
  openPath?: (fullPath: string, reveal: boolean) => Promise<void>;
}

/**
 * The part of the Backend (backend.ts) that handlers use. Declared here, below both,
 * so that handlers never import the Backend that imports them.
 */
export interface HandlerBackend {
  readonly transport: 'ipc' | 'websocket';
  readonly readOnly: boolean;
  readonly settings: SettingsStore;
  readonly platform: Platform;
  readonly sshQuestions: SshQuestions;
  readonly dir: string | null;
  broadcast<E extends EventName>(event: E, payload: ApiEvents[E]): void;
  requireDir(): OpenDir;
  openDir(dir: string): Promise<DirSnapshot>;
  closeDir(dir: string): Promise<FolderInfo[]>;
  listDirs(): FolderInfo[];
}

export interface HandlerContext {
  backend: HandlerBackend;
  session: Session;
}

export type Handler<N extends RequestName> = (
  params: ParsedParams<N>,
  ctx: HandlerContext,
) => Promise<Result<N>> | Result<N>;
export type HandlerTable = { [N in RequestName]: Handler<N> };

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'params'}: ${i.message}`)
    .join('; ');
}

/** A name for the message; String() itself throws for some values (a symbol, an object without a usable toString). */
function describeName(name: unknown): string {
  try {
    return JSON.stringify(String(name)).slice(0, 120);
  } catch {
    return `of type ${typeof name}`;
  }
}

export function errorResult(e: unknown, name: string, log?: (line: string) => void): ApiResult<never> {
  if (e instanceof StoreError || e instanceof ApiFailure) return fail(e.code, e.message, e.file);
  if (e instanceof InvalidRunIdError) return fail('invalid', e.message);
  log?.(`runyard: unexpected error in ${name}: ${(e as Error)?.stack ?? String(e)}`);
  return fail(
    'internal',
    `Runyard hit an unexpected error while handling ${name}: ${(e as Error)?.message ?? String(e)}. This is a bug; the details are in the log.`,
  );
}

export async function dispatch(
  table: HandlerTable,
  ctx: HandlerContext,
  name: unknown,
  params: unknown,
  opts: { readOnly: boolean; log?: (line: string) => void },
): Promise<ApiResult<unknown>> {
  if (!isRequestName(name)) return fail('invalid', `unknown request ${describeName(name)}`);
  const spec = contract[name];
  let parsed: ReturnType<typeof spec.params.safeParse>;
  try {
    parsed = spec.params.safeParse(params ?? {});
  } catch (e) {
    // zod itself throws on some objects (a `length` whose valueOf is not a function, found by
    // fuzzing); such params are invalid, and an exception here would end `runyard serve`.
    return fail(
      'invalid',
      `invalid parameters for ${name}: they could not be read (${(e as Error)?.message ?? 'unknown error'})`,
    );
  }
  if (!parsed.success) return fail('invalid', `invalid parameters for ${name}: ${describeIssues(parsed.error)}`);
  if (spec.mutates && opts.readOnly) {
    return fail(
      'read-only',
      `This Runyard was started with --read-only, so "${name}" (which changes files or settings) was refused.`,
    );
  }
  try {
    const handler = table[name] as unknown as (p: unknown, c: HandlerContext) => unknown;
    return ok(await handler(parsed.data, ctx));
  } catch (e) {
    return errorResult(e, name, opts.log);
  }
}
