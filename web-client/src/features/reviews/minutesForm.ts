import { z } from 'zod';
import { dateInput, message } from '@/lib/forms/schema';
import type { ReviewMinutes, ReviewMinutesInput } from './api/minutes';

// The minutes form's schema. It refuses only what cannot be minutes (an attendee without a name or agency, an
// empty decision, a date that is not one); the API's own bounds come back as field errors under the inputs.

const filled = z.string().refine((value) => value.trim() !== '', message('required'));

const attendee = z.object({
  name: filled,
  title: z.string(),
  agencyCode: z.string().refine((value) => value !== '', message('choose')),
  unitCode: z.string(),
  // Kept as loaded: the person of the register this attendee is, when the minutes name one.
  personKey: z.string(),
});

export const minutesFormSchema = z.object({
  heldOn: z.union([z.literal(''), dateInput()]),
  place: z.string(),
  chairedBy: z.string(),
  attendees: z.array(attendee),
  // Objects rather than strings: react-hook-form's field arrays key rows by object.
  decisions: z.array(z.object({ text: filled })),
  notes: z.string(),
});
export type MinutesFormValues = z.input<typeof minutesFormSchema>;
export type AttendeeValues = MinutesFormValues['attendees'][number];

export const emptyAttendee = (agencyCode = ''): AttendeeValues => ({ name: '', title: '', agencyCode, unitCode: '', personKey: '' });

/** The names the API gives the form's inputs in a 400's `errors`, for the rows the form holds. */
export function minutesFormFields(attendees: number, decisions: number): string[] {
  return [
    'heldOn',
    'place',
    'chairedBy',
    'attendees',
    ...Array.from({ length: attendees }, (_, i) => ['name', 'title', 'agencyCode', 'unitCode'].map((f) => `attendees[${i}].${f}`)).flat(),
    'decisions',
    ...Array.from({ length: decisions }, (_, i) => `decisions[${i}]`),
    'notes',
  ];
}

const text = (value: string | null | undefined) => value ?? '';
const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

export function minutesToForm(minutes: ReviewMinutes): MinutesFormValues {
  return {
    heldOn: text(minutes.heldOn),
    place: text(minutes.place),
    chairedBy: text(minutes.chairedBy),
    attendees: minutes.attendees.map((a) => ({
      name: a.name,
      title: text(a.title),
      agencyCode: a.agencyCode,
      unitCode: text(a.unitCode),
      personKey: text(a.personKey),
    })),
    decisions: minutes.decisions.map((d) => ({ text: d })),
    notes: text(minutes.notes),
  };
}

export function formToMinutes(values: MinutesFormValues): ReviewMinutesInput {
  return {
    heldOn: values.heldOn === '' ? null : values.heldOn,
    place: orNull(values.place),
    chairedBy: orNull(values.chairedBy),
    attendees: values.attendees.map((a) => ({
      name: a.name.trim(),
      title: orNull(a.title),
      agencyCode: a.agencyCode,
      unitCode: orNull(a.unitCode),
      personKey: orNull(a.personKey),
    })),
    decisions: values.decisions.map((d) => d.text.trim()),
    notes: orNull(values.notes),
  };
}
