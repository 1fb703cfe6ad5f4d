// Errors cross the IPC and WebSocket boundaries as values, never as thrown strings,
// so the UI can always show the user's message and act on the code.
export type ApiErrorCode =
  | 'invalid'
  | 'not-found'
  | 'conflict'
  | 'refused'
  | 'read-only'
  | 'unreadable'
  | 'io'
  | 'unsupported'
  | 'unauthorised'
  | 'internal';

export interface ApiError {
  code: ApiErrorCode;
  /** A sentence for the user that names the run or file and what is wrong. */
  message: string;
  file?: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });
export const fail = (code: ApiErrorCode, message: string, file?: string): ApiResult<never> => ({
  ok: false,
  error: { code, message, ...(file ? { file } : {}) },
});
