// Failures that belong to the API rather than the store (unsupported on this transport,
// refused by read-only mode). The dispatcher turns both kinds into ApiResult errors.
import type { ApiErrorCode } from '../../shared/api/result';

export class ApiFailure extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}
