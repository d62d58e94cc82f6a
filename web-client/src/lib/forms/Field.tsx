import { useId, type ReactNode } from 'react';

export interface FieldControlProps {
  id: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
}

/** A labelled input with its hint and the server's messages for it, tied together for screen readers. */
export function Field({
  label,
  errors,
  hint,
  className,
  children,
}: {
  label: ReactNode;
  errors?: readonly string[] | undefined;
  hint?: ReactNode;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${errorId ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': errorId ? true : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {errorId && (
        <p className="field__error" id={errorId}>
          {errors!.join(' ')}
        </p>
      )}
    </div>
  );
}

/** Messages for a group of inputs (checkboxes, a list of rows) that has no single control to attach them to. */
export function FieldMessages({ errors, id }: { errors?: readonly string[] | undefined; id?: string }) {
  if (!errors?.length) return null;
  return (
    <p className="field__error" id={id}>
      {errors.join(' ')}
    </p>
  );
}

/** A field error summary for messages no input took. */
export function UnplacedErrors({ errors }: { errors: Record<string, string[]> }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <ul className="field-summary" role="alert">
      {entries.map(([key, messages]) => (
        <li key={key}>
          <code>{key}</code>: {messages.join(' ')}
        </li>
      ))}
    </ul>
  );
}
