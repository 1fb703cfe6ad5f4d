// Expected failures carry a message meant for the user; the CLI prints it on one
// line and the API sends it as a typed error value. Anything else is a bug.
export type StoreErrorCode = 'not-found' | 'invalid' | 'conflict' | 'unreadable' | 'io' | 'refused';

export class StoreError extends Error {
  constructor(readonly code: StoreErrorCode, message: string, readonly file?: string) {
    super(message);
    this.name = 'StoreError';
  }
}

/** Turns a filesystem error into a StoreError that names the file and says what went wrong in words. */
export function ioError(action: string, file: string, e: unknown): StoreError {
  const err = e as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is exceeded',
    EROFS: 'the filesystem is read-only',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'it does not exist',
    EEXIST: 'it already exists',
    ENOTDIR: 'a part of the path is not a folder',
    EFBIG: 'the file is larger than this process may write (the file size limit)',
    ENAMETOOLONG: 'the name is too long for the filesystem',
  };
  const reason = (err?.code && why[err.code]) || err?.message || String(e);
  return new StoreError('io', `cannot ${action} ${file}: ${reason}`, file);
}
