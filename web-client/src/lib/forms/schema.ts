import i18n from 'i18next';
import { z } from 'zod';
import type vi from '@/config/i18n/vi.json';

// Building blocks of the forms' zod schemas. Each bound is the API's (api/openapi/v1.json; a test compares
// them), so a form refuses what the API would refuse before sending it. Messages are looked up when a value
// is checked, so they follow the language the person chose.

type MessageKey = keyof (typeof vi)['formErrors'];

/** A message under `formErrors`, in the current language. */
export const messageText = (key: MessageKey, values?: Record<string, unknown>) => i18n.t(`formErrors.${key}`, values ?? {});

/** The same, as zod's `error` option: looked up when a value is checked. */
export function message(key: MessageKey, values?: Record<string, unknown>) {
  return { error: () => messageText(key, values) };
}

/** Text the person may leave empty, at most `max` characters. */
export const optionalText = (max: number) => z.string().max(max, message('tooLong', { max }));

/** Text that must hold something besides spaces, at most `max` characters. */
export const requiredText = (max: number) =>
  z
    .string()
    .max(max, message('tooLong', { max }))
    .refine((value) => value.trim() !== '', message('required'));

/** A code chosen from a list the API defines; the empty choice ("— Choose —") is refused. */
export const choice = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, message('choose'));

/** A whole number between `min` and `max`, as the API bounds it. */
export const wholeNumber = (min: number, max: number) =>
  z
    .number(message('outOfRange', { min, max }))
    .int(message('outOfRange', { min, max }))
    .min(min, message('outOfRange', { min, max }))
    .max(max, message('outOfRange', { min, max }));

/** A date input's value (yyyy-mm-dd). */
export const dateInput = () => z.iso.date(message('date'));
