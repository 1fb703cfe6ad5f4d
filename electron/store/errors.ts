// Expected failures carry a message meant for the user; the CLI prints it on one
// line and the API sends it as a typed error value. Anything else is a bug.
export type StoreErrorCode = 'not-found' | 'invalid' | 'conflict' | 'unreadable' | 'io' | 'refused';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

const WHY: Record<string, string> = {
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
  EISDIR: 'it is a folder, not a file',
  ENOTEMPTY: 'the folder is not empty',
  EBUSY: 'it is in use',
  ELOOP: 'it is a link that leads back to itself',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open on this machine',
  EIO: 'the disk reported an input/output error',
  ESTALE: 'the network filesystem says the file handle is stale',
  ETIMEDOUT: 'the filesystem did not answer in time',
  EXDEV: 'it is on another filesystem',
};

/** The words for an errno code, or null when there are none. */
export function errnoWords(code: string | undefined): string | null {
  return (code && WHY[code]) || null;
}

/** Turns a filesystem error into a StoreError that names the file and says what went wrong in words. */
export function ioError(action: string, file: string, e: unknown): StoreError {
  const err = e as NodeJS.ErrnoException;
  const reason = errnoWords(err?.code) || err?.message || String(e);
  return new StoreError('io', `cannot ${action} ${file}: ${reason}`, file);
}

/**
 * A Node system error that no command turned into words ("EISDIR: illegal operation on
 * a directory, read"), said plainly with the path it names; null for any other error.
 */
export function plainSystemError(e: unknown): string | null {
  const err = e as (NodeJS.ErrnoException & { dest?: string }) | null;
  if (!err || typeof err.code !== 'string' || !/^E[A-Z]+$/.test(err.code) || typeof err.syscall !== 'string')
    return null;
  const what = err.path ? ` ${err.path}${err.dest ? ` to ${err.dest}` : ''}` : '';
  const verb: Record<string, string> = {
    open: 'open',
    read: 'read',
    write: 'write',
    scandir: 'read the folder',
    mkdir: 'create the folder',
    rename: 'rename',
    unlink: 'remove',
    rmdir: 'remove the folder',
    stat: 'look at',
    lstat: 'look at',
    copyfile: 'copy',
    symlink: 'create the link',
    readlink: 'read the link',
    chmod: 'change permissions of',
    utime: 'set the time of',
  };
  return `cannot ${verb[err.syscall] ?? err.syscall}${what}: ${errnoWords(err.code) ?? err.message.replace(/^E[A-Z]+: /, '').replace(/, \w+(?: '.*')?$/, '')}`;
}
