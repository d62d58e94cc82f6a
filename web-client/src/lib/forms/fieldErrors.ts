import { ApiError } from '@/lib/api/problem';

export type FieldErrors = Record<string, string[]>;

/** The field errors of a 400 problem (`errors`), or none. */
export function problemFieldErrors(error: unknown): FieldErrors {
  return error instanceof ApiError ? (error.problem.errors ?? {}) : {};
}

/** `citations[0].aknId` → [`citations[0].aknId`, `citations[0]`, `citations`]: from the most to the least specific. */
function candidates(key: string): string[] {
  const found = [key];
  let rest = key;
  for (;;) {
    const next = rest.replace(/(\[\d+\]|\.[^.[\]]+)$/, '');
    if (next === rest || next === '') return found;
    found.push(next);
    rest = next;
  }
}

/**
 * Places the API's field errors on the form's inputs. A key names an input exactly (`citations[0].aknId`), or
 * falls back to the nearest enclosing one the form has (`counterpartUnitCodes[1]` → `counterpartUnitCodes`),
 * ignoring case (`TitleVi` → `titleVi`). What no input takes is returned as `unplaced`, to show above the form.
 */
export function placeFieldErrors(errors: FieldErrors, fields: readonly string[]): { byField: FieldErrors; unplaced: FieldErrors } {
  const byLower = new Map(fields.map((field) => [field.toLowerCase(), field]));
  const byField: FieldErrors = {};
  const unplaced: FieldErrors = {};
  for (const [key, messages] of Object.entries(errors)) {
    const field = candidates(key)
      .map((c) => byLower.get(c.toLowerCase()))
      .find((f) => f !== undefined);
    if (field) byField[field] = [...(byField[field] ?? []), ...messages];
    else unplaced[key] = messages;
  }
  return { byField, unplaced };
}

/** A fresh key for one submission of a create form: a retry of the same submission sends the same key. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = Array.from({ length: 16 }, () => Math.floor(Math.random() * 256));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `citations[0].aknId` (the API's name) → `citations.0.aknId` (react-hook-form's). */
const formPath = (name: string) => name.replace(/\[(\d+)\]/g, '.$1');

interface SchemaError {
  message?: string | undefined;
  root?: { message?: string | undefined } | undefined;
}

/**
 * The messages to show under each input of a react-hook-form form: the schema's message when the value was
 * refused before sending, otherwise the server's (placed as {@link placeFieldErrors} places them).
 */
export function formFieldErrors(schemaErrors: object, serverErrors: FieldErrors, fields: readonly string[]) {
  const { byField, unplaced } = placeFieldErrors(serverErrors, fields);
  const errorsFor = (name: string): string[] | undefined => {
    const found = formPath(name)
      .split('.')
      .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), schemaErrors) as SchemaError | undefined;
    const own = found?.message ?? found?.root?.message;
    return own ? [own] : byField[name];
  };
  return { errorsFor, unplaced };
}
