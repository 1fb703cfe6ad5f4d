import type { ApiError } from '../../../shared/api/result';
import './kit.css';

/** The backend's sentence for the user, as is: it names the run or file and what is wrong. */
export function ErrorNote({ error }: { error: ApiError | string | null | undefined }) {
  if (!error) return null;
  return (
    <p className="ry-error" role="alert">
      {typeof error === 'string' ? error : error.message}
    </p>
  );
}
