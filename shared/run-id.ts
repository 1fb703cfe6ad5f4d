// Run ids come from users and from folder names that colleagues created; either way
// they are joined onto the runs directory, so anything that could leave it is refused.

export class InvalidRunIdError extends Error {
  constructor(
    readonly runId: string,
    reason: string,
  ) {
    super(`invalid run id ${JSON.stringify(runId)}: ${reason}`);
    this.name = 'InvalidRunIdError';
  }
}

export function runIdProblem(id: string): string | null {
  if (typeof id !== 'string' || id.length === 0) return 'it is empty';
  if (id.length > 255) return 'it is longer than 255 characters';
  if (id.includes('\0')) return 'it contains a NUL byte';
  if (id === '.' || id === '..') return 'it names the directory itself or its parent';
  if (id.includes('/') || id.includes('\\')) return 'it contains a path separator';
  if (/^[A-Za-z]:/.test(id)) return 'it looks like a drive path';
  if (id.startsWith('.')) return 'it starts with a dot, which is reserved for Runyard and the index';
  if (id === 'current') return '"current" is the latest-run link';
  if (id.includes('\uFFFD')) return 'it is not valid UTF-8';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(id)) return 'it contains control characters';
  return null;
}

export function assertRunId(id: string): string {
  const problem = runIdProblem(id);
  if (problem) throw new InvalidRunIdError(id, problem);
  return id;
}
