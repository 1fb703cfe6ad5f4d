import { useId, type ReactNode } from 'react';

export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

/**
 * A labelled control whose hint and error are described-by, not part of the label, so
 * the accessible name stays just the label ("Keep newest", "Checkpoint").
 */
export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: ReactNode;
  error?: ReactNode;
  children(props: FieldControlProps): ReactNode;
}) {
  const id = useId();
  const noteId = `${id}-note`;
  const note = error || hint;
  return (
    <div className="ry-field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(note ? { 'aria-describedby': noteId } : {}),
        ...(error ? { 'aria-invalid': true as const } : {}),
      })}
      {error ? (
        <span id={noteId} className="ry-error" role="alert">
          {error}
        </span>
      ) : hint ? (
        <span id={noteId} className="ry-hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}
